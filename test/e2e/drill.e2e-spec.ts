import { io } from 'socket.io-client';

import type { ExecutionEventMessage, ExecutionView, SubscribeAck } from '@drs/contracts';
import { Role } from '@drs/domain';
import { LocalStack } from '@drs/local-stack';

import {
  allEvents,
  api,
  emulatorStats,
  inheritedPath,
  stackToken,
  waitForExecution,
} from '../support/stack-helpers';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '../support/test-database';

const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const TIERS = ['Database', 'App', 'Web'];

/** Creates one tag-selector group per tier of seed-demo-6 and a three-wave chain over them. */
async function createThreeTierPlan(stack: LocalStack): Promise<string> {
  const groupIds: string[] = [];
  for (const tier of TIERS) {
    const { body } = await api<{ id: string }>(stack, 'POST', '/protection-groups', {
      name: `3tier-${tier.toLowerCase()}`,
      accountId: ACCOUNT_ID,
      region: REGION,
      tagSelector: { Application: ['3TierRecovery'], Tier: [tier] },
    });
    groupIds.push(body.id);
  }
  const { body: plan } = await api<{ id: string }>(stack, 'POST', '/recovery-plans', {
    name: '3tier-recovery',
    waves: TIERS.map((tier, index) => ({
      name: tier,
      protectionGroupIds: [groupIds[index]],
      launchOrder: 'parallel',
      dependsOn: index === 0 ? [] : [TIERS[index - 1]],
    })),
  });

  return plan.id;
}

function isFinal(view: ExecutionView): boolean {
  return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(view.status);
}

async function startStack(
  label: string,
  database: TestDatabase,
  conflictFirstN?: number,
): Promise<LocalStack> {
  return LocalStack.start({
    databaseUrl: database.url,
    redisUrl: 'redis://127.0.0.1:6379',
    queuePrefix: uniqueQueuePrefix(label),
    scenarios: ['seed-demo-6'],
    // A Windows launch (1,200 s +-20%) takes about 2.4 s.
    timeScale: 0.002,
    seed: 7,
    conflictFirstN,
    drsTargets: [`${ACCOUNT_ID}/${REGION}`],
    jobPollIntervalMs: 100,
    conflictBackoffBaseMs: 300,
    extraEnv: inheritedPath(),
  });
}

