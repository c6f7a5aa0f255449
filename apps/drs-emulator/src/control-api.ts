import { parseAccessRules } from './access';
import { ManualClock, toIsoString } from './clock';
import { FaultSettingsError, parseFaultPatch } from './faults';
import { isJsonObject, JsonValue } from './json';
import { Inventory, ScenarioError } from './scenario';
import { DrsService, ScenarioLoadMode } from './service';
import { parseQuotaPatch, SettingsError } from './settings';
import { parseThrottlingPatch } from './throttling';

export const CONTROL_PATH_PREFIX = '/__emulator/';

export interface ControlResponse {
  status: number;
  body: JsonValue;
}

type ControlRoute = (bodyText: string) => ControlResponse;

/** A scenario name as the control API accepts it: a file of scenarios/, never a path. */
const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The emulator's own HTTP API for tests: health, reset, faults, quotas, request rates, access
 * rules, scenarios, statistics and the manual clock.
 * Only health is served when the control API is off; the other paths are then unknown, like any
 * path DRS does not have.
 */
export class ControlApi {
  private readonly routes: Record<string, Partial<Record<string, ControlRoute>>>;

  constructor(
    private readonly service: DrsService,
    private readonly enabled: boolean,
  ) {
    this.routes = {
      health: { GET: () => ok({ status: 'ok' }) },
      reset: { POST: () => this.reset() },
      stats: { GET: () => ok(this.service.stats() as unknown as JsonValue) },
      faults: {
        GET: () => ok(this.service.faults.report() as unknown as JsonValue),
        POST: (bodyText) => this.setFaults(bodyText),
      },
      quotas: {
        GET: () => ok(this.service.currentQuotas() as unknown as JsonValue),
        POST: (bodyText) =>
          this.applySettings(bodyText, (body) => this.service.updateQuotas(parseQuotaPatch(body))),
      },
      throttling: {
        GET: () => ok(this.service.currentThrottling() as unknown as JsonValue),
        POST: (bodyText) =>
          this.applySettings(bodyText, (body) => this.service.updateThrottling(parseThrottlingPatch(body))),
      },
      access: {
        GET: () => ok(this.service.currentAccessRules() as unknown as JsonValue),
        POST: (bodyText) =>
          this.applySettings(bodyText, (body) =>
            this.service.replaceAccessRules(parseAccessRules(body, this.service.operationNames())),
          ),
      },
      scenario: {
        GET: () => ok({ scenarioNames: this.service.scenarioNames }),
        POST: (bodyText) => this.applySettings(bodyText, (body) => this.loadScenarios(body)),
      },
      clock: { GET: () => this.describeClock() },
      'clock/advance': { POST: (bodyText) => this.advanceClock(bodyText) },
    };
  }

  /** Returns the response for a control path, or undefined when the path is not served. */
  handle(method: string, path: string, bodyText: string): ControlResponse | undefined {
    if (!path.startsWith(CONTROL_PATH_PREFIX)) {
      return undefined;
    }

    const name = path.slice(CONTROL_PATH_PREFIX.length);
    if (!this.enabled && name !== 'health') {
      return undefined;
    }

    const methods = this.routes[name];
    if (!methods) {
      return failure(404, `no control endpoint ${path}; see apps/drs-emulator/README.md for the list`);
    }

    const route = methods[method];
    if (!route) {
      return failure(405, `${path} accepts ${Object.keys(methods).join(', ')}, not ${method}`);
    }

    return route(bodyText);
  }

  private reset(): ControlResponse {
    this.service.reset();

    return ok({ status: 'ok' });
  }

  private setFaults(bodyText: string): ControlResponse {
    const body = parseControlBody(bodyText);
    if (body instanceof Error) {
      return failure(400, body.message);
    }

    try {
      const patch = parseFaultPatch(body, this.service.operationNames());

      return ok(this.service.updateFaults(patch) as unknown as JsonValue);
    } catch (error) {
      if (error instanceof FaultSettingsError) {
        return failure(400, error.message);
      }
      throw error;
    }
  }

  /** Parses the body, applies it, and turns a rejected setting into 400 with its message. */
  private applySettings(bodyText: string, apply: (body: JsonValue) => unknown): ControlResponse {
    const body = parseControlBody(bodyText);
    if (body instanceof Error) {
      return failure(400, body.message);
    }

    try {
      return ok(apply(body) as JsonValue);
    } catch (error) {
      if (error instanceof SettingsError || error instanceof ScenarioError) {
        return failure(400, error.message);
      }
      throw error;
    }
  }

  /** Loads the scenarios named in `{"scenarios": ["name", ...], "mode": "replace" | "add"}`. The mode defaults to replace. */
  private loadScenarios(body: JsonValue): JsonValue {
    const names = isJsonObject(body) ? body.scenarios : undefined;
    const mode = (isJsonObject(body) ? body.mode : undefined) ?? 'replace';
    const problems: string[] = [];
    if (!Array.isArray(names) || names.length === 0) {
      problems.push('scenarios must be a non-empty list of scenario names');
    } else {
      for (const name of names) {
        if (typeof name !== 'string' || !SCENARIO_NAME.test(name)) {
          problems.push(
            `${JSON.stringify(name)} is not a scenario name; give the name of a file in scenarios/ without ".json"`,
          );
        }
      }
    }
    if (mode !== 'replace' && mode !== 'add') {
      problems.push(`mode must be "replace" or "add", not ${JSON.stringify(mode)}`);
    }
    if (isJsonObject(body)) {
      for (const key of Object.keys(body)) {
        if (key !== 'scenarios' && key !== 'mode') {
          problems.push(`unknown member "${key}"; expected scenarios, mode`);
        }
      }
    }
    if (problems.length > 0) {
      throw new SettingsError(`invalid scenario request: ${problems.join('; ')}`);
    }

    return describeInventory(this.service.loadScenarios(names as string[], mode as ScenarioLoadMode));
  }

  private describeClock(): ControlResponse {
    const clock = this.service.clock;

    return ok({ now: toIsoString(clock.nowMs()), manual: clock instanceof ManualClock });
  }

  private advanceClock(bodyText: string): ControlResponse {
    const clock = this.service.clock;
    if (!(clock instanceof ManualClock)) {
      return failure(
        409,
        'the emulator runs on real time; start it with --clock manual to advance the clock',
      );
    }

    const body = parseControlBody(bodyText);
    if (body instanceof Error) {
      return failure(400, body.message);
    }

    const seconds = isJsonObject(body) ? body.seconds : undefined;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      return failure(400, 'body must be {"seconds": N} with N a number of 0 or more');
    }

    return ok({ now: toIsoString(clock.advanceSeconds(seconds)), manual: true });
  }
}

function describeInventory(inventory: Inventory): JsonValue {
  return {
    scenarioNames: [...inventory.scenarioNames],
    accounts: inventory.accountRegions.map((accountRegion) => ({
      accountID: accountRegion.accountID,
      region: accountRegion.region,
      sourceServers: accountRegion.servers.length,
    })),
  };
}

function parseControlBody(bodyText: string): JsonValue | Error {
  if (bodyText.trim() === '') {
    return {};
  }

  try {
    return JSON.parse(bodyText) as JsonValue;
  } catch (error) {
    return new Error(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

function ok(body: JsonValue): ControlResponse {
  return { status: 200, body };
}

function failure(status: number, message: string): ControlResponse {
  return { status, body: { message } };
}
