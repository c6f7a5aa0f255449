import { createDrsEmulator, DrsEmulator } from '../../apps/drs-emulator/src';
import { fakeAuthorization } from './support/clients';
import {
  FuzzRequest,
  MUTATION_KINDS,
  MutationKind,
  PATTERN_SAMPLES,
  RequestFuzzer,
} from './support/request-fuzzer';
import { checkAgainstShape, EMULATED_OPERATIONS, readServiceModel } from './support/service-model';

const model = readServiceModel();
const REQUESTS = 1000;
const PARALLEL_REQUESTS = 16;
const FUZZ_SEED = 20261201;

/** mulberry32, written out here so the test does not share the emulator's generator. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  errorType: string | null;
  fieldNames: string[];
}

describe('DRS emulator under malformed requests', () => {
  let emulator: DrsEmulator;
  const fuzzer = new RequestFuzzer(model, seededRandom(FUZZ_SEED));

  beforeAll(async () => {
    // 1,000 requests in about a second exceed the default request-rate bucket on purpose.
    emulator = await createDrsEmulator({
      scenarios: ['three-tier-100'],
      port: 0,
      throttling: { enabled: false },
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function send(
    request: Pick<FuzzRequest, 'operation' | 'input'>,
  ): Promise<Omit<FuzzOutcome, 'request'>> {
    const http = fuzzer.toHttp(request.operation, request.input);
    const headers: Record<string, string> = { authorization: fakeAuthorization() };
    if (http.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${emulator.url}${http.path}`, {
      method: http.method,
      headers,
      body: http.body,
    });
    const text = await response.text();
    const body = text === '' ? {} : (JSON.parse(text) as { fieldList?: { name: string }[] });

    return {
      status: response.status,
      errorType: response.headers.get('x-amzn-errortype'),
      fieldNames: (body.fieldList ?? []).map((field) => field.name),
    };
  }

  it('has a valid sample for every input shape with a pattern', () => {
    const shapes = fuzzer.reachablePatternShapes(EMULATED_OPERATIONS);

    expect(shapes.sort()).toEqual(Object.keys(PATTERN_SAMPLES).sort());
    for (const shape of shapes) {
      expect(checkAgainstShape(model, shape, PATTERN_SAMPLES[shape], shape).problems).toEqual([]);
    }
  });

  it.each(EMULATED_OPERATIONS)('passes validation with the %s baseline', async (operation) => {
    const outcome = await send({ operation, input: fuzzer.baseline(operation) });

    expect(outcome.status).toBeLessThan(500);
    expect(outcome.errorType).not.toBe('ValidationException');
  });

  it(`answers ${REQUESTS} malformed requests with ValidationException on the field`, async () => {
    const requests = Array.from({ length: REQUESTS }, (_, index) =>
      fuzzer.generate(EMULATED_OPERATIONS[index % EMULATED_OPERATIONS.length]),
    );
    const outcomes: FuzzOutcome[] = [];
    for (let start = 0; start < requests.length; start += PARALLEL_REQUESTS) {
      const batch = requests.slice(start, start + PARALLEL_REQUESTS);
      const answered = await Promise.all(
        batch.map(async (request) => ({ request, ...(await send(request)) })),
      );
      outcomes.push(...answered);
    }

    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    const named = outcomes.filter(
      (outcome) =>
        outcome.status === 400 &&
        outcome.errorType === 'ValidationException' &&
        outcome.fieldNames.includes(outcome.request.field),
    );
    const misses = outcomes
      .filter((outcome) => !named.includes(outcome))
      .map(({ request, status, errorType, fieldNames }) => ({
        operation: request.operation,
        kind: request.kind,
        field: request.field,
        status,
        errorType,
        fieldNames,
      }));
    const kinds = new Map<MutationKind, number>();
    for (const { request } of outcomes) {
      kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
    }

    expect(outcomes).toHaveLength(REQUESTS);
    expect(serverErrors).toHaveLength(0);
    expect(misses.slice(0, 5)).toEqual([]);
    expect(named).toHaveLength(REQUESTS);
    expect(new Set(outcomes.map((outcome) => outcome.request.operation)).size).toBe(
      EMULATED_OPERATIONS.length,
    );
    for (const kind of MUTATION_KINDS) {
      expect({ kind, used: (kinds.get(kind) ?? 0) >= 10 }).toEqual({ kind, used: true });
    }
  });
});
