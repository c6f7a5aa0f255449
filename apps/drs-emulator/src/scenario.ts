import type { SourceServer } from '@aws-sdk/client-drs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { isJsonObject, JsonObject } from './json';
import { DrsModel } from './model';
import { scenarioDirectory } from './paths';
import { validateShape, ViolatedConstraint } from './validation';

export type OsFamily = 'LINUX' | 'WINDOWS';

/** Location of a source server: a data center, or EC2, which ReverseReplication requires. */
export type OriginEnvironment = 'ON_PREMISES' | 'AWS';

export interface LaunchTimingEntry {
  meanSeconds: number;
  /** Relative spread: a launch lasts meanSeconds × (1 + jitter × u) with u uniform in [-1, 1]. */
  jitter: number;
}

export type LaunchTiming = Record<OsFamily, LaunchTimingEntry>;

/** A source server as loaded, with what the launch simulation needs beside the DRS record. */
export interface InventoryServer {
  scenarioName: string;
  server: SourceServer;
  osFamily: OsFamily;
  launchTiming: LaunchTimingEntry;
  originEnvironment: OriginEnvironment;
}

export interface InventoryAccountRegion {
  accountID: string;
  region: string;
  servers: InventoryServer[];
}

/** Everything the loaded scenarios hold, grouped by account and Region. */
export interface Inventory {
  scenarioNames: string[];
  accountRegions: InventoryAccountRegion[];
  /** Values that break a pattern or length limit of the model; loaded anyway (see readServer). */
  warnings: string[];
}

export class ScenarioError extends Error {}

const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
const OS_FAMILIES: OsFamily[] = ['LINUX', 'WINDOWS'];
const SOFT_CONSTRAINTS: ReadonlySet<ViolatedConstraint> = new Set(['pattern', 'length']);

/**
 * Loads scenarios by name (`three-tier-100`, looked up in `<repository>/scenarios/`) or by path,
 * and merges their accounts. Two scenarios may share an account and Region; a source server id
 * that appears twice in one account and Region is an error.
 */
export function loadInventory(namesOrPaths: string[], repositoryRoot: string, model: DrsModel): Inventory {
  if (namesOrPaths.length === 0) {
    throw new ScenarioError('no scenario given: name at least one scenario to load');
  }

  return extendInventory(
    { scenarioNames: [], accountRegions: [], warnings: [] },
    namesOrPaths,
    repositoryRoot,
    model,
  );
}

/**
 * Returns a new inventory with the servers of more scenarios added to `base`, which is left
 * unchanged. The same duplicate rule as in loadInventory applies across both.
 */
export function extendInventory(
  base: Inventory,
  namesOrPaths: string[],
  repositoryRoot: string,
  model: DrsModel,
): Inventory {
  const byKey = new Map<string, InventoryAccountRegion>();
  for (const accountRegion of base.accountRegions) {
    byKey.set(`${accountRegion.accountID}/${accountRegion.region}`, {
      ...accountRegion,
      servers: [...accountRegion.servers],
    });
  }
  const scenarioNames = [...base.scenarioNames];
  const warnings = [...base.warnings];

  for (const nameOrPath of namesOrPaths) {
    const path = resolveScenarioPath(nameOrPath, repositoryRoot);
    const scenario = readScenarioFile(path, model, warnings);
    scenarioNames.push(scenario.name);

    for (const account of scenario.accounts) {
      const key = `${account.accountID}/${account.region}`;
      let target = byKey.get(key);
      if (!target) {
        target = { accountID: account.accountID, region: account.region, servers: [] };
        byKey.set(key, target);
      }

      const knownIds = new Set(target.servers.map((entry) => entry.server.sourceServerID));
      for (const server of account.sourceServers) {
        if (knownIds.has(server.sourceServerID)) {
          throw new ScenarioError(
            `${path}: source server ${server.sourceServerID} already exists in ${key}; ` +
              'was the same scenario given twice?',
          );
        }
        knownIds.add(server.sourceServerID);

        const osFamily = osFamilyOf(server);
        target.servers.push({
          scenarioName: scenario.name,
          server,
          osFamily,
          launchTiming: scenario.launchTiming[osFamily],
          originEnvironment: account.originEnvironment,
        });
      }
    }
  }

  return { scenarioNames, accountRegions: [...byKey.values()], warnings };
}

/** WINDOWS when the operating system's full name mentions Windows, otherwise LINUX. */
export function osFamilyOf(server: SourceServer): OsFamily {
  const fullString = server.sourceProperties?.os?.fullString ?? '';

  return fullString.includes('Windows') ? 'WINDOWS' : 'LINUX';
}

/**
 * Resolves a scenario argument to a file. A name without a path separator or `.json` ending is
 * looked up in the repository's scenarios/ directory.
 */
export function resolveScenarioPath(nameOrPath: string, repositoryRoot: string): string {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json');
  if (looksLikePath) {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
    if (!existsSync(path)) {
      throw new ScenarioError(`scenario file ${path} does not exist`);
    }

    return path;
  }

  const directory = scenarioDirectory(repositoryRoot);
  const path = resolve(directory, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    const available = listScenarioNames(directory);
    throw new ScenarioError(
      `scenario "${nameOrPath}" not found in ${directory}; available: ${available.join(', ') || 'none'}`,
    );
  }

  return path;
}

