import {
  ConflictException,
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  DrsClient,
  DrsServiceException,
  Job,
  JobLog,
  JobStatus,
  paginateDescribeJobLogItems,
  paginateDescribeSourceServers,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  SourceServer,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
  ThrottlingException,
  UninitializedAccountException,
  ValidationException,
} from '@aws-sdk/client-drs';
import { createDrsEmulator, DrsEmulator, DrsEmulatorOptions } from '../../apps/drs-emulator/src';
import { loadDrsModel } from '../../apps/drs-emulator/src/model';
import { findRepositoryRoot, serviceModelPath } from '../../apps/drs-emulator/src/paths';

// 0.002 turns a 300-second Linux launch into about 0.6 s and a 60-second termination into 0.12 s.
const TIME_SCALE = 0.002;
const ACCESS_KEY_ID = 'AKIA123456789012EMUL';

// Servers of three-tier-100 in account 123456789012, us-east-1.
const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';
const LINUX_C = 's-82e4d394371cedb22';
const DISCONNECTED = 's-58382a1284b650a49';

const model = loadDrsModel(serviceModelPath(findRepositoryRoot(__dirname)));

function createClient(emulator: DrsEmulator, accessKeyId = ACCESS_KEY_ID, region = 'us-east-1'): DrsClient {
  return new DrsClient({
    endpoint: emulator.url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded, but an error was expected');
}

/** Returns the paths of members in `value` that the model's `shapeName` does not define. */
function membersOutsideModel(shapeName: string, value: unknown, path = shapeName): string[] {
  const shape = model.shape(shapeName);
  if (value === null || value === undefined) {
    return [];
  }
  if (shape.type === 'structure') {
    const members = shape.members ?? {};
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      members[key] ? membersOutsideModel(members[key].shape, child, `${path}.${key}`) : [`${path}.${key}`],
    );
  }
  if (shape.type === 'list' && shape.member && Array.isArray(value)) {
    const memberShape = shape.member.shape;
    return value.flatMap((item, index) => membersOutsideModel(memberShape, item, `${path}[${index}]`));
  }
  if (shape.type === 'map' && shape.value) {
    const valueShape = shape.value.shape;
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      membersOutsideModel(valueShape, child, `${path}[${key}]`),
    );
  }

  return [];
}

