import { AccessRules, noAccessRules, parseAccessRules } from './access';
import { Clock, ManualClock, SystemClock } from './clock';
import { ControlApi } from './control-api';
import { FaultPatch, FaultReport, FaultSettingsError, noFaults, parseFaultPatch } from './faults';
import { EmulatorLogger, silentLogger } from './logger';
import { loadDrsModel } from './model';
import { findRepositoryRoot, serviceModelPath } from './paths';
import { loadInventory } from './scenario';
import { EmulatorHttpServer } from './server';
import { DrsService, ScenarioLoadMode } from './service';
import {
  DEFAULT_JOB_START_DELAY_SECONDS,
  DEFAULT_QUOTAS,
  DEFAULT_TERMINATION_JITTER,
  DEFAULT_TERMINATION_MEAN_SECONDS,
  DrsQuotas,
  parseQuotaPatch,
  SettingsError,
} from './settings';
import { EmulatorStats } from './stats';
import {
  DEFAULT_THROTTLING,
  mergeThrottling,
  parseThrottlingPatch,
  ThrottlingPatch,
  ThrottlingSettings,
} from './throttling';

export type { AccessDenial, AccessRules } from './access';
export type { Clock } from './clock';
export { ManualClock, SystemClock } from './clock';
export type {
  FaultPatch,
  FaultReport,
  FaultSettings,
  LatencyRange,
  LaunchFailurePhase,
  OperationFaultRates,
  OperationFaults,
  ScriptedLaunchFailure,
} from './faults';
export type { EmulatorLogger } from './logger';
export { consoleLogger, silentLogger } from './logger';
export type { ScenarioLoadMode } from './service';
export type { DrsQuotas } from './settings';
export {
  DEFAULT_QUOTAS,
  QUOTA_CODES,
  SNAPSHOT_INTERVAL_SECONDS,
  SNAPSHOT_RETENTION_SECONDS,
} from './settings';
export { launchConfigurationTemplateIDOf } from './state';
export type {
  EmulatorStats,
  InjectedFaultRecord,
  JobServerStats,
  JobStats,
  StartRecoveryCallRecord,
} from './stats';
export type { ThrottlingPatch, ThrottlingSettings, TokenBucketSettings } from './throttling';
export { DEFAULT_THROTTLING } from './throttling';

export interface DrsEmulatorOptions {
  /** Scenario names (looked up in `<repository>/scenarios/`) or file paths. Default: `['seed-demo-6']`. */
  scenarios?: string[];
  /** TCP port; 0 picks a free one. Default: 4566. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /** Factor applied to every simulated duration. Default: 1. */
  timeScale?: number;
  /** Seed of the ids, launch durations and fault draws. Default: 1. */
  seed?: number;
  /** Serves the control API under `/__emulator/`. Default: false. */
  control?: boolean;
  /** The first N StartRecovery calls return ConflictException. Default: 0. */
  conflictFirstN?: number;
  /** A clock instance, or `real` (default) or `manual` (a ManualClock at 2026-12-01T00:00:00Z). */
  clock?: Clock | 'real' | 'manual';
  /** Faults active from the start; `conflictFirstN` above takes precedence over the same member here. */
  faults?: FaultPatch;
  /** Overrides of the enforced DRS quotas. */
  quotas?: Partial<DrsQuotas>;
  /** Request-rate limits; `{ enabled: false }` turns throttling off. Default: DEFAULT_THROTTLING. */
  throttling?: ThrottlingPatch;
  /** Access keys whose calls return AccessDeniedException. Default: none. */
  access?: AccessRules;
  /** Directory that contains `scenarios/` and `apps/drs-emulator/model/`. Default: found above this file. */
  repositoryRoot?: string;
  /** Default: silent. */
  logger?: EmulatorLogger;
}

export interface DrsEmulator {
  /** Base URL to pass as the SDK's `endpoint`, such as `http://127.0.0.1:4566`. */
  readonly url: string;
  readonly host: string;
  /** The port actually bound, also when 0 was requested. */
  readonly port: number;
  readonly clock: Clock;
  readonly scenarioNames: string[];
  stats(): EmulatorStats;
  /** Returns to the loaded scenarios, as `POST /__emulator/reset` does. */
  reset(): void;
  setFaults(patch: FaultPatch): FaultReport;
  setQuotas(patch: Partial<DrsQuotas>): DrsQuotas;
  setThrottling(patch: ThrottlingPatch): ThrottlingSettings;
  setAccessRules(rules: AccessRules): AccessRules;
  /** Loads scenarios by name or file path; `POST /__emulator/scenario` does the same by name only. */
  loadScenarios(names: string[], mode: ScenarioLoadMode): void;
  /** Stops the server; safe to call more than once. */
  close(): Promise<void>;
}