function listScenarioNames(directory: string): string[] {
  if (!existsSync(directory)) {
    return [];
  }

  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'))
    .sort();
}

interface ScenarioFile {
  name: string;
  accounts: {
    accountID: string;
    region: string;
    originEnvironment: OriginEnvironment;
    sourceServers: SourceServer[];
  }[];
  launchTiming: LaunchTiming;
}

function readScenarioFile(path: string, model: DrsModel, warnings: string[]): ScenarioFile {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`cannot read scenario ${path}: ${(error as Error).message}`);
  }

  if (!isJsonObject(document)) {
    throw new ScenarioError(`scenario ${path} must be a JSON object`);
  }

  const name =
    typeof document.name === 'string' && document.name !== '' ? document.name : basename(path, '.json');
  const launchTiming = readLaunchTiming(document.launchTiming, path);

  if (!Array.isArray(document.accounts) || document.accounts.length === 0) {
    throw new ScenarioError(`scenario ${path} must have a non-empty "accounts" list`);
  }

  const softViolations: string[] = [];
  const accountList = document.accounts;
  let accounts: ScenarioFile['accounts'];
  try {
    accounts = accountList.map((account, index) =>
      readAccount(account, `accounts[${index}]`, model, softViolations),
    );
  } catch (error) {
    if (error instanceof ScenarioError) {
      throw new ScenarioError(`scenario ${path}: ${error.message}`);
    }
    throw error;
  }
  if (softViolations.length > 0) {
    warnings.push(
      `scenario ${path}: ${softViolations.length} value(s) break a pattern or length limit of the DRS model, ` +
        `served unchanged; first: ${softViolations[0]}`,
    );
  }

  return { name, accounts, launchTiming };
}

function readAccount(
  value: unknown,
  where: string,
  model: DrsModel,
  softViolations: string[],
): ScenarioFile['accounts'][number] {
  if (!isJsonObject(value)) {
    throw new ScenarioError(`${where} must be a JSON object`);
  }

  const { accountID, region, sourceServers, originEnvironment = 'ON_PREMISES' } = value;
  if (typeof accountID !== 'string' || !ACCOUNT_ID_PATTERN.test(accountID)) {
    throw new ScenarioError(`${where}.accountID must be a string of 12 digits`);
  }
  if (typeof region !== 'string' || region === '') {
    throw new ScenarioError(`${where}.region must be a non-empty string such as "us-east-1"`);
  }
  if (!Array.isArray(sourceServers)) {
    throw new ScenarioError(`${where}.sourceServers must be a list`);
  }
  if (originEnvironment !== 'ON_PREMISES' && originEnvironment !== 'AWS') {
    throw new ScenarioError(`${where}.originEnvironment must be "ON_PREMISES" (the default) or "AWS"`);
  }

  const servers = sourceServers.map((server, index) =>
    readServer(server, `${where}.sourceServers[${index}]`, model, softViolations),
  );

  return { accountID, region, originEnvironment, sourceServers: servers };
}

/**
 * Checks a server against the model's SourceServer shape. Wrong types, missing members and unknown
 * enum values are errors, because clients and the emulator itself depend on them. A value that
 * only breaks a pattern or length limit is collected in `softViolations` and served as it is,
 * because real DRS data does not always meet its own model: agent versions such as 4.7.2406.0
 * fail the AgentVersion pattern.
 */
function readServer(value: unknown, where: string, model: DrsModel, softViolations: string[]): SourceServer {
  const violations = validateShape(model, 'SourceServer', value);
  const hard = violations.filter((violation) => !SOFT_CONSTRAINTS.has(violation.constraint));
  if (hard.length > 0) {
    const first = hard[0];
    throw new ScenarioError(
      `${where}.${first.name} ${first.message} (${hard.length} problem(s) in this server)`,
    );
  }
  for (const violation of violations) {
    softViolations.push(`${where}.${violation.name} ${violation.message}`);
  }
  if (!isJsonObject(value) || typeof value.sourceServerID !== 'string') {
    throw new ScenarioError(`${where}.sourceServerID is required`);
  }

  return value as JsonObject as SourceServer;
}

function readLaunchTiming(value: unknown, path: string): LaunchTiming {
  if (!isJsonObject(value)) {
    throw new ScenarioError(`scenario ${path} must have "launchTiming" with LINUX and WINDOWS entries`);
  }

  const timing = {} as LaunchTiming;
  for (const family of OS_FAMILIES) {
    const entry = value[family];
    const where = `scenario ${path}: launchTiming.${family}`;
    if (!isJsonObject(entry)) {
      throw new ScenarioError(`${where} is missing`);
    }
    const { meanSeconds, jitter } = entry;
    if (typeof meanSeconds !== 'number' || !Number.isFinite(meanSeconds) || meanSeconds <= 0) {
      throw new ScenarioError(`${where}.meanSeconds must be a positive number of seconds`);
    }
    if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
      throw new ScenarioError(`${where}.jitter must be a number from 0 to 1`);
    }
    timing[family] = { meanSeconds, jitter };
  }

  return timing;
}
