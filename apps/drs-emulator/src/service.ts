import { Caller, resolveCaller } from './caller';
import { Clock, toIsoString } from './clock';
import {
  conflictError,
  DrsApiError,
  internalServerError,
  notImplementedError,
  throttlingError,
  uninitializedAccountError,
  validationError,
} from './errors';
import { FaultInjector, FaultPatch, FaultReport, FaultSettings } from './faults';
import { isJsonObject, JsonObject, JsonValue } from './json';
import { EmulatorLogger } from './logger';
import { DrsModel, OperationDefinition } from './model';
import { OperationContext } from './operation-context';
import { OPERATION_HANDLERS } from './operations';
import { createEmulatorRandom, EmulatorRandom } from './random';
import { Inventory } from './scenario';
import { pruneToShape } from './serialization';
import { EngineSettings } from './settings';
import { AccountRegionState, EmulatorState } from './state';
import { CallLog, EmulatorStats } from './stats';
import { validateShape } from './validation';

/** Retry-After value, in seconds, sent with an injected throttle or internal error. */
const INJECTED_RETRY_AFTER_SECONDS = 1;

export interface DrsServiceOptions {
  model: DrsModel;
  inventory: Inventory;
  settings: EngineSettings;
  seed: number;
  clock: Clock;
  /** Faults active at start, and again after each reset. */
  faults: FaultSettings;
  logger: EmulatorLogger;
}

/** One DRS API call as the HTTP layer hands it over. */
export interface OperationCall {
  operation: OperationDefinition;
  authorization: string | undefined;
  /** Builds the operation input from the request; throws a ValidationException for a malformed body. */
  readInput(): JsonObject;
}

export type ExecutionResult =
  | { kind: 'response'; status: number; body: JsonValue | undefined }
  /** An injected fault: the HTTP layer leaves the request unanswered. */
  | { kind: 'hang' };

/**
 * The emulated DRS service behind the HTTP layer: resolves the caller's account, validates input
 * against the model, injects configured faults, runs the operation and records what happened for
 * the control API's statistics.
 */
export class DrsService {
  readonly faults: FaultInjector;
  private state: EmulatorState;
  private random: EmulatorRandom;
  private readonly callLog = new CallLog();
  private jobSequence = 0;
  private readonly issuedIDs = new Set<string>();
  private readonly defaultCaller: Caller;