describe('DRS emulator through @aws-sdk/client-drs', () => {
  let emulator: DrsEmulator;
  let client: DrsClient;

  async function start(options: DrsEmulatorOptions = {}): Promise<void> {
    emulator = await createDrsEmulator({
      scenarios: ['three-tier-100'],
      port: 0,
      timeScale: TIME_SCALE,
      ...options,
    });
    client = createClient(emulator);
  }

  async function describeJob(jobID: string): Promise<Job> {
    const output = await client.send(new DescribeJobsCommand({ filters: { jobIDs: [jobID] } }));
    return (output.items ?? [])[0];
  }

  async function waitForCompletion(jobID: string): Promise<Job> {
    return waitFor(
      () => describeJob(jobID),
      (job) => job.status === 'COMPLETED',
    );
  }

  async function describeServer(sourceServerID: string): Promise<SourceServer> {
    const output = await client.send(
      new DescribeSourceServersCommand({ filters: { sourceServerIDs: [sourceServerID] } }),
    );
    return (output.items ?? [])[0];
  }

  async function startDrill(...sourceServerIDs: string[]): Promise<Job> {
    const output = await client.send(
      new StartRecoveryCommand({
        sourceServers: sourceServerIDs.map((sourceServerID) => ({ sourceServerID })),
        isDrill: true,
        tags: { Purpose: 'e2e' },
      }),
    );
    return output.job as Job;
  }

  afterEach(async () => {
    client?.destroy();
    await emulator?.close();
  });

  it('pages DescribeSourceServers through all 102 servers', async () => {
    await start();
    const pages: SourceServer[][] = [];
    for await (const page of paginateDescribeSourceServers({ client, pageSize: 25 }, {})) {
      pages.push(page.items ?? []);
    }
    const ids = pages.flat().map((server) => server.sourceServerID);

    expect(pages.map((page) => page.length)).toEqual([25, 25, 25, 25, 2]);
    expect(new Set(ids).size).toBe(102);
  });

  it('uses a default page of 100 and omits nextToken on the last page', async () => {
    await start();
    const first = await client.send(new DescribeSourceServersCommand({}));
    const second = await client.send(new DescribeSourceServersCommand({ nextToken: first.nextToken }));

    expect(first.items).toHaveLength(100);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(second.items).toHaveLength(2);
    expect(second.nextToken).toBeUndefined();
  });

  it('runs a drill of two servers from PENDING to COMPLETED', async () => {
    await start();
    const started = await client.send(
      new StartRecoveryCommand({
        sourceServers: [{ sourceServerID: LINUX_A }, { sourceServerID: LINUX_B }],
        isDrill: true,
        tags: { Purpose: 'e2e' },
      }),
    );
    const job = started.job as Job;

    expect(started.$metadata.httpStatusCode).toBe(202);
    expect(job.jobID).toMatch(/^drsjob-[0-9a-zA-Z]{17}$/);
    expect(job).toMatchObject({
      type: 'LAUNCH',
      initiatedBy: 'START_DRILL',
      status: 'PENDING',
      tags: { Purpose: 'e2e' },
    });

    const statuses: JobStatus[] = [job.status as JobStatus];
    const completed = await waitFor(
      async () => {
        const current = await describeJob(job.jobID as string);
        if (statuses[statuses.length - 1] !== current.status) {
          statuses.push(current.status as JobStatus);
        }
        return current;
      },
      (current) => current.status === 'COMPLETED',
    );

    expect(statuses).toEqual(['PENDING', 'STARTED', 'COMPLETED']);
    expect(completed.endDateTime).toEqual(expect.any(String));
    expect(completed.participatingServers?.map((server) => server.launchStatus)).toEqual([
      'LAUNCHED',
      'LAUNCHED',
    ]);

    const instances = await client.send(
      new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [LINUX_A, LINUX_B] } }),
    );
    expect(instances.items).toHaveLength(2);
    for (const instance of instances.items ?? []) {
      expect(instance).toMatchObject({
        ec2InstanceState: 'RUNNING',
        isDrill: true,
        jobID: job.jobID,
        originEnvironment: 'ON_PREMISES',
        tags: { Purpose: 'e2e' },
      });
      expect(instance.recoveryInstanceID).toMatch(/^i-[0-9a-f]{17}$/);
    }

    const server = await describeServer(LINUX_A);
    expect(server.lastLaunchResult).toBe('SUCCEEDED');
    expect(server.lifeCycle?.lastLaunch).toMatchObject({
      initiated: { jobID: job.jobID, type: 'DRILL' },
      status: 'LAUNCHED',
    });
    expect(server.recoveryInstanceId).toBe(completed.participatingServers?.[0].recoveryInstanceID);
  });

  it('answers ConflictException for a server already in an active job', async () => {
    await start();
    const job = await startDrill(LINUX_A);

    const error = await captureError(startDrill(LINUX_C, LINUX_A));

    expect(error).toBeInstanceOf(ConflictException);
    const conflict = error as ConflictException;
    expect(conflict.$metadata.httpStatusCode).toBe(409);
    expect(conflict.resourceId).toBe(LINUX_A);
    expect(conflict.resourceType).toBe('SOURCE_SERVER');
    expect(conflict.message).toContain(job.jobID);
  });

  it('answers ServiceQuotaExceededException for 101 servers in one job', async () => {
    await start();
    const servers = await client.send(new DescribeSourceServersCommand({ maxResults: 101 }));
    const ids = (servers.items ?? []).map((server) => server.sourceServerID as string);
    expect(ids).toHaveLength(101);

    const error = await captureError(startDrill(...ids));

    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    const quota = error as ServiceQuotaExceededException;
    expect(quota.$metadata.httpStatusCode).toBe(402);
    expect(quota.quotaCode).toBe('L-B827C881');
    expect(quota.serviceCode).toBe('drs');
  });

  it('answers ValidationException naming a malformed server id', async () => {
    await start();

    const error = await captureError(startDrill(LINUX_A, 's-not-a-server-id!'));

    expect(error).toBeInstanceOf(ValidationException);
    const validation = error as ValidationException;
    expect(validation.$metadata.httpStatusCode).toBe(400);
    expect(validation.reason).toBe('fieldValidationFailed');
    expect(validation.fieldList).toEqual([
      expect.objectContaining({ name: 'sourceServers[1].sourceServerID' }),
    ]);
  });

  it('answers the first StartRecovery with a conflict when conflictFirstN is 1', async () => {
    await start({ conflictFirstN: 1 });

    const error = await captureError(startDrill(LINUX_A));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).resourceId).toBe(LINUX_A);

    const job = await startDrill(LINUX_A);
    expect(job.status).toBe('PENDING');
  });

  it('logs job events in launch order', async () => {
    await start();
    const job = await startDrill(LINUX_A, LINUX_B);
    await waitForCompletion(job.jobID as string);

    const items: JobLog[] = [];
    for await (const page of paginateDescribeJobLogItems({ client, pageSize: 3 }, { jobID: job.jobID })) {
      items.push(...(page.items ?? []));
    }
    const events = items.map((item) => item.event);
    const eventsOf = (id: string) =>
      items.filter((item) => item.eventData?.sourceServerID === id).map((item) => item.event);

    expect(events[0]).toBe('JOB_START');
    expect(events[events.length - 1]).toBe('JOB_END');
    expect(items).toHaveLength(12);
    for (const id of [LINUX_A, LINUX_B]) {
      expect(eventsOf(id)).toEqual([
        'SNAPSHOT_START',
        'SNAPSHOT_END',
        'CONVERSION_START',
        'CONVERSION_END',
        'LAUNCH_START',
      ]);
    }
    const times = items.map((item) => Date.parse(item.logDateTime as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('launches a disconnected server from its last snapshot', async () => {
    await start();
    const job = await startDrill(DISCONNECTED);
    const completed = await waitForCompletion(job.jobID as string);
    const log = await client.send(new DescribeJobLogItemsCommand({ jobID: job.jobID }));

    expect(completed.participatingServers?.[0].launchStatus).toBe('LAUNCHED');
    const events = (log.items ?? []).map((item) => item.event);
    expect(events).toContain('USING_PREVIOUS_SNAPSHOT');
    expect(events).not.toContain('SNAPSHOT_FAIL');
    expect((await describeServer(DISCONNECTED)).lastLaunchResult).toBe('SUCCEEDED');
  });

  it('lists jobs latest first, page by page', async () => {
    await start();
    const first = await startDrill(LINUX_A);
    const second = await startDrill(LINUX_B);
    const third = await startDrill(LINUX_C);

    const page1 = await client.send(new DescribeJobsCommand({ maxResults: 2 }));
    const page2 = await client.send(new DescribeJobsCommand({ maxResults: 2, nextToken: page1.nextToken }));

    expect(page1.items?.map((job) => job.jobID)).toEqual([third.jobID, second.jobID]);
    expect(page2.items?.map((job) => job.jobID)).toEqual([first.jobID]);
    expect(page2.nextToken).toBeUndefined();
  });

  it('terminates recovery instances and stops listing them', async () => {
    // A slower scale keeps the instances SHUTTING-DOWN for 0.24 s or more, long enough to observe.
    await start({ timeScale: 0.005 });
    const launch = await startDrill(LINUX_A, LINUX_B);
    const launched = await waitForCompletion(launch.jobID as string);
    const instanceIDs = (launched.participatingServers ?? []).map(
      (server) => server.recoveryInstanceID as string,
    );

    const terminated = await client.send(
      new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: instanceIDs }),
    );
    const job = terminated.job as Job;
    expect(terminated.$metadata.httpStatusCode).toBe(200);
    expect(job).toMatchObject({ type: 'TERMINATE', initiatedBy: 'TERMINATE_RECOVERY_INSTANCES' });

    const during = await client.send(
      new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: instanceIDs } }),
    );
    expect(during.items?.map((instance) => instance.ec2InstanceState)).toEqual([
      'SHUTTING-DOWN',
      'SHUTTING-DOWN',
    ]);

    const done = await waitForCompletion(job.jobID as string);
    expect(done.participatingServers?.map((server) => server.launchStatus)).toEqual([
      'TERMINATED',
      'TERMINATED',
    ]);
    const after = await client.send(
      new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: instanceIDs } }),
    );
    expect(after.items).toEqual([]);
    expect((await describeServer(LINUX_A)).recoveryInstanceId).toBeUndefined();
  });

  it('answers ResourceNotFoundException for an unknown recovery instance', async () => {
    await start();

    const error = await captureError(
      client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ['i-0123456789abcdef0'] })),
    );

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).resourceId).toBe('i-0123456789abcdef0');
  });

  it('answers UninitializedAccountException for an account or Region without a scenario', async () => {
    await start();
    const otherAccount = createClient(emulator, 'AKIA999999999999EMUL');
    const otherRegion = createClient(emulator, ACCESS_KEY_ID, 'eu-west-1');

    try {
      const accountError = await captureError(otherAccount.send(new DescribeSourceServersCommand({})));
      const regionError = await captureError(otherRegion.send(new DescribeJobsCommand({})));

      expect(accountError).toBeInstanceOf(UninitializedAccountException);
      expect((accountError as UninitializedAccountException).message).toContain('999999999999');
      expect(regionError).toBeInstanceOf(UninitializedAccountException);
      expect((regionError as UninitializedAccountException).$metadata.httpStatusCode).toBe(400);
    } finally {
      otherAccount.destroy();
      otherRegion.destroy();
    }
  });

  it('returns only members the model defines', async () => {
    await start();
    const job = await startDrill(LINUX_A);
    const conflict = (await captureError(startDrill(LINUX_A))) as ConflictException;
    await waitForCompletion(job.jobID as string);

    const servers = await client.send(new DescribeSourceServersCommand({}));
    const jobs = await client.send(new DescribeJobsCommand({}));
    const log = await client.send(new DescribeJobLogItemsCommand({ jobID: job.jobID }));
    const instances = await client.send(new DescribeRecoveryInstancesCommand({}));

    expect(servers.items?.length).toBeGreaterThan(0);
    expect(instances.items).toHaveLength(1);
    expect(membersOutsideModel('SourceServersList', servers.items)).toEqual([]);
    expect(membersOutsideModel('JobsList', jobs.items)).toEqual([]);
    expect(membersOutsideModel('JobLogs', log.items)).toEqual([]);
    expect(membersOutsideModel('DescribeRecoveryInstancesItems', instances.items)).toEqual([]);

    // The SDK copies every body member onto the exception, so extra members would show up here.
    const sdkProperties = new Set([
      'name',
      '$fault',
      '$metadata',
      '$retryable',
      '$response',
      'message',
      'Message',
    ]);
    const conflictMembers = Object.keys(conflict).filter((key) => !sdkProperties.has(key));
    expect(conflictMembers.sort()).toEqual(['code', 'resourceId', 'resourceType']);
  });

  it('surfaces injected throttling with its Retry-After hint', async () => {
    await start({ faults: { operations: { DescribeJobs: { throttleRate: 1 } } } });

    const error = await captureError(client.send(new DescribeJobsCommand({})));

    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).retryAfterSeconds).toBe('1');
  });

  it('leaves a hung call unanswered until the client gives up', async () => {
    await start({ faults: { operations: { DescribeSourceServers: { hangRate: 1 } } } });
    // The SDK's socket-usage warning timer outlives a failed request (@smithy/node-http-handler
    // 2.5.0 clears it only on success). It lasts requestTimeout + connectionTimeout, because this
    // version ignores socketAcquisitionWarningTimeout, so the short requestTimeout ends it sooner.
    const patient = new DrsClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'x' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, socketAcquisitionWarningTimeout: 50 },
    });

    try {
      const startedAt = Date.now();
      const error = await captureError(patient.send(new DescribeSourceServersCommand({})));

      expect(error).not.toBeInstanceOf(DrsServiceException);
      expect((error as Error).name).toBe('TimeoutError');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    } finally {
      patient.destroy();
    }
  });
});