export class EmulatorOptionsError extends Error {}

/** Loads the model and scenarios, then starts the emulator and resolves once it is listening. */
export async function createDrsEmulator(options: DrsEmulatorOptions = {}): Promise<DrsEmulator> {
  const port = options.port ?? 4566;
  const host = options.host ?? '127.0.0.1';
  const timeScale = options.timeScale ?? 1;
  const seed = options.seed ?? 1;
  const quotas = { ...DEFAULT_QUOTAS, ...options.quotas };
  validateOptions(port, timeScale, seed, quotas);

  const repositoryRoot = options.repositoryRoot ?? findRepositoryRoot(__dirname);
  const model = loadDrsModel(serviceModelPath(repositoryRoot));
  const operationNames = model.operationNames();
  const throttling = readSettingsOption(() => throttlingOf(options.throttling));
  const access = readSettingsOption(() =>
    options.access ? parseAccessRules(options.access, operationNames) : noAccessRules(),
  );

  const faults = { ...noFaults(), ...readFaultOption(options.faults, operationNames) };
  if (options.conflictFirstN !== undefined) {
    faults.conflictFirstN =
      readFaultOption({ conflictFirstN: options.conflictFirstN }, operationNames).conflictFirstN ?? 0;
  }

  const inventory = loadInventory(options.scenarios ?? ['seed-demo-6'], repositoryRoot, model);
  const clock = resolveClock(options.clock);
  const logger = options.logger ?? silentLogger;
  for (const warning of inventory.warnings) {
    logger.warn(warning);
  }

  const service = new DrsService({
    model,
    inventory,
    settings: {
      timeScale,
      quotas,
      jobStartDelaySeconds: DEFAULT_JOB_START_DELAY_SECONDS,
      terminationMeanSeconds: DEFAULT_TERMINATION_MEAN_SECONDS,
      terminationJitter: DEFAULT_TERMINATION_JITTER,
    },
    seed,
    clock,
    faults,
    logger,
    throttling,
    access,
    repositoryRoot,
  });
  const server = new EmulatorHttpServer(
    model,
    service,
    new ControlApi(service, options.control === true),
    logger,
  );
  const address = await server.listen(port, host);
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    clock,
    scenarioNames: inventory.scenarioNames,
    stats: () => service.stats(),
    reset: () => service.reset(),
    setFaults: (patch) => service.updateFaults(readFaultOption(patch, operationNames)),
    setQuotas: (patch) => service.updateQuotas(readSettingsOption(() => parseQuotaPatch(patch))),
    setThrottling: (patch) => service.updateThrottling(readSettingsOption(() => parseThrottlingPatch(patch))),
    setAccessRules: (rules) =>
      service.replaceAccessRules(readSettingsOption(() => parseAccessRules(rules, operationNames))),
    loadScenarios: (names, mode) => {
      service.loadScenarios(names, mode);
    },
    close: () => server.close(),
  };
}

function resolveClock(option: DrsEmulatorOptions['clock']): Clock {
  if (option === undefined || option === 'real') {
    return new SystemClock();
  }
  if (option === 'manual') {
    return new ManualClock();
  }

  return option;
}

function validateOptions(port: number, timeScale: number, seed: number, quotas: DrsQuotas): void {
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`port must be an integer from 0 to 65535, not ${port}`);
  }
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    problems.push(`timeScale must be a number greater than 0, not ${timeScale}`);
  }
  if (!Number.isSafeInteger(seed)) {
    problems.push(`seed must be an integer, not ${seed}`);
  }
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < 1) {
      problems.push(`quotas.${name} must be a positive integer, not ${value}`);
    }
  }

  if (problems.length > 0) {
    throw new EmulatorOptionsError(`invalid emulator options: ${problems.join('; ')}`);
  }
}

/** Applies a throttling patch to the defaults, checked by the control API's parser. */
function throttlingOf(patch: ThrottlingPatch | undefined): ThrottlingSettings {
  return patch ? mergeThrottling(DEFAULT_THROTTLING, parseThrottlingPatch(patch)) : { ...DEFAULT_THROTTLING };
}

/** Runs a control-API parser on a typed option and reports its problems as EmulatorOptionsError. */
function readSettingsOption<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SettingsError) {
      throw new EmulatorOptionsError(error.message);
    }
    throw error;
  }
}

/** Checks typed fault options with the control API's parser, so both entrances accept the same values. */
function readFaultOption(patch: FaultPatch | undefined, operationNames: readonly string[]): FaultPatch {
  if (patch === undefined) {
    return {};
  }

  try {
    return parseFaultPatch(patch, operationNames);
  } catch (error) {
    if (error instanceof FaultSettingsError) {
      throw new EmulatorOptionsError(error.message);
    }
    throw error;
  }
}