  constructor(private readonly options: DrsServiceOptions) {
    const [first] = options.inventory.accountRegions;
    if (!first) {
      throw new Error('the loaded scenarios contain no account');
    }
    this.defaultCaller = { accountID: first.accountID, region: first.region };
    this.state = new EmulatorState(options.inventory);
    this.random = createEmulatorRandom(options.seed);
    this.faults = new FaultInjector(options.faults, this.random.faults);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  execute(call: OperationCall): ExecutionResult {
    const { model } = this.options;
    const operation = call.operation;
    const nowMs = this.options.clock.nowMs();
    const caller = resolveCaller(call.authorization, this.defaultCaller);
    let input: JsonObject | undefined;

    this.callLog.countCall(operation.name);

    try {
      const state = this.state.get(caller.accountID, caller.region);
      if (!state) {
        throw uninitializedAccountError(caller.accountID, caller.region);
      }

      input = call.readInput();
      if (operation.input) {
        const violations = validateShape(model, operation.input.shape, input);
        if (violations.length > 0) {
          throw validationError(violations);
        }
      }

      const handler = OPERATION_HANDLERS[operation.name];
      if (!handler) {
        throw notImplementedError(operation.name);
      }

      if (this.injectFault(operation.name, input) === 'hang') {
        this.recordStartRecovery(operation, caller, input, nowMs, 'hang', null);
        return { kind: 'hang' };
      }

      const output = handler(this.operationContext(state, nowMs), input);
      const jobID = isJsonObject(output) && isJsonObject(output.job) ? String(output.job.jobID) : null;
      this.recordStartRecovery(operation, caller, input, nowMs, 'accepted', jobID);

      return {
        kind: 'response',
        status: model.successStatus(operation),
        body: operation.output ? pruneToShape(model, operation.output.shape, output) : undefined,
      };
    } catch (error) {
      if (error instanceof DrsApiError) {
        this.callLog.countError(error.exceptionName);
        this.recordStartRecovery(operation, caller, input, nowMs, error.exceptionName, null);
        this.options.logger.log(
          `${operation.name} for ${caller.accountID}/${caller.region}: ${error.exceptionName}: ${error.message}`,
        );
      }
      throw error;
    }
  }

  /** Returns to the loaded scenarios: jobs, instances, counters and faults as at start, streams reseeded. */
  reset(): void {
    this.state = new EmulatorState(this.options.inventory);
    this.random = createEmulatorRandom(this.options.seed);
    this.faults.reset(this.options.faults, this.random.faults);
    this.callLog.clear();
    this.jobSequence = 0;
    this.issuedIDs.clear();
    this.options.logger.log('state reset to the loaded scenarios');
  }

  stats(): EmulatorStats {
    return this.callLog.buildStats(this.state.all(), this.options.clock.nowMs());
  }

  updateFaults(patch: FaultPatch): FaultReport {
    this.faults.update(patch);
    const report = this.faults.report();
    this.options.logger.log(`faults set: ${JSON.stringify(report)}`);

    return report;
  }

  operationNames(): string[] {
    return this.options.model.operationNames();
  }

  private operationContext(state: AccountRegionState, nowMs: number): OperationContext {
    return {
      state,
      nowMs,
      settings: this.options.settings,
      timingRandom: this.random.timing,
      faults: this.faults,
      logger: this.options.logger,
      nextJobSequence: () => ++this.jobSequence,
      newJobID: () => this.issueUniqueID(() => `drsjob-${this.random.ids.alphanumeric(17)}`),
      newInstanceID: () => this.issueUniqueID(() => `i-${this.random.ids.hex(17)}`),
    };
  }

  private issueUniqueID(draw: () => string): string {
    let id = draw();
    while (this.issuedIDs.has(id)) {
      id = draw();
    }
    this.issuedIDs.add(id);

    return id;
  }

  /** Throws the injected error, returns 'hang', or returns undefined when no fault applies. */
  private injectFault(operationName: string, input: JsonObject): 'hang' | undefined {
    if (operationName === 'StartRecovery' && this.faults.takeStartRecoveryConflict()) {
      throw injectedConflict(operationName, input);
    }

    switch (this.faults.drawOperationFault(operationName)) {
      case 'throttle':
        throw throttlingError(
          `Injected fault: rate exceeded for ${operationName}.`,
          INJECTED_RETRY_AFTER_SECONDS,
        );
      case 'internalError':
        throw internalServerError(
          `Injected fault: ${operationName} failed inside the service.`,
          INJECTED_RETRY_AFTER_SECONDS,
        );
      case 'conflict':
        throw injectedConflict(operationName, input);
      case 'hang':
        return 'hang';
      default:
        return undefined;
    }
  }

  private recordStartRecovery(
    operation: OperationDefinition,
    caller: Caller,
    input: JsonObject | undefined,
    nowMs: number,
    outcome: string,
    jobID: string | null,
  ): void {
    if (operation.name !== 'StartRecovery') {
      return;
    }

    // The input may have failed validation, so every member is read defensively.
    const entries = Array.isArray(input?.sourceServers) ? input.sourceServers : [];
    const sourceServerIDs = entries
      .map((entry) => (isJsonObject(entry) ? entry.sourceServerID : undefined))
      .filter((id): id is string => typeof id === 'string');
    const tags: Record<string, string> = {};
    if (isJsonObject(input?.tags)) {
      for (const [key, value] of Object.entries(input.tags)) {
        if (typeof value === 'string') {
          tags[key] = value;
        }
      }
    }

    this.callLog.recordStartRecovery({
      at: toIsoString(nowMs),
      accountID: caller.accountID,
      region: caller.region,
      jobID,
      sourceServerIDs,
      isDrill: input?.isDrill === true,
      tags,
      outcome,
    });
  }
}

/** Names the first resource of the request, so the conflict looks like one DRS would return. */
function injectedConflict(operationName: string, input: JsonObject): DrsApiError {
  const message = `Injected fault: ${operationName} conflicts with the current state of the resource.`;

  if (
    operationName === 'StartRecovery' &&
    Array.isArray(input.sourceServers) &&
    isJsonObject(input.sourceServers[0])
  ) {
    return conflictError(message, String(input.sourceServers[0].sourceServerID), 'SOURCE_SERVER');
  }
  if (Array.isArray(input.recoveryInstanceIDs) && typeof input.recoveryInstanceIDs[0] === 'string') {
    return conflictError(message, input.recoveryInstanceIDs[0], 'RECOVERY_INSTANCE');
  }

  return new DrsApiError('ConflictException', message);
}
