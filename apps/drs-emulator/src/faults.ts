import { isJsonObject } from './json';
import { SeededRandom } from './random';

/** Probabilities, from 0 to 1, that one call of an operation returns an injected fault. */
export interface OperationFaultRates {
  /** ThrottlingException (429) with a Retry-After header. */
  throttleRate?: number;
  /** InternalServerException (500) with a Retry-After header. */
  internalErrorRate?: number;
  /** ConflictException (409). */
  conflictRate?: number;
  /** No response at all until the emulator closes, to exercise client deadlines. */
  hangRate?: number;
  /** The connection is closed without a response, which clients see as a reset socket. */
  dropRate?: number;
}

/** A latency drawn uniformly from [minMs, maxMs] for each call. */
export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

/** The faults of one operation: per-call probabilities and an added response delay. */
export interface OperationFaults extends OperationFaultRates {
  /** Milliseconds added before the response is written, fixed or drawn from a range. */
  latencyMs?: number | LatencyRange;
}

export type OperationFaultKind = 'throttle' | 'internalError' | 'conflict' | 'hang' | 'drop';

/** The step of a launch at which a scripted failure stops it. */
export type LaunchFailurePhase = 'snapshot' | 'conversion' | 'launch';

/** Fails the first N launch attempts of one source server, counted from when the script is set. */
export interface ScriptedLaunchFailure {
  sourceServerID: string;
  failFirstAttempts: number;
  phase: LaunchFailurePhase;
}

const LAUNCH_FAILURE_PHASES: LaunchFailurePhase[] = ['snapshot', 'conversion', 'launch'];

/**
 * Faults to inject. New kinds go here as optional members, so existing control-API callers keep
 * working.
 */
export interface FaultSettings {
  /** The next N well-formed StartRecovery calls return ConflictException. */
  conflictFirstN: number;
  /** Probability, from 0 to 1, that a server in a launch job ends FAILED with LAUNCH_FAILED. */
  launchFailureRate: number;
  /** Per-operation faults, keyed by operation name (`StartRecovery`, `DescribeJobs`, …). */
  operations: Record<string, OperationFaults>;
  /** Launches of named servers that fail at a given phase; setting the list restarts every count. */
  launchFailures: ScriptedLaunchFailure[];
}

export interface FaultReport extends FaultSettings {
  conflictsRemaining: number;
  /** Scripted failures still to come, by source server id. */
  launchFailuresRemaining: Record<string, number>;
}

export type FaultPatch = Partial<FaultSettings>;

export class FaultSettingsError extends Error {}

const RATE_KEYS: { key: keyof OperationFaultRates; kind: OperationFaultKind }[] = [
  { key: 'throttleRate', kind: 'throttle' },
  { key: 'internalErrorRate', kind: 'internalError' },
  { key: 'conflictRate', kind: 'conflict' },
  { key: 'hangRate', kind: 'hang' },
  { key: 'dropRate', kind: 'drop' },
];

export function noFaults(): FaultSettings {
  return { conflictFirstN: 0, launchFailureRate: 0, operations: {}, launchFailures: [] };
}

/**
 * Decides, per call, whether to inject a fault. Draws come from their own seeded stream, and only
 * when a fault is configured, so a run without faults draws nothing here. Latencies draw from a
 * second stream, so adding a latency range leaves the fault draws of a run unchanged.
 */
export class FaultInjector {
  private settings: FaultSettings;
  private conflictsRemaining: number;
  private launchFailuresRemaining = new Map<string, number>();

  constructor(
    initial: FaultSettings,
    private random: SeededRandom,
    private latencyRandom: SeededRandom = new SeededRandom(0),
  ) {
    this.settings = copySettings(initial);
    this.conflictsRemaining = initial.conflictFirstN;
    this.restartLaunchFailures();
  }

  report(): FaultReport {
    return {
      ...copySettings(this.settings),
      conflictsRemaining: this.conflictsRemaining,
      launchFailuresRemaining: Object.fromEntries(this.launchFailuresRemaining),
    };
  }

  /** Applies the members present in the patch. Setting conflictFirstN restarts that count. */
  update(patch: FaultPatch): void {
    if (patch.conflictFirstN !== undefined) {
      this.settings.conflictFirstN = patch.conflictFirstN;
      this.conflictsRemaining = patch.conflictFirstN;
    }
    if (patch.launchFailureRate !== undefined) {
      this.settings.launchFailureRate = patch.launchFailureRate;
    }
    if (patch.operations !== undefined) {
      this.settings.operations = { ...this.settings.operations, ...copyOperations(patch.operations) };
    }
    if (patch.launchFailures !== undefined) {
      this.settings.launchFailures = patch.launchFailures.map((failure) => ({ ...failure }));
      this.restartLaunchFailures();
    }
  }

