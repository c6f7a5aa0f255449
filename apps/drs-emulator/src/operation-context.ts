import { FaultInjector } from './faults';
import { JsonObject } from './json';
import { EmulatorLogger } from './logger';
import { SeededRandom } from './random';
import { EngineSettings } from './settings';
import { AccountRegionState } from './state';

/** Inputs of an operation handler: the caller's account and Region, the request time, and the engine. */
export interface OperationContext {
  state: AccountRegionState;
  /** Another account and Region, for ReverseReplication; undefined when no scenario loaded it. */
  findState(accountID: string, region: string): AccountRegionState | undefined;
  /** The emulator's seed, for ids derived from it without a random stream (snapshot ids). */
  seed: number;
  /** Time of this request, one value for the whole call, so every check uses the same state. */
  nowMs: number;
  settings: EngineSettings;
  timingRandom: SeededRandom;
  faults: FaultInjector;
  logger: EmulatorLogger;
  nextJobSequence(): number;
  /** Draws a job id (`drsjob-` and 17 letters or digits) not used before. */
  newJobID(): string;
  /** Draws an EC2-style instance id (`i-` and 17 hex digits) not used before. */
  newInstanceID(): string;
  /** Draws a source server id (`s-` and 17 letters or digits) not used before. */
  newSourceServerID(): string;
}

/**
 * Runs one DRS operation on input that already passed model validation, and returns the output
 * object (pruned to the output shape by the caller). Errors are thrown as DrsApiError.
 */
export type OperationHandler = (context: OperationContext, input: JsonObject) => object;
