import type { SourceServer } from '@aws-sdk/client-drs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ScenarioAccount {
  accountID: string;
  region: string;
  originEnvironment?: 'ON_PREMISES' | 'AWS';
  sourceServers: SourceServer[];
}

interface ScenarioDocument {
  name: string;
  description?: string;
  accounts: ScenarioAccount[];
  launchTiming: Record<'LINUX' | 'WINDOWS', { meanSeconds: number; jitter: number }>;
}

/** Account of the servers in three-tier-100. */
export const ACCOUNT_ID = '123456789012';

/** Matches the model's AgentVersion pattern, which the repository's scenarios break (4.7.2406.0). */
const MODEL_VALID_AGENT_VERSION = '4.7.2406';

export function readRepositoryScenario(name: string): ScenarioDocument {
  const path = join(__dirname, '..', '..', '..', 'scenarios', `${name}.json`);

  return JSON.parse(readFileSync(path, 'utf8')) as ScenarioDocument;
}

export function writeScenario(directory: string, scenario: ScenarioDocument): string {
  const path = join(directory, `${scenario.name}.json`);
  writeFileSync(path, JSON.stringify(scenario));

  return path;
}

/** Makes a source server id from two numbers: `s-` and 17 hex digits. */
export function numberedServerID(prefix: number, index: number): string {
  return `s-${prefix.toString(16)}${index.toString(16).padStart(16, '0')}`;
}

/** Copies a server under a new id, account and Region, with a model-valid agent version. */
function copyServer(
  template: SourceServer,
  sourceServerID: string,
  accountID: string,
  region: string,
): SourceServer {
  const server = structuredClone(template);
  server.sourceServerID = sourceServerID;
  server.arn = `arn:aws:drs:${region}:${accountID}:source-server/${sourceServerID}`;
  server.agentVersion = MODEL_VALID_AGENT_VERSION;
  if (server.sourceProperties?.identificationHints) {
    server.sourceProperties.identificationHints.hostname = `host-${sourceServerID.slice(2)}`;
  }

  return server;
}

/**
 * three-tier-100 with model-valid agent versions (account 123456789012, us-east-1, on premises),
 * plus three EC2 servers in us-west-2 that originated in us-east-1, for ReverseReplication.
 */
export function conformanceScenario(): ScenarioDocument {
  const base = readRepositoryScenario('three-tier-100');
  const [account] = base.accounts;
  const onPremises = account.sourceServers.map((server) => ({
    ...structuredClone(server),
    agentVersion: MODEL_VALID_AGENT_VERSION,
  }));
  const inEc2 = account.sourceServers.slice(0, 3).map((server, index) => {
    const copy = copyServer(server, numberedServerID(0xe, index), ACCOUNT_ID, 'us-west-2');
    copy.sourceCloudProperties = {
      originAccountID: ACCOUNT_ID,
      originRegion: 'us-east-1',
      originAvailabilityZone: 'us-east-1a',
    };

    return copy;
  });

  return {
    name: 'conformance',
    accounts: [
      { accountID: ACCOUNT_ID, region: 'us-east-1', sourceServers: onPremises },
      { accountID: ACCOUNT_ID, region: 'us-west-2', originEnvironment: 'AWS', sourceServers: inEc2 },
    ],
    launchTiming: base.launchTiming,
  };
}

/** `count` healthy Linux servers in one account and Region, copied from a three-tier-100 server. */
export function largeScenario(name: string, accountID: string, count: number): ScenarioDocument {
  const base = readRepositoryScenario('three-tier-100');
  const template = base.accounts[0].sourceServers.find(
    (server) => server.dataReplicationInfo?.dataReplicationState === 'CONTINUOUS',
  );
  if (!template) {
    throw new Error('three-tier-100 has no server with CONTINUOUS replication');
  }

  const sourceServers = Array.from({ length: count }, (_, index) =>
    copyServer(template, numberedServerID(0xa, index), accountID, 'us-east-1'),
  );

  return {
    name,
    accounts: [{ accountID, region: 'us-east-1', sourceServers }],
    launchTiming: base.launchTiming,
  };
}
