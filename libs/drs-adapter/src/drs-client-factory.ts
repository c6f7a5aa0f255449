import { DrsClient } from '@aws-sdk/client-drs';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { AppConfig, DrsTarget } from '@drs/config';

export interface DrsClients {
  /** For reads: the SDK's standard retries (3 attempts) for throttling and 5xx. */
  reader: DrsClient;
  /**
   * For StartRecovery and TerminateRecoveryInstances: no SDK retry. These calls take no
   * idempotency token, so a blind retry after an unknown outcome could start a second job.
   */
  writer: DrsClient;
}

/**
 * The access key the emulator reads the account from: it takes the first run of 12 digits.
 * Real DRS never receives it; against AWS the default chain or an assumed role is used.
 */
export function emulatorAccessKeyId(accountId: string): string {
  return `AKIA${accountId}EMUL`;
}

export function targetKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** Creates DRS clients for one account and Region, as the configuration specifies. */
export function createDrsClients(config: AppConfig['drs'], target: DrsTarget): DrsClients {
  const requestHandler = new NodeHttpHandler({
    connectionTimeout: Math.min(config.callTimeoutMs, 5_000),
    requestTimeout: config.callTimeoutMs,
  });
  let credentials: DrsClient['config']['credentials'] | undefined;
  if (config.endpoint) {
    credentials = async () => ({
      accessKeyId: emulatorAccessKeyId(target.accountId),
      secretAccessKey: 'emulator',
    });
  } else if (target.roleArn) {
    credentials = fromTemporaryCredentials({
      params: { RoleArn: target.roleArn, RoleSessionName: 'drs-orchestrator' },
      clientConfig: { region: target.region },
    });
  }
  const common = { region: target.region, endpoint: config.endpoint, credentials, requestHandler };

  return {
    reader: new DrsClient({ ...common, maxAttempts: 3 }),
    writer: new DrsClient({ ...common, maxAttempts: 1 }),
  };
}