  reset(initial: FaultSettings, random: SeededRandom, latencyRandom: SeededRandom): void {
    this.settings = copySettings(initial);
    this.conflictsRemaining = initial.conflictFirstN;
    this.random = random;
    this.latencyRandom = latencyRandom;
    this.restartLaunchFailures();
  }

  /** Consumes one of the first-N StartRecovery conflicts, if any remain. */
  takeStartRecoveryConflict(): boolean {
    if (this.conflictsRemaining <= 0) {
      return false;
    }
    this.conflictsRemaining -= 1;

    return true;
  }

  drawOperationFault(operationName: string): OperationFaultKind | undefined {
    const rates = this.settings.operations[operationName];
    if (!rates || RATE_KEYS.every(({ key }) => !rates[key])) {
      return undefined;
    }

    // One draw per call, split into bands, so the probabilities of different kinds add up.
    const draw = this.random.next();
    let threshold = 0;
    for (const { key, kind } of RATE_KEYS) {
      threshold += rates[key] ?? 0;
      if (draw < threshold) {
        return kind;
      }
    }

    return undefined;
  }

  /** Returns the added delay of one call in milliseconds; 0 without a latency fault. */
  drawLatencyMs(operationName: string): number {
    const latency = this.settings.operations[operationName]?.latencyMs;
    if (latency === undefined) {
      return 0;
    }
    if (typeof latency === 'number') {
      return latency;
    }

    return Math.round(this.latencyRandom.between(latency.minMs, latency.maxMs));
  }

  /** Consumes one scripted failure of the server and returns its phase, or undefined when none remains. */
  takeScriptedLaunchFailure(sourceServerID: string): LaunchFailurePhase | undefined {
    const remaining = this.launchFailuresRemaining.get(sourceServerID) ?? 0;
    if (remaining <= 0) {
      return undefined;
    }
    this.launchFailuresRemaining.set(sourceServerID, remaining - 1);

    return this.settings.launchFailures.find((failure) => failure.sourceServerID === sourceServerID)?.phase;
  }

  drawLaunchFailure(): boolean {
    if (this.settings.launchFailureRate <= 0) {
      return false;
    }

    return this.random.next() < this.settings.launchFailureRate;
  }

  private restartLaunchFailures(): void {
    this.launchFailuresRemaining = new Map(
      this.settings.launchFailures.map((failure) => [failure.sourceServerID, failure.failFirstAttempts]),
    );
  }
}

/**
 * Reads a fault patch from untrusted JSON (the control API) and reports every problem at once.
 * Operation names must be operations of the model.
 */
export function parseFaultPatch(value: unknown, operationNames: readonly string[]): FaultPatch {
  if (!isJsonObject(value)) {
    throw new FaultSettingsError('the faults body must be a JSON object');
  }

  const problems: string[] = [];
  const patch: FaultPatch = {};
  const known = new Set(['conflictFirstN', 'launchFailureRate', 'operations', 'launchFailures']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      problems.push(`unknown member "${key}"; expected ${[...known].join(', ')}`);
    }
  }

  if (value.conflictFirstN !== undefined) {
    const count = value.conflictFirstN;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0) {
      patch.conflictFirstN = count;
    } else {
      problems.push('conflictFirstN must be an integer of 0 or more');
    }
  }

  if (value.launchFailureRate !== undefined) {
    const rate = value.launchFailureRate;
    if (isRate(rate)) {
      patch.launchFailureRate = rate;
    } else {
      problems.push('launchFailureRate must be a number from 0 to 1');
    }
  }

  if (value.operations !== undefined) {
    patch.operations = parseOperationFaults(value.operations, operationNames, problems);
  }

  if (value.launchFailures !== undefined) {
    patch.launchFailures = parseLaunchFailures(value.launchFailures, problems);
  }

  if (problems.length > 0) {
    throw new FaultSettingsError(`invalid faults: ${problems.join('; ')}`);
  }

  return patch;
}

