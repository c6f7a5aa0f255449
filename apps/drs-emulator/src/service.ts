import { AccessRules, copyAccessRules, isAccessDenied, noAccessRules } from './access';
import { Caller, readAccessKeyId, resolveCaller } from './caller';
import { Clock, toIsoString } from './clock';
import {
  accessDeniedError,
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
import { extendInventory, Inventory, loadInventory } from './scenario';
import { pruneToShape } from './serialization';
import { DrsQuotas, EngineSettings } from './settings';
import { AccountRegionState, EmulatorState } from './state';
import { CallLog, EmulatorStats } from './stats';
import { DEFAULT_THROTTLING, RequestRateLimiter, ThrottlingPatch, ThrottlingSettings } from './throttling';
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
  /** Request-rate limits at start and after each reset. Default: DEFAULT_THROTTLING. */
  throttling?: ThrottlingSettings;
  /** Denied access keys at start and after each reset. Default: none. */
  access?: AccessRules;
  /** Directory with `scenarios/`, for scenarios loaded through the control API. */
  repositoryRoot?: string;
  /** Monotonic milliseconds for the rate limiter. Default: performance.now. */
  monotonicNowMs?: () => number;
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
  | { kind: 'hang' }
  /** An injected fault: the HTTP layer closes the connection without a response. */
  | { kind: 'drop' };

export type ScenarioLoadMode = 'replace' | 'add';

/**
 * The emulated DRS service behind the HTTP layer: checks access and request rates, resolves the
 * caller's account, validates input against the model, injects configured faults, runs the
 * operation and records what happened for the control API's statistics.
 */
export class DrsService {
  readonly faults: FaultInjector;
  private inventory: Inventory;
  private state: EmulatorState;
  private random: EmulatorRandom;
  private readonly callLog = new CallLog();
  private jobSequence = 0;
  private readonly issuedIDs = new Set<string>();
  private defaultCaller: Caller;
  private quotas: DrsQuotas;
  private readonly rateLimiter: RequestRateLimiter;
  private accessRules: AccessRules;

  constructor(private readonly options: DrsServiceOptions) {
    this.inventory = options.inventory;
    this.defaultCaller = firstCallerOf(options.inventory);
    this.state = new EmulatorState(options.inventory);
    this.random = createEmulatorRandom(options.seed);
    this.faults = new FaultInjector(options.faults, this.random.faults, this.random.latency);
    this.quotas = { ...options.settings.quotas };
    this.rateLimiter = new RequestRateLimiter(
      options.throttling ?? DEFAULT_THROTTLING,
      options.monotonicNowMs,
    );
    this.accessRules = copyAccessRules(options.access ?? noAccessRules());
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get scenarioNames(): string[] {
    return [...this.inventory.scenarioNames];
  }

  execute(call: OperationCall): ExecutionResult {
    const { model } = this.options;
    const operation = call.operation;
    const nowMs = this.options.clock.nowMs();
    const caller = resolveCaller(call.authorization, this.defaultCaller);
    let input: JsonObject | undefined;

    this.callLog.countCall(operation.name);

    try {
      this.checkAccess(readAccessKeyId(call.authorization), operation.name);
      this.checkRequestRate(caller, operation.name);
      const state = this.stateForCaller(operation, caller);

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

      const fault = this.injectFault(operation.name, input, nowMs);
      if (fault) {
        this.recordStartRecovery(operation, caller, input, nowMs, fault, null);
        return { kind: fault };
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
        const quotaCode = typeof error.members.quotaCode === 'string' ? error.members.quotaCode : undefined;
        this.callLog.countError(operation.name, error.exceptionName, quotaCode);
        this.recordStartRecovery(operation, caller, input, nowMs, error.exceptionName, null);
        this.options.logger.log(
          `${operation.name} for ${caller.accountID}/${caller.region}: ${error.exceptionName}: ${error.message}`,
        );
      }
      throw error;
    }
  }

  /**
   * Returns the delay to add before the response of one call, and records it. The HTTP layer calls
   * this when the request arrives, before execute, so the draws follow the order of arrival.
   */
  drawLatencyMs(operationName: string): number {
    const delayMs = this.faults.drawLatencyMs(operationName);
    if (delayMs > 0) {
      this.callLog.recordFault({
        at: toIsoString(this.options.clock.nowMs()),
        operation: operationName,
        fault: 'latency',
        delayMs,
      });
    }

    return delayMs;
  }

  /**
   * Returns to the loaded scenarios: jobs, instances and counters cleared, streams reseeded, and
   * faults, quotas, request rates and access rules as at start.
   */
  reset(): void {
    this.state = new EmulatorState(this.inventory);
    this.random = createEmulatorRandom(this.options.seed);
    this.faults.reset(this.options.faults, this.random.faults, this.random.latency);
    this.quotas = { ...this.options.settings.quotas };
    this.rateLimiter.reset(this.options.throttling ?? DEFAULT_THROTTLING);
    this.accessRules = copyAccessRules(this.options.access ?? noAccessRules());
    this.callLog.clear();
    this.jobSequence = 0;
    this.issuedIDs.clear();
    this.options.logger.log('state reset to the loaded scenarios');
  }

  /**
   * Loads scenarios by name. `replace` swaps the inventory and resets as `reset` does; `add`
   * merges the new servers into the running state and keeps every job. Throws ScenarioError for an
   * unknown scenario or a server id that is already loaded in the same account and Region.
   */
  loadScenarios(names: string[], mode: ScenarioLoadMode): Inventory {
    const { model, repositoryRoot } = this.options;
    if (!repositoryRoot) {
      throw new Error('this emulator was started without a repository root, so it cannot load scenarios');
    }

    if (mode === 'replace') {
      this.inventory = loadInventory(names, repositoryRoot, model);
      this.defaultCaller = firstCallerOf(this.inventory);
      this.reset();
    } else {
      this.inventory = extendInventory(this.inventory, names, repositoryRoot, model);
      this.state.extend(this.inventory);
    }
    this.options.logger.log(`scenarios ${mode === 'replace' ? 'replaced by' : 'added'}: ${names.join(', ')}`);

    return this.inventory;
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

  currentQuotas(): DrsQuotas {
    return { ...this.quotas };
  }

  updateQuotas(patch: Partial<DrsQuotas>): DrsQuotas {
    this.quotas = { ...this.quotas, ...patch };
    this.options.logger.log(`quotas set: ${JSON.stringify(this.quotas)}`);

    return this.currentQuotas();
  }

  currentThrottling(): ThrottlingSettings {
    return this.rateLimiter.report();
  }

  updateThrottling(patch: ThrottlingPatch): ThrottlingSettings {
    this.rateLimiter.update(patch);
    const report = this.rateLimiter.report();
    this.options.logger.log(`throttling set: ${JSON.stringify(report)}`);

    return report;
  }

  currentAccessRules(): AccessRules {
    return copyAccessRules(this.accessRules);
  }

  replaceAccessRules(rules: AccessRules): AccessRules {
    this.accessRules = copyAccessRules(rules);
    this.options.logger.log(`access rules set: ${rules.deniedAccessKeys.length} denied access key(s)`);

    return this.currentAccessRules();
  }

  operationNames(): string[] {
    return this.options.model.operationNames();
  }

  private checkAccess(accessKeyId: string | undefined, operationName: string): void {
    if (accessKeyId !== undefined && isAccessDenied(this.accessRules, accessKeyId, operationName)) {
      throw accessDeniedError(accessKeyId, operationName);
    }
  }

  private checkRequestRate(caller: Caller, operationName: string): void {
    const retryAfterSeconds = this.rateLimiter.take(caller.accountID, caller.region, operationName);
    if (retryAfterSeconds !== undefined) {
      throw throttlingError(
        `Rate exceeded for ${operationName} in account ${caller.accountID}, Region ${caller.region}. ` +
          `Retry after ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      );
    }
  }

  /**
   * Returns the caller's state. An account and Region that no scenario loaded are uninitialized.
   * The tag operations do not list UninitializedAccountException in the model, so they run on an
   * empty state instead and report the resource as not found.
   */
  private stateForCaller(operation: OperationDefinition, caller: Caller): AccountRegionState {
    const state = this.state.get(caller.accountID, caller.region);
    if (state) {
      return state;
    }

    const listsUninitialized = (operation.errors ?? []).some(
      (error) => error.shape === 'UninitializedAccountException',
    );
    if (listsUninitialized) {
      throw uninitializedAccountError(caller.accountID, caller.region);
    }

    return new AccountRegionState(caller.accountID, caller.region, []);
  }

  private operationContext(state: AccountRegionState, nowMs: number): OperationContext {
    return {
      state,
      findState: (accountID, region) => this.state.get(accountID, region),
      seed: this.options.seed,
      nowMs,
      settings: { ...this.options.settings, quotas: { ...this.quotas } },
      timingRandom: this.random.timing,
      faults: this.faults,
      logger: this.options.logger,
      nextJobSequence: () => ++this.jobSequence,
      newJobID: () => this.issueUniqueID(() => `drsjob-${this.random.ids.alphanumeric(17)}`),
      newInstanceID: () => this.issueUniqueID(() => `i-${this.random.ids.hex(17)}`),
      newSourceServerID: () => this.issueUniqueID(() => `s-${this.random.ids.alphanumeric(17)}`),
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

  /** Throws the injected error, returns 'hang' or 'drop', or returns undefined when no fault applies. */
  private injectFault(operationName: string, input: JsonObject, nowMs: number): 'hang' | 'drop' | undefined {
    const record = (fault: string) =>
      this.callLog.recordFault({ at: toIsoString(nowMs), operation: operationName, fault });

    if (operationName === 'StartRecovery' && this.faults.takeStartRecoveryConflict()) {
      record('conflictFirstN');
      throw injectedConflict(operationName, input);
    }

    const fault = this.faults.drawOperationFault(operationName);
    if (fault) {
      record(fault);
    }
    switch (fault) {
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
      case 'drop':
        return fault;
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

function firstCallerOf(inventory: Inventory): Caller {
  const [first] = inventory.accountRegions;
  if (!first) {
    throw new Error('the loaded scenarios contain no account');
  }

  return { accountID: first.accountID, region: first.region };
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
  if (typeof input.recoveryInstanceID === 'string') {
    return conflictError(message, input.recoveryInstanceID, 'RECOVERY_INSTANCE');
  }
  if (typeof input.sourceServerID === 'string') {
    return conflictError(message, input.sourceServerID, 'SOURCE_SERVER');
  }
  if (typeof input.jobID === 'string') {
    return conflictError(message, input.jobID, 'JOB');
  }

  return new DrsApiError('ConflictException', message);
}
