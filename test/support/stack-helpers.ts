import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { saveUser } from '@drs/auth';
import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';
import { Role } from '@drs/domain';
import { LocalStack } from '@drs/local-stack';

/** One sign-in per stack and role, made on first use. */
const stackTokens = new WeakMap<LocalStack, Map<Role, Promise<string>>>();

/**
 * Returns an access token of a user with `role` for the stack's API: the user is created in the
 * stack's database on first use, the same way `npm run users -- add` does, and signs in over REST.
 */
export function stackToken(stack: LocalStack, role: Role = Role.Admin): Promise<string> {
  let tokens = stackTokens.get(stack);
  if (!tokens) {
    tokens = new Map();
    stackTokens.set(stack, tokens);
  }
  let token = tokens.get(role);
  if (!token) {
    token = signInToStack(stack, role);
    tokens.set(role, token);
  }

  return token;
}

async function signInToStack(stack: LocalStack, role: Role): Promise<string> {
  const name = `e2e-${role}`;
  const password = randomBytes(18).toString('base64url');
  const client = new Client({ connectionString: stack.options.databaseUrl });
  await client.connect();
  try {
    await saveUser(client, name, role, password);
  } finally {
    await client.end();
  }
  const response = await fetch(`${stack.apiUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in of ${name} returned ${response.status}: ${await response.text()}`);
  }

  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * Calls the REST API as an admin and fails the test with the response body when the status is
 * unexpected.
 */
export async function api<T>(
  stack: LocalStack,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201, 202, 204],
) {
  const headers: Record<string, string> = { authorization: `Bearer ${await stackToken(stack)}` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${stack.apiUrl}/api/v1${path}`, {
    method,
    headers,
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
