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
}

export type OperationFaultKind = 'throttle' | 'internalError' | 'conflict' | 'hang';

/**
 * Faults to inject. New kinds go here as optional members, so existing control-API callers keep
 * working.
 */
export interface FaultSettings {
  /** The next N well-formed StartRecovery calls return ConflictException. */
  conflictFirstN: number;
  /** Probability, from 0 to 1, that a server in a launch job ends FAILED with LAUNCH_FAILED. */
  launchFailureRate: number;
  /** Per-operation fault probabilities, keyed by operation name (`StartRecovery`, `DescribeJobs`, …). */
  operations: Record<string, OperationFaultRates>;
}

export interface FaultReport extends FaultSettings {
  conflictsRemaining: number;
}

export type FaultPatch = Partial<FaultSettings>;

export class FaultSettingsError extends Error {}

const RATE_KEYS: { key: keyof OperationFaultRates; kind: OperationFaultKind }[] = [
  { key: 'throttleRate', kind: 'throttle' },
  { key: 'internalErrorRate', kind: 'internalError' },
  { key: 'conflictRate', kind: 'conflict' },
  { key: 'hangRate', kind: 'hang' },
];

export function noFaults(): FaultSettings {
  return { conflictFirstN: 0, launchFailureRate: 0, operations: {} };
}

/**
 * Decides, per call, whether to inject a fault. Draws come from their own seeded stream, and only
 * when a fault is configured, so a run without faults draws nothing here.
 */
export class FaultInjector {
  private settings: FaultSettings;
  private conflictsRemaining: number;

  constructor(
    initial: FaultSettings,
    private random: SeededRandom,
  ) {
    this.settings = copySettings(initial);
    this.conflictsRemaining = initial.conflictFirstN;
  }

  report(): FaultReport {
    return { ...copySettings(this.settings), conflictsRemaining: this.conflictsRemaining };
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
  }

  reset(initial: FaultSettings, random: SeededRandom): void {
    this.settings = copySettings(initial);
    this.conflictsRemaining = initial.conflictFirstN;
    this.random = random;
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

  drawLaunchFailure(): boolean {
    if (this.settings.launchFailureRate <= 0) {
      return false;
    }

    return this.random.next() < this.settings.launchFailureRate;
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
  const known = new Set(['conflictFirstN', 'launchFailureRate', 'operations']);
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
    patch.operations = parseOperationRates(value.operations, operationNames, problems);
  }

  if (problems.length > 0) {
    throw new FaultSettingsError(`invalid faults: ${problems.join('; ')}`);
  }

  return patch;
}

function parseOperationRates(
  value: unknown,
  operationNames: readonly string[],
  problems: string[],
): Record<string, OperationFaultRates> {
  const result: Record<string, OperationFaultRates> = {};
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

    const parsed: OperationFaultRates = {};
    let total = 0;
    for (const [key, rate] of Object.entries(rates)) {
      const known = RATE_KEYS.find((entry) => entry.key === key);
      if (!known) {
        problems.push(
          `operations.${operationName}.${key} is unknown; expected ${RATE_KEYS.map((e) => e.key).join(', ')}`,
        );
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

function isRate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function copySettings(settings: FaultSettings): FaultSettings {
  return {
    conflictFirstN: settings.conflictFirstN,
    launchFailureRate: settings.launchFailureRate,
    operations: copyOperations(settings.operations),
  };
}

function copyOperations(
  operations: Record<string, OperationFaultRates>,
): Record<string, OperationFaultRates> {
  const copy: Record<string, OperationFaultRates> = {};
  for (const [name, rates] of Object.entries(operations)) {
    copy[name] = { ...rates };
  }

  return copy;
}
