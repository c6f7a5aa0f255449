import {
  AccessDeniedException,
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  ServiceQuotaExceededException,
  StartRecoveryCommand,
  UninitializedAccountException,
} from '@aws-sdk/client-drs';
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
        launchFailures: [],
        launchFailuresRemaining: {},
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
  it('sets quotas, enforces them and restores them on reset', async () => {
    await start({ control: true });

    const set = await control('POST', 'quotas', { maxServersPerJob: 1 });
    const error = await startDrill(LINUX_A, LINUX_B).catch((caught: unknown) => caught);
    const stats = (await control('GET', 'stats')).body as EmulatorStats;
    await control('POST', 'reset');

    expect(set).toEqual({
      status: 200,
      body: {
        maxServersPerJob: 1,
        maxJobsInProgress: 20,
        maxServersInActiveJobs: 500,
        maxLaunchActionsPerResource: 200,
      },
    });
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(stats.quotaRefusalsByCode).toEqual({ 'L-B827C881': 1 });
    expect((await control('GET', 'quotas')).body).toMatchObject({ maxServersPerJob: 100 });
  });

  it('rejects unknown or invalid quotas', async () => {
    await start({ control: true });
    const response = await control('POST', 'quotas', { maxServersPerJob: 0, maxWaves: 3 });

    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toMatch(/unknown quota "maxWaves"/);
    expect((response.body as { message: string }).message).toMatch(
      /maxServersPerJob must be a positive integer/,
    );
  });

  it('denies an access key until the rules change', async () => {
    await start({ control: true });

    const set = await control('POST', 'access', {
      deniedAccessKeys: [{ accessKeyId: 'AKIA123456789012EMUL', operations: ['StartRecovery'] }],
    });
    const denied = await startDrill(LINUX_A).catch((caught: unknown) => caught);
    const allowed = await client.send(new DescribeJobsCommand({}));
    await control('POST', 'access', { deniedAccessKeys: [] });

    expect(set.status).toBe(200);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect((denied as AccessDeniedException).$metadata.httpStatusCode).toBe(403);
    expect(allowed.items).toEqual([]);
    expect((await startDrill(LINUX_A)).job?.status).toBe('PENDING');
  });

  it('adds a scenario and keeps the running jobs', async () => {
    await start({ control: true, clock: 'manual' });
    const job = await startDrill(LINUX_A);

    const added = await control('POST', 'scenario', { scenarios: ['seed-demo-6'], mode: 'add' });
    const servers = await client.send(new DescribeSourceServersCommand({ maxResults: 200 }));
    const jobs = await client.send(new DescribeJobsCommand({}));

    expect(added).toEqual({
      status: 200,
      body: {
        scenarioNames: ['three-tier-100', 'seed-demo-6'],
        accounts: [{ accountID: '123456789012', region: 'us-east-1', sourceServers: 108 }],
      },
    });
    expect(servers.items).toHaveLength(108);
    expect(jobs.items?.map((item) => item.jobID)).toEqual([job.job?.jobID]);
  });

  it('replaces the scenarios and starts over', async () => {
    await start({ control: true });
    await startDrill(LINUX_A);

    const replaced = await control('POST', 'scenario', { scenarios: ['enterprise-1000'] });
    const oldAccount = await client.send(new DescribeJobsCommand({})).catch((caught: unknown) => caught);
    const enterprise = new DrsClient({
      endpoint: emulator.url,
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIA210987654323EMUL', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const servers = await enterprise.send(new DescribeSourceServersCommand({ maxResults: 300 }));

      expect(replaced.status).toBe(200);
      expect(oldAccount).toBeInstanceOf(UninitializedAccountException);
      expect(servers.items).toHaveLength(250);
      expect(((await control('GET', 'stats')).body as EmulatorStats).jobs).toEqual([]);
    } finally {
      enterprise.destroy();
    }
  });

  it('loads scenarios by name only', async () => {
    await start({ control: true });

    const path = await control('POST', 'scenario', { scenarios: ['../scenarios/seed-demo-6.json'] });
    const unknown = await control('POST', 'scenario', { scenarios: ['no-such-scenario'], mode: 'add' });
    const mode = await control('POST', 'scenario', { scenarios: ['seed-demo-6'], mode: 'merge' });

    expect(path.status).toBe(400);
    expect((path.body as { message: string }).message).toMatch(/is not a scenario name/);
    expect(unknown.status).toBe(400);
    expect((unknown.body as { message: string }).message).toMatch(/scenario "no-such-scenario" not found/);
    expect(mode.status).toBe(400);
    expect((await control('GET', 'scenario')).body).toEqual({ scenarioNames: ['three-tier-100'] });
  });

  it('reports and rejects throttling settings', async () => {
    await start({ control: true });

    expect((await control('GET', 'throttling')).body).toEqual({
      enabled: true,
      read: { ratePerSecond: 400, burst: 800 },
      write: { ratePerSecond: 100, burst: 300 },
    });
    expect((await control('POST', 'throttling', { read: { ratePerSecond: -1 } })).status).toBe(400);
  });
});
