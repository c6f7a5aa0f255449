import { Agent, request } from 'node:http';

import { summarizeLatencies } from './latency-summary';

export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  ratePerSecond: number;
  durationSeconds: number;
  /** Keep-alive connections at most; a request waits for a free one when all are busy. */
  connections: number;
}

export interface PacedLoadResult {
  requests: number;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

/**
 * Sends GET requests at a constant rate, one every 1/rate seconds, whether or not earlier ones
 * have received a response (an open-loop load, as wrk2 generates). Each latency runs from the time
 * the request was due, not from when it could be sent, so a slow response also counts against
 * the requests queued behind it.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const intervalMs = 1_000 / options.ratePerSecond;
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const startedAt = performance.now();

  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const call = request(options.url, { agent, headers: options.headers }, (response) => {
        if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) {
          non2xx += 1;
        }
        response.on('data', () => undefined);
        response.on('end', () => {
          latencies.push(performance.now() - dueAt);
          resolve();
        });
      });
      call.on('error', () => {
        errors += 1;
        resolve();
      });
      call.end();
    });

  const pending: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const dueAt = startedAt + index * intervalMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    pending.push(send(dueAt));
  }
  await Promise.all(pending);
  agent.destroy();

  const summary = summarizeLatencies(latencies);

  return {
    requests: latencies.length,
    durationSeconds: (performance.now() - startedAt) / 1_000,
    p50Ms: summary.p50Ms ?? 0,
    p99Ms: summary.p99Ms ?? 0,
    maxMs: summary.maxMs ?? 0,
    non2xx,
    errors,
  };
}
