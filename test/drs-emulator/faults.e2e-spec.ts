import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  DrsServiceException,
  StartRecoveryCommand,
  TagResourceCommand,
  ThrottlingException,
} from '@aws-sdk/client-drs';
import { createDrsEmulator, DrsEmulator, DrsEmulatorOptions, ManualClock } from '../../apps/drs-emulator/src';
import { captureError, control, createDrsClient, fakeAuthorization } from './support/clients';

const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';
const LINUX_C = 's-82e4d394371cedb22';
const SERVER_ARN = `arn:aws:drs:us-east-1:123456789012:source-server/${LINUX_A}`;

describe('DRS emulator faults and throttling', () => {
  let emulator: DrsEmulator;
  let client: DrsClient;

  async function start(options: DrsEmulatorOptions = {}): Promise<void> {
    emulator = await createDrsEmulator({ scenarios: ['three-tier-100'], port: 0, control: true, ...options });
    client = createDrsClient(emulator.url);
  }

  afterEach(async () => {
    client?.destroy();
    await emulator?.close();
  });

  async function timed(call: () => Promise<unknown>): Promise<number> {
    const startedAt = performance.now();
    await call().catch(() => undefined);

    return performance.now() - startedAt;
  }

  it('drops the connection without a response', async () => {
    await start({ faults: { operations: { DescribeJobs: { dropRate: 1 } } } });

    const error = (await captureError(client.send(new DescribeJobsCommand({})))) as Error;
    const stats = emulator.stats();

    // @smithy/node-http-handler 2.5.0 names ECONNRESET a TimeoutError, and the SDK wraps it.
    expect(error).not.toBeInstanceOf(DrsServiceException);
    expect(error.message).toMatch(/socket hang up/);
    expect(stats.injectedFaults.map((fault) => fault.fault)).toEqual(['drop']);
    await expect(client.send(new DescribeSourceServersCommand({ maxResults: 1 }))).resolves.toBeDefined();
  });

  it('adds a fixed latency to one operation only', async () => {
    await start({ faults: { operations: { DescribeJobs: { latencyMs: 150 } } } });

    const delayed = await timed(() => client.send(new DescribeJobsCommand({})));
    const prompt = await timed(() => client.send(new DescribeSourceServersCommand({ maxResults: 1 })));

    expect(delayed).toBeGreaterThanOrEqual(145);
    expect(prompt).toBeLessThan(100);
  });

  it('draws latencies from the seeded range and records them', async () => {
    await start({ faults: { operations: { DescribeJobs: { latencyMs: { minMs: 20, maxMs: 60 } } } } });

    for (let call = 0; call < 5; call += 1) {
      await client.send(new DescribeJobsCommand({}));
    }
    const delays = emulator.stats().injectedFaults.map((fault) => fault.delayMs as number);

    expect(delays).toHaveLength(5);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60);
  });

  it('fails scripted launches at their phase, then lets them succeed', async () => {
    const clock = new ManualClock();
    await start({ clock });
    const set = await control(emulator.url, 'POST', 'faults', {
      launchFailures: [
        { sourceServerID: LINUX_A, failFirstAttempts: 1, phase: 'snapshot' },
        { sourceServerID: LINUX_B, failFirstAttempts: 1, phase: 'conversion' },
        { sourceServerID: LINUX_C, failFirstAttempts: 1, phase: 'launch' },
      ],
    });
    expect(set.body).toMatchObject({ launchFailuresRemaining: { [LINUX_A]: 1, [LINUX_B]: 1, [LINUX_C]: 1 } });

    const sourceServers = [LINUX_A, LINUX_B, LINUX_C].map((sourceServerID) => ({ sourceServerID }));
    const first = await client.send(new StartRecoveryCommand({ sourceServers, isDrill: true }));
    clock.advanceSeconds(3600);
    const log = await client.send(new DescribeJobLogItemsCommand({ jobID: first.job?.jobID }));
    const eventsOf = (id: string) =>
      (log.items ?? []).filter((item) => item.eventData?.sourceServerID === id).map((item) => item.event);

    expect(eventsOf(LINUX_A)).toEqual(['SNAPSHOT_START', 'SNAPSHOT_FAIL', 'LAUNCH_FAILED']);
    expect(eventsOf(LINUX_B)).toEqual([
      'SNAPSHOT_START',
      'SNAPSHOT_END',
      'CONVERSION_START',
      'CONVERSION_FAIL',
      'LAUNCH_FAILED',
    ]);
    expect(eventsOf(LINUX_C).slice(-2)).toEqual(['LAUNCH_START', 'LAUNCH_FAILED']);

    const second = await client.send(new StartRecoveryCommand({ sourceServers, isDrill: true }));
    clock.advanceSeconds(3600);
    const jobs = await client.send(
      new DescribeJobsCommand({ filters: { jobIDs: [second.job?.jobID ?? ''] } }),
    );
    expect(jobs.items?.[0].participatingServers?.map((server) => server.launchStatus)).toEqual([
      'LAUNCHED',
      'LAUNCHED',
      'LAUNCHED',
    ]);
  });

  it('does not throttle ten pollers calling DescribeJobs every 100 ms', async () => {
    await start();
    const pollers = Array.from({ length: 10 }, () => createDrsClient(emulator.url));

    try {
      await Promise.all(
        pollers.map(async (poller) => {
          for (let poll = 0; poll < 10; poll += 1) {
            await poller.send(new DescribeJobsCommand({}));
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }),
      );
    } finally {
      pollers.forEach((poller) => poller.destroy());
    }

    expect(emulator.stats().callsByOperation.DescribeJobs).toBe(100);
    expect(emulator.stats().throttles).toBe(0);
  });

  it('throttles an empty bucket with Retry-After in seconds', async () => {
    await start();
    const set = await control(emulator.url, 'POST', 'throttling', {
      write: { burst: 2, ratePerSecond: 0.5 },
    });
    expect(set.body).toMatchObject({ enabled: true, write: { burst: 2, ratePerSecond: 0.5 } });

    const tag = () =>
      fetch(`${emulator.url}/tags/${encodeURIComponent(SERVER_ARN)}`, {
        method: 'POST',
        headers: { authorization: fakeAuthorization(), 'content-type': 'application/json' },
        body: JSON.stringify({ tags: { Wave: '1' } }),
      });
    const statuses = [(await tag()).status, (await tag()).status];
    const throttled = await tag();
    const error = await captureError(
      client.send(new TagResourceCommand({ resourceArn: SERVER_ARN, tags: { a: 'b' } })),
    );
    const stats = emulator.stats();

    expect(statuses).toEqual([200, 200]);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).retryAfterSeconds).toBe('2');
    expect(stats.throttles).toBe(2);
    expect(stats.throttlesByOperation).toEqual({ TagResource: 2 });
    await expect(client.send(new DescribeJobsCommand({}))).resolves.toBeDefined();
  });

  it('turns throttling off through the control API', async () => {
    await start({ throttling: { write: { burst: 1, ratePerSecond: 0.01 } } });
    await control(emulator.url, 'POST', 'throttling', { enabled: false });

    for (let call = 0; call < 20; call += 1) {
      await client.send(new TagResourceCommand({ resourceArn: SERVER_ARN, tags: { Call: String(call) } }));
    }

    expect(emulator.stats().throttles).toBe(0);
  });

  it('rejects invalid fault settings from the options', async () => {
    await expect(
      createDrsEmulator({ port: 0, faults: { operations: { DescribeJobs: { latencyMs: -5 } } } }),
    ).rejects.toThrow(/latencyMs must be milliseconds/);
    await expect(createDrsEmulator({ port: 0, throttling: { read: { burst: 0 } } })).rejects.toThrow(
      /read.burst must be an integer of 1 or more/,
    );
  });
});
