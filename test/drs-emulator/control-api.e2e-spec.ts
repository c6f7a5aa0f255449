import { DescribeJobsCommand, DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import {
  createDrsEmulator,
  DrsEmulator,
  DrsEmulatorOptions,
  EmulatorStats,
} from '../../apps/drs-emulator/src';

const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';

describe('DRS emulator control API', () => {
  let emulator: DrsEmulator;
  let client: DrsClient;

  async function start(options: DrsEmulatorOptions): Promise<void> {
    emulator = await createDrsEmulator({ scenarios: ['three-tier-100'], port: 0, ...options });
    client = new DrsClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIA123456789012EMUL', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  }

  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  async function control(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

    return { status: response.status, body: await response.json() };
  }

  function startDrill(...ids: string[]) {
    return client.send(
      new StartRecoveryCommand({
        sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
        isDrill: true,
      }),
    );
  }

  it('serves health even when the control API is off', async () => {
    await start({});

    expect(await control('GET', 'health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('hides the other control paths when the control API is off', async () => {
    await start({});
    const response = await control('GET', 'stats');

    expect(response.status).toBe(404);
  });

  it('reports calls, jobs and peaks in stats', async () => {
    await start({ control: true, clock: 'manual' });
    const accepted = await startDrill(LINUX_A);
    await startDrill(LINUX_A).catch(() => undefined);
    await client.send(new DescribeJobsCommand({}));

    const { status, body } = await control('GET', 'stats');
    const stats = body as EmulatorStats;

    expect(status).toBe(200);
    expect(stats.callsByOperation).toEqual({ StartRecovery: 2, DescribeJobs: 1 });
    expect(stats.startRecoveryCalls.map((call) => call.outcome)).toEqual(['accepted', 'ConflictException']);
    expect(stats.startRecoveryCalls[0]).toEqual({
      at: '2026-12-01T00:00:00.000Z',
      accountID: '123456789012',
      region: 'us-east-1',
      jobID: accepted.job?.jobID,
      sourceServerIDs: [LINUX_A],
      isDrill: true,
      tags: {},
      outcome: 'accepted',
    });
    expect(stats.jobs).toEqual([
      {
        jobID: accepted.job?.jobID,
        type: 'LAUNCH',
        accountID: '123456789012',
        region: 'us-east-1',
        createdAt: '2026-12-01T00:00:00.000Z',
        endedAt: null,
        tags: {},
        servers: [
          {
            sourceServerID: LINUX_A,
            launchStatus: 'PENDING',
            startedAt: null,
            finishedAt: null,
            recoveryInstanceID: null,
          },
        ],
      },
    ]);
    expect(stats.jobsPerServer).toEqual({ [LINUX_A]: 1 });
    expect(stats.maxJobsInFlight).toBe(1);
    expect(stats.maxServersInFlight).toBe(1);
    expect(stats.conflicts).toBe(1);
    expect(stats.quotaRefusals).toBe(0);
  });

  it('advances the manual clock and the jobs with it', async () => {
    await start({ control: true, clock: 'manual' });
    const accepted = await startDrill(LINUX_A, LINUX_B);

    const advanced = await control('POST', 'clock/advance', { seconds: 3600 });
    const jobs = await client.send(new DescribeJobsCommand({}));
    const stats = (await control('GET', 'stats')).body as EmulatorStats;

    expect(advanced).toEqual({ status: 200, body: { now: '2026-12-01T01:00:00.000Z', manual: true } });
    expect(jobs.items?.[0].jobID).toBe(accepted.job?.jobID);
    expect(jobs.items?.[0].status).toBe('COMPLETED');
    for (const server of stats.jobs[0].servers) {
      expect(server.launchStatus).toBe('LAUNCHED');
      expect(Date.parse(server.finishedAt as string)).toBeGreaterThan(Date.parse(server.startedAt as string));
      expect(server.recoveryInstanceID).toMatch(/^i-[0-9a-f]{17}$/);
    }
  });

  it('refuses to advance a real clock', async () => {
    await start({ control: true });

    expect((await control('POST', 'clock/advance', { seconds: 1 })).status).toBe(409);
  });

  it('validates the advance body', async () => {
    await start({ control: true, clock: 'manual' });

    expect((await control('POST', 'clock/advance', { seconds: -5 })).status).toBe(400);
  });

  it('sets faults and reports them', async () => {
    await start({ control: true });

    const set = await control('POST', 'faults', {
      conflictFirstN: 1,
      operations: { DescribeJobs: { throttleRate: 0.5 } },
    });
    expect(set).toEqual({
      status: 200,
      body: {
        conflictFirstN: 1,
        conflictsRemaining: 1,
        launchFailureRate: 0,
        operations: { DescribeJobs: { throttleRate: 0.5 } },
      },
    });

    await expect(startDrill(LINUX_A)).rejects.toMatchObject({
      name: 'ConflictException',
      resourceId: LINUX_A,
    });
    expect((await startDrill(LINUX_A)).job?.status).toBe('PENDING');
  });

  it('rejects invalid faults with the reason', async () => {
    await start({ control: true });
    const response = await control('POST', 'faults', {
      operations: { NoSuchOperation: { throttleRate: 1 } },
    });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'invalid faults: operations.NoSuchOperation is not a DRS operation',
    });
  });

  it('resets to the loaded scenarios with the same seeded ids', async () => {
    await start({ control: true, clock: 'manual' });
    const before = await startDrill(LINUX_A);

    expect(await control('POST', 'reset')).toEqual({ status: 200, body: { status: 'ok' } });
    const jobs = await client.send(new DescribeJobsCommand({}));
    const stats = (await control('GET', 'stats')).body as EmulatorStats;
    const after = await startDrill(LINUX_A);

    expect(jobs.items).toEqual([]);
    expect(stats.callsByOperation).toEqual({ DescribeJobs: 1 });
    expect(after.job?.jobID).toBe(before.job?.jobID);
  });
});
