import type { ExecutionView } from '@drs/contracts';
import { LocalStack } from '@drs/local-stack';

import { checkInvariants } from '../support/invariants';
import { createOrdersPlan, faultsForAllOperations, setEmulatorFaults } from '../support/orders-plan';
import { PrivateRedis } from '../support/private-redis';
import { allEvents, api, emulatorStats, inheritedPath, waitForExecution } from '../support/stack-helpers';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '../support/test-database';

const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

async function startStack(database: TestDatabase, redisUrl: string, label: string): Promise<LocalStack> {
  return LocalStack.start({
    databaseUrl: database.url,
    redisUrl,
    queuePrefix: uniqueQueuePrefix(label),
    scenarios: ['three-tier-100'],
    timeScale: 0.003,
    seed: 5,
    drsTargets: ['123456789012/us-east-1'],
    jobPollIntervalMs: 150,
    conflictBackoffBaseMs: 200,
    extraEnv: { ...inheritedPath(), DRS_CALL_TIMEOUT_MS: '1500', CONFLICT_BACKOFF_MAX_MS: '2000' },
  });
}

describe('a 100-server drill against a faulty DRS', () => {
  let database: TestDatabase;
  let stack: LocalStack;

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_faults');
    stack = await startStack(database, 'redis://127.0.0.1:6379', 'faults');
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('launches every server through conflicts, throttling, 500s and hangs', async () => {
    const planId = await createOrdersPlan(stack, 'faulty-drs');
    await setEmulatorFaults(
      stack,
      faultsForAllOperations({
        startRecoveryConflictRate: 0.3,
        throttleRate: 0.1,
        internalErrorRate: 0.05,
        hangRate: 0.02,
      }),
    );
    const { body } = await api<{ id: string }>(stack, 'POST', '/executions', { planId, mode: 'DRILL' });

    const view = await waitForExecution(stack, body.id, (item) => TERMINAL.includes(item.status), 240_000);

    expect(view.status).toBe('SUCCEEDED');
    const servers = view.waves.flatMap((wave) => wave.servers);
    expect(servers.filter((server) => server.status === 'LAUNCHED')).toHaveLength(100);
    const events = await allEvents(stack, body.id);
    const retries = events.filter((event) => event.type === 'batch.retry-scheduled');
    const reasons = new Set(retries.map((event) => (event.payload as { reason: string }).reason));
    expect(reasons.has('CONFLICT')).toBe(true);
    const stats = await emulatorStats(stack);
    const injected = stats as unknown as {
      callsByOperation: Record<string, number>;
      injectedFaults: Array<{ operation: string; fault: string }>;
    };
    const kinds = new Set(injected.injectedFaults.map((record) => record.fault));
    // Each kind of fault reached the orchestrator at least once and was absorbed.
    for (const kind of ['conflict', 'throttle', 'internalError', 'hang']) {
      expect(kinds).toContain(kind);
    }
    expect(injected.callsByOperation.StartRecovery).toBeGreaterThan(4);
    const invariants = await checkInvariants(database.url, stats);
    expect(invariants.violations).toEqual([]);
    expect(invariants.launchJobs).toBe(4);
    process.stdout.write(
      `faulty DRS: ${injected.injectedFaults.length} faults injected, ` +
        `${retries.length} retries absorbed (${[...reasons].join(', ')}), ` +
        `${injected.callsByOperation.StartRecovery} StartRecovery calls for 4 jobs\n`,
    );
  });
});

describe('a drill whose Redis is down for 20 seconds', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let stack: LocalStack;

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_redis');
    redis = await PrivateRedis.start();
    stack = await startStack(database, redis.url, 'redis-down');
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
    await database?.drop();
  });

  it('finishes without help once Redis is back', async () => {
    const planId = await createOrdersPlan(stack, 'redis-down');
    const { body } = await api<{ id: string }>(stack, 'POST', '/executions', { planId, mode: 'DRILL' });
    await waitForExecution(stack, body.id, (view: ExecutionView) =>
      view.waves.some((wave) => wave.name === 'app' && wave.status === 'RUNNING'),
    );

    await redis.crash();
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await redis.resume();

    const view = await waitForExecution(stack, body.id, (item) => TERMINAL.includes(item.status), 180_000);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.waves.flatMap((wave) => wave.servers).every((server) => server.status === 'LAUNCHED')).toBe(
      true,
    );
    const invariants = await checkInvariants(database.url, await emulatorStats(stack));
    expect(invariants.violations).toEqual([]);
  });
});
