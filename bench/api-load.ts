import autocannon from 'autocannon';

import { runPacedLoad } from './paced-load';

export interface ApiLoadResult {
  name: string;
  path: string;
  /** Target requests per second; null for as fast as the API responds. */
  targetRatePerSecond: number | null;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

export interface ApiLoadOptions {
  name: string;
  apiUrl: string;
  /** Path under /api/v1. */
  path: string;
  token: string;
  ratePerSecond: number | null;
  durationSeconds: number;
  connections: number;
}

function run(options: ApiLoadOptions, durationSeconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${options.apiUrl}/api/v1${options.path}`,
    connections: options.connections,
    duration: durationSeconds,
    overallRate: options.ratePerSecond ?? undefined,
    headers: { authorization: `Bearer ${options.token}` },
  });
}

/** Seconds of load, at the same rate, before the measured run; they warm the gateway's read path. */
const WARM_UP_SECONDS = 3;

/**
 * Sends GET requests to one API path after a warm-up that is not counted, and returns latency
 * percentiles and the rate the API sustained. A fixed rate is paced evenly (see runPacedLoad):
 * autocannon's fixed rate sends each connection's share of a second back to back when the
 * second starts, so every second would begin with one request per connection at once. The
 * highest rate is autocannon's closed loop, each connection sending as soon as it has its response.
 */
export async function measureApiLoad(options: ApiLoadOptions): Promise<ApiLoadResult> {
  if (options.ratePerSecond !== null) {
    return measurePacedLoad(options, options.ratePerSecond);
  }
  await run(options, WARM_UP_SECONDS);
  const result = await run(options, options.durationSeconds);

  return {
    name: options.name,
    path: options.path,
    targetRatePerSecond: options.ratePerSecond,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function measurePacedLoad(options: ApiLoadOptions, ratePerSecond: number): Promise<ApiLoadResult> {
  const load = {
    url: `${options.apiUrl}/api/v1${options.path}`,
    headers: { authorization: `Bearer ${options.token}` },
    ratePerSecond,
    connections: options.connections,
  };
  await runPacedLoad({ ...load, durationSeconds: WARM_UP_SECONDS });
  const result = await runPacedLoad({ ...load, durationSeconds: options.durationSeconds });

  return {
    name: options.name,
    path: options.path,
    targetRatePerSecond: ratePerSecond,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: result.requests,
    requestsPerSecond: result.requests / result.durationSeconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    maxMs: result.maxMs,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
