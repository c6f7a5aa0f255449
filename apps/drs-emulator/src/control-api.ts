import { ManualClock, toIsoString } from './clock';
import { FaultSettingsError, parseFaultPatch } from './faults';
import { isJsonObject, JsonValue } from './json';
import { DrsService } from './service';

export const CONTROL_PATH_PREFIX = '/__emulator/';

export interface ControlResponse {
  status: number;
  body: JsonValue;
}

type ControlRoute = (bodyText: string) => ControlResponse;

/**
 * The emulator's own HTTP API for tests: health, reset, faults, statistics and the manual clock.
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
