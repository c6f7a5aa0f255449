import autocannon from 'autocannon';

export interface ApiLoadResult {
  name: string;
  path: string;
  /** Requests per second that autocannon aimed at; null for as fast as the API answers. */
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

/**
 * Sends GET requests to one API path with autocannon, after a two-second warm-up that is not
 * counted, and returns latency percentiles and the rate the API sustained.
 */
export async function measureApiLoad(options: ApiLoadOptions): Promise<ApiLoadResult> {
  await run(options, 2);
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
