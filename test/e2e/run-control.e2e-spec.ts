import type { ExecutionView } from '@drs/contracts';
import { emulatorAccessKeyId } from '@drs/drs-adapter';
import { LocalStack } from '@drs/local-stack';

import { allEvents, api, emulatorStats, inheritedPath, waitForExecution } from '../support/stack-helpers';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '../support/test-database';

const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const TIERS = ['Database', 'App', 'Web'];
/** The two Database servers of seed-demo-6; each test scripts a failure for a server not failed before. */
const DATABASE_SERVER = 's-3c1730a9e0771ea14';
const OTHER_DATABASE_SERVER = 's-3d75cdc0d9a28a725';

const FINAL_SERVER_STATUSES = ['LAUNCHED', 'FAILED', 'SKIPPED'];

async function setFaults(stack: LocalStack, faults: object): Promise<void> {
  const response = await fetch(`${stack.emulatorUrl}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) {
    throw new Error(`setting emulator faults failed: ${response.status} ${await response.text()}`);
  }
}

async function setAccess(stack: LocalStack, deniedAccessKeys: object[]): Promise<void> {
  const response = await fetch(`${stack.emulatorUrl}/__emulator/access`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deniedAccessKeys }),
  });
  if (!response.ok) {
    throw new Error(`setting emulator access rules failed: ${response.status} ${await response.text()}`);
  }
}

function servers(view: ExecutionView) {
  return view.waves.flatMap((wave) => wave.servers.map((server) => ({ ...server, wave: wave.name })));
}

describe('run control through the real processes', () => {
  let database: TestDatabase;
  let stack: LocalStack;
  const groupIds: string[] = [];

  async function createPlan(name: string, databaseWavePolicy: 'halt' | 'continue'): Promise<string> {
    const { body } = await api<{ id: string }>(stack, 'POST', '/recovery-plans', {
      name,
      waves: TIERS.map((tier, index) => ({
        name: tier,
        protectionGroupIds: [groupIds[index]],
        launchOrder: 'parallel',
        dependsOn: index === 0 ? [] : [TIERS[index - 1]],
        failurePolicy: index === 0 ? databaseWavePolicy : 'halt',
      })),
    });

    return body.id;
  }

  async function startDrill(planId: string): Promise<string> {
    const { body } = await api<{ id: string }>(stack, 'POST', '/executions', { planId, mode: 'DRILL' });

    return body.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_control');
    stack = await LocalStack.start({
      databaseUrl: database.url,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: uniqueQueuePrefix('control'),
      scenarios: ['seed-demo-6'],
      // A Windows launch (1,200 s +-20%) takes about 2.4 s.
      timeScale: 0.002,
      seed: 11,
      drsTargets: [`${ACCOUNT_ID}/${REGION}`],
      jobPollIntervalMs: 100,
      extraEnv: inheritedPath(),
    });
    for (const tier of TIERS) {
      const { body } = await api<{ id: string }>(stack, 'POST', '/protection-groups', {
        name: `control-${tier.toLowerCase()}`,
        accountId: ACCOUNT_ID,
        region: REGION,
        tagSelector: { Application: ['3TierRecovery'], Tier: [tier] },
      });
      groupIds.push(body.id);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('cancel in wave 2 stops every later StartRecovery', async () => {
    const executionId = await startDrill(await createPlan('control-cancel', 'halt'));
    await waitForExecution(stack, executionId, (view) =>
      servers(view).some((server) => server.wave === 'App' && server.drsJobId !== null),
    );

    const { status, body } = await api<{ status: string }>(
      stack,
      'POST',
      `/executions/${executionId}/cancel`,
      {
        reason: 'test',
      },
    );
    const acceptedAt = Date.now();
    expect(status).toBe(200);
    expect(body.status).toBe('CANCELLED');

    // DRS jobs already in flight are tracked to their end.
    const view = await waitForExecution(stack, executionId, (item) =>
      servers(item).every((server) => FINAL_SERVER_STATUSES.includes(server.status)),
    );
    expect(view.status).toBe('CANCELLED');
    const byWave = (wave: string) => servers(view).filter((server) => server.wave === wave);
    expect(byWave('Database').map((server) => server.status)).toEqual(['LAUNCHED', 'LAUNCHED']);
    expect(byWave('App').map((server) => server.status)).toEqual(['LAUNCHED', 'LAUNCHED']);
    expect(byWave('Web').map((server) => server.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(view.waves.map((wave) => wave.status)).toEqual(['SUCCEEDED', 'CANCELLED', 'CANCELLED']);

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stats = await emulatorStats(stack);
    const callsOfExecution = stats.startRecoveryCalls.filter((call) =>
      stats.jobs.some(
        (job) => job.jobID === call.jobID && job.tags?.['drs-orchestrator:execution'] === executionId,
      ),
    );
    expect(callsOfExecution).toHaveLength(2);
    const lateCalls = stats.startRecoveryCalls.filter((call) => Date.parse(call.at) > acceptedAt);
    expect(lateCalls).toEqual([]);

    const events = await allEvents(stack, executionId);
    expect(events.some((event) => event.type === 'execution.status-changed')).toBe(true);
  });

  it('halt stops the run at a failed critical server until a retry succeeds', async () => {
    await setFaults(stack, {
      launchFailures: [{ sourceServerID: DATABASE_SERVER, failFirstAttempts: 1, phase: 'launch' }],
    });
    const executionId = await startDrill(await createPlan('control-halt', 'halt'));

    const halted = await waitForExecution(stack, executionId, (view) => view.status === 'HALTED');
    expect(halted.waves.map((wave) => wave.status)).toEqual(['FAILED', 'PENDING', 'PENDING']);
    const failed = servers(halted).find((server) => server.sourceServerId === DATABASE_SERVER);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.failureReason).toContain('LAUNCH_FAILED');
    expect(
      servers(halted)
        .filter((server) => server.wave !== 'Database')
        .every((server) => server.drsJobId === null),
    ).toBe(true);

    const { body } = await api<{ status: string }>(stack, 'POST', `/executions/${executionId}/retry`, {
      sourceServerIds: [DATABASE_SERVER],
    });
    expect(body.status).toBe('RUNNING');

    const done = await waitForExecution(stack, executionId, (view) =>
      ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(view.status),
    );
    expect(done.status).toBe('SUCCEEDED');
    const retried = servers(done).find((server) => server.sourceServerId === DATABASE_SERVER);
    expect(retried?.status).toBe('LAUNCHED');
    expect(retried?.attempt).toBe(2);
    const stats = await emulatorStats(stack);
    const jobsOfServer = stats.jobs.filter(
      (job) =>
        job.tags?.['drs-orchestrator:execution'] === executionId &&
        job.servers.some((server) => server.sourceServerID === DATABASE_SERVER),
    );
    expect(jobsOfServer).toHaveLength(2);
  });

  it('continue records the failure and launches the later waves', async () => {
    await setFaults(stack, {
      launchFailures: [{ sourceServerID: OTHER_DATABASE_SERVER, failFirstAttempts: 1, phase: 'launch' }],
    });
    const executionId = await startDrill(await createPlan('control-continue', 'continue'));

    const done = await waitForExecution(stack, executionId, (view) =>
      ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(view.status),
    );

    expect(done.status).toBe('FAILED');
    expect(done.statusReason).toContain('Database');
    expect(done.waves.map((wave) => wave.status)).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(done.waves[0].statusReason).toContain('critical');
    const failed = servers(done).filter((server) => server.status === 'FAILED');
    expect(failed.map((server) => server.sourceServerId)).toEqual([OTHER_DATABASE_SERVER]);
    const events = await allEvents(stack, executionId);
    const completed = events.find(
      (event) => event.type === 'wave.completed' && (event.payload as { wave: string }).wave === 'Database',
    );
    expect(completed?.payload).toMatchObject({ status: 'FAILED', failurePolicy: 'continue', failed: 1 });
  });

  it('cleanup rejected by DRS ends FAILED and can run again', async () => {
    const executionId = await startDrill(await createPlan('control-cleanup', 'halt'));
    const ended = await waitForExecution(stack, executionId, (view) => view.status === 'SUCCEEDED');
    const instanceCount = servers(ended).filter((server) => server.recoveryInstanceId !== null).length;
    expect(instanceCount).toBe(6);

    // DRS rejects the terminate call for the account: no job is ever tracked for it.
    await setAccess(stack, [
      { accessKeyId: emulatorAccessKeyId(ACCOUNT_ID), operations: ['TerminateRecoveryInstances'] },
    ]);
    try {
      await api(stack, 'POST', `/executions/${executionId}/cleanup`);
      const failed = await waitForExecution(
        stack,
        executionId,
        (view) => view.cleanupStatus !== 'REQUESTED' && view.cleanupStatus !== 'IN_PROGRESS',
      );
      expect(failed.cleanupStatus).toBe('FAILED');
      const completed = (await allEvents(stack, executionId)).filter(
        (event) => event.type === 'cleanup.completed',
      );
      expect(completed).toHaveLength(1);
      expect(completed[0].payload).toEqual({ status: 'FAILED', terminated: 0, failed: 6 });
    } finally {
      await setAccess(stack, []);
    }

    // A failed cleanup may be requested again, and then terminates every instance.
    await api(stack, 'POST', `/executions/${executionId}/cleanup`);
    const cleaned = await waitForExecution(stack, executionId, (view) => view.cleanupStatus === 'COMPLETED');
    expect(servers(cleaned).every((server) => server.instanceTerminatedAt !== null)).toBe(true);
  });

  it('rejects resume of a run that is not paused', async () => {
    const { body: list } = await api<{ items: Array<{ id: string }> }>(stack, 'GET', '/executions');
    const response = await api<{ code: string; message: string }>(
      stack,
      'POST',
      `/executions/${list.items[0].id}/resume`,
      {},
      [409],
    );

    expect(response.body.code).toBe('INVALID_EXECUTION_STATE');
    expect(response.body.message).toContain('allowed from PAUSED');
  });
});
