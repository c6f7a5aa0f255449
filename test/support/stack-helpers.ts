import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';
import { LocalStack } from '@drs/local-stack';

/** Calls the REST API and fails the test with the response body when the status is unexpected. */
export async function api<T>(
  stack: LocalStack,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201, 202, 204],
) {
  const response = await fetch(`${stack.apiUrl}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} returned ${response.status}: ${text}`);
  }

  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

export async function waitForExecution(
  stack: LocalStack,
  executionId: string,
  done: (view: ExecutionView) => boolean,
  timeoutMs = 120_000,
): Promise<ExecutionView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<ExecutionView>(stack, 'GET', `/executions/${executionId}`);
    if (done(body)) {
      return body;
    }
    if (Date.now() > deadline) {
      const logs = [...stack.services.values()].map((service) => service.recentOutput()).join('\n');
      throw new Error(`execution ${executionId} still ${body.status} after ${timeoutMs} ms\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function allEvents(stack: LocalStack, executionId: string): Promise<ExecutionEventMessage[]> {
  const events: ExecutionEventMessage[] = [];
  for (;;) {
    const afterSeq = events.length === 0 ? 0 : events[events.length - 1].seq;
    const { body } = await api<{ items: ExecutionEventMessage[] }>(
      stack,
      'GET',
      `/executions/${executionId}/events?afterSeq=${afterSeq}&limit=1000`,
    );
    events.push(...body.items);
    if (body.items.length < 1000) {
      return events;
    }
  }
}

export interface EmulatorStats {
  callsByOperation: Record<string, number>;
  startRecoveryCalls: Array<{ at: string; jobID: string | null; sourceServerIDs: string[]; outcome: string }>;
  jobs: Array<{
    jobID: string;
    type: string;
    createdAt: string;
    endedAt: string | null;
    tags?: Record<string, string>;
    servers: Array<{
      sourceServerID: string;
      launchStatus: string;
      startedAt: string | null;
      finishedAt: string | null;
    }>;
  }>;
  jobsPerServer: Record<string, number>;
}

export async function emulatorStats(stack: LocalStack): Promise<EmulatorStats> {
  const response = await fetch(`${stack.emulatorUrl}/__emulator/stats`);

  return (await response.json()) as EmulatorStats;
}

export function inheritedPath(): Record<string, string> {
  return { PATH: process.env.PATH ?? '' };
}