describe('drill of seed-demo-6 through the real processes', () => {
  let database: TestDatabase;
  let stack: LocalStack;

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_drill');
    stack = await startStack('drill', database);
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('launches every server in wave order and streams every event in sequence', async () => {
    const planId = await createThreeTierPlan(stack);
    const { status, body } = await api<{ id: string }>(stack, 'POST', '/executions', {
      planId,
      mode: 'DRILL',
    });
    expect(status).toBe(202);

    const socket = io(stack.statusUrl, {
      transports: ['websocket'],
      auth: { token: await stackToken(stack, Role.Viewer) },
    });
    const streamed: ExecutionEventMessage[] = [];
    let snapshot: ExecutionView | null = null;
    socket.on('snapshot', (view) => (snapshot = view));
    socket.on('execution-event', (event) => streamed.push(event));
    const ack = await new Promise<SubscribeAck>((resolve) =>
      socket.emit('subscribe', { executionId: body.id }, resolve),
    );
    expect(ack.ok).toBe(true);

    const view = await waitForExecution(stack, body.id, isFinal);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    socket.close();

    expect(view.status).toBe('SUCCEEDED');
    const servers = view.waves.flatMap((wave) => wave.servers);
    expect(servers).toHaveLength(6);
    for (const server of servers) {
      expect(server.status).toBe('LAUNCHED');
      expect(server.recoveryInstanceId).toMatch(/^i-[0-9a-f]{8,}$/);
      expect(server.drsJobId).toMatch(/^drsjob-[0-9a-zA-Z]{17}$/);
    }

    // The emulator's log: no server of a wave was sent to DRS before every server of the wave it
    // depends on had finished launching.
    const stats = await emulatorStats(stack);
    const launchJobs = stats.jobs.filter((job) => job.type === 'LAUNCH');
    expect(launchJobs).toHaveLength(3);
    const waveOfServer = new Map(
      view.waves.flatMap((wave) => wave.servers.map((server) => [server.sourceServerId, wave.name] as const)),
    );
    const startedAt = new Map<string, number>();
    const finishedAt = new Map<string, number>();
    for (const call of stats.startRecoveryCalls.filter((item) => item.outcome === 'accepted')) {
      for (const id of call.sourceServerIDs) {
        const wave = waveOfServer.get(id) as string;
        startedAt.set(wave, Math.min(startedAt.get(wave) ?? Infinity, Date.parse(call.at)));
      }
    }
    for (const job of launchJobs) {
      for (const server of job.servers) {
        expect(server.finishedAt).not.toBeNull();
        const wave = waveOfServer.get(server.sourceServerID) as string;
        finishedAt.set(wave, Math.max(finishedAt.get(wave) ?? 0, Date.parse(server.finishedAt as string)));
      }
    }
    expect(startedAt.get('App')).toBeGreaterThanOrEqual(finishedAt.get('Database') as number);
    expect(startedAt.get('Web')).toBeGreaterThanOrEqual(finishedAt.get('App') as number);
    expect(stats.callsByOperation.StartRecovery).toBe(3);

    // The socket delivered the snapshot and then every later event once, in order.
    expect(snapshot).not.toBeNull();
    const stored = await allEvents(stack, body.id);
    const afterSnapshot = stored.filter(
      (event) => event.seq > (snapshot as unknown as ExecutionView).lastEventSeq,
    );
    expect(streamed.map((event) => event.seq)).toEqual(afterSnapshot.map((event) => event.seq));
    expect(stored.map((event) => event.seq)).toEqual(stored.map((_, index) => index + 1));
  });

  it('terminates the drill instances on cleanup', async () => {
    const { body: list } = await api<{ items: Array<{ id: string; status: string }> }>(
      stack,
      'GET',
      '/executions',
    );
    const executionId = list.items[0].id;

    await api(stack, 'POST', `/executions/${executionId}/cleanup`);
    const view = await waitForExecution(stack, executionId, (item) =>
      ['COMPLETED', 'FAILED'].includes(item.cleanupStatus),
    );

    expect(view.cleanupStatus).toBe('COMPLETED');
    for (const server of view.waves.flatMap((wave) => wave.servers)) {
      expect(server.instanceTerminatedAt).not.toBeNull();
    }
    const stats = await emulatorStats(stack);
    expect(stats.callsByOperation.TerminateRecoveryInstances).toBe(1);
  });
});

describe('drill whose first StartRecovery meets a ConflictException', () => {
  let database: TestDatabase;
  let stack: LocalStack;

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_conflict');
    stack = await startStack('conflict', database, 1);
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('retries the batch later and records the retry with its reason', async () => {
    const planId = await createThreeTierPlan(stack);
    const { body } = await api<{ id: string }>(stack, 'POST', '/executions', { planId, mode: 'DRILL' });

    const view = await waitForExecution(stack, body.id, isFinal);

    expect(view.status).toBe('SUCCEEDED');
    const events = await allEvents(stack, body.id);
    const retries = events.filter((event) => event.type === 'batch.retry-scheduled');
    expect(retries).toHaveLength(1);
    const retry = retries[0].payload as {
      reason: string;
      wave: string;
      blockingResourceId: string;
      retryInMs: number;
    };
    expect(retry.reason).toBe('CONFLICT');
    expect(retry.wave).toBe('Database');
    expect(retry.blockingResourceId).toMatch(/^s-/);
    expect(retry.retryInMs).toBeGreaterThan(0);
    const firstSubmit = events.findIndex((event) => event.type === 'batch.submitted');
    expect(firstSubmit).toBeGreaterThan(events.indexOf(retries[0]));

    const stats = await emulatorStats(stack);
    expect(stats.callsByOperation.StartRecovery).toBe(4);
    expect(stats.startRecoveryCalls[0].outcome).toBe('ConflictException');
    expect(stats.jobs.filter((job) => job.type === 'LAUNCH')).toHaveLength(3);
  });
});