function parseOperationFaults(
  value: unknown,
  operationNames: readonly string[],
  problems: string[],
): Record<string, OperationFaults> {
  const result: Record<string, OperationFaults> = {};
  if (!isJsonObject(value)) {
    problems.push('operations must be an object keyed by operation name');
    return result;
  }

  for (const [operationName, rates] of Object.entries(value)) {
    if (!operationNames.includes(operationName)) {
      problems.push(`operations.${operationName} is not a DRS operation`);
      continue;
    }
    if (!isJsonObject(rates)) {
      problems.push(`operations.${operationName} must be an object of rates`);
      continue;
    }

    const parsed: OperationFaults = {};
    let total = 0;
    for (const [key, rate] of Object.entries(rates)) {
      if (key === 'latencyMs') {
        const latency = parseLatency(rate, `operations.${operationName}.latencyMs`, problems);
        if (latency !== undefined) {
          parsed.latencyMs = latency;
        }
        continue;
      }
      const known = RATE_KEYS.find((entry) => entry.key === key);
      if (!known) {
        const expected = [...RATE_KEYS.map((entry) => entry.key), 'latencyMs'].join(', ');
        problems.push(`operations.${operationName}.${key} is unknown; expected ${expected}`);
        continue;
      }
      if (!isRate(rate)) {
        problems.push(`operations.${operationName}.${key} must be a number from 0 to 1`);
        continue;
      }
      parsed[known.key] = rate;
      total += rate;
    }
    if (total > 1) {
      problems.push(`operations.${operationName}: the rates add up to ${total}, more than 1`);
    }
    result[operationName] = parsed;
  }

  return result;
}

function parseLatency(value: unknown, where: string, problems: string[]): number | LatencyRange | undefined {
  if (isDelay(value)) {
    return value;
  }
  if (isJsonObject(value) && isDelay(value.minMs) && isDelay(value.maxMs) && value.minMs <= value.maxMs) {
    const extra = Object.keys(value).filter((key) => key !== 'minMs' && key !== 'maxMs');
    if (extra.length === 0) {
      return { minMs: value.minMs, maxMs: value.maxMs };
    }
  }

  problems.push(
    `${where} must be milliseconds from 0 to ${MAX_LATENCY_MS}, or {"minMs": A, "maxMs": B} with A <= B`,
  );

  return undefined;
}

/** Ten minutes: far beyond any client deadline, and short enough that a typo does not hold a socket for hours. */
const MAX_LATENCY_MS = 600_000;

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_LATENCY_MS;
}

function parseLaunchFailures(value: unknown, problems: string[]): ScriptedLaunchFailure[] {
  if (!Array.isArray(value)) {
    problems.push('launchFailures must be a list of {sourceServerID, failFirstAttempts, phase}');
    return [];
  }

  const failures: ScriptedLaunchFailure[] = [];
  const seen = new Set<string>();
  value.forEach((entry, index) => {
    const where = `launchFailures[${index}]`;
    if (!isJsonObject(entry)) {
      problems.push(`${where} must be an object`);
      return;
    }

    const { sourceServerID, failFirstAttempts, phase } = entry;
    const entryProblems: string[] = [];
    if (typeof sourceServerID !== 'string' || !/^s-[0-9a-zA-Z]{17}$/.test(sourceServerID)) {
      entryProblems.push(`${where}.sourceServerID must be a source server id such as s-0123456789abcdefg`);
    } else if (seen.has(sourceServerID)) {
      entryProblems.push(`${where}.sourceServerID repeats ${sourceServerID}; give each server one entry`);
    }
    if (
      typeof failFirstAttempts !== 'number' ||
      !Number.isInteger(failFirstAttempts) ||
      failFirstAttempts < 0
    ) {
      entryProblems.push(`${where}.failFirstAttempts must be an integer of 0 or more`);
    }
    if (typeof phase !== 'string' || !LAUNCH_FAILURE_PHASES.includes(phase as LaunchFailurePhase)) {
      entryProblems.push(`${where}.phase must be one of ${LAUNCH_FAILURE_PHASES.join(', ')}`);
    }
    for (const key of Object.keys(entry)) {
      if (!['sourceServerID', 'failFirstAttempts', 'phase'].includes(key)) {
        entryProblems.push(`${where}.${key} is unknown; expected sourceServerID, failFirstAttempts, phase`);
      }
    }

    if (entryProblems.length > 0) {
      problems.push(...entryProblems);
      return;
    }
    seen.add(sourceServerID as string);
    failures.push({
      sourceServerID: sourceServerID as string,
      failFirstAttempts: failFirstAttempts as number,
      phase: phase as LaunchFailurePhase,
    });
  });

  return failures;
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function copySettings(settings: FaultSettings): FaultSettings {
  return {
    conflictFirstN: settings.conflictFirstN,
    launchFailureRate: settings.launchFailureRate,
    operations: copyOperations(settings.operations),
    launchFailures: settings.launchFailures.map((failure) => ({ ...failure })),
  };
}

function copyOperations(operations: Record<string, OperationFaults>): Record<string, OperationFaults> {
  const copy: Record<string, OperationFaults> = {};
  for (const [name, faults] of Object.entries(operations)) {
    const { latencyMs, ...rates } = faults;
    copy[name] = { ...rates };
    if (latencyMs !== undefined) {
      copy[name].latencyMs = typeof latencyMs === 'number' ? latencyMs : { ...latencyMs };
    }
  }

  return copy;
}
