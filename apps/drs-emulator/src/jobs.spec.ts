import { ManualClock } from './clock';
import {
  isJobActiveAt,
  jobLogOutput,
  jobOutput,
  jobStatusAt,
  NewJobFields,
  PlannedLaunch,
  planLaunchJob,
  planTerminateJob,
} from './jobs';

const SERVER_A = 's-2e816a796546bbd6c';
const SERVER_B = 's-f841a51831796bae0';

function fields(clock: ManualClock): NewJobFields {
  return {
    sequence: 1,
    jobID: 'drsjob-0123456789abcdefA',
    accountID: '123456789012',
    region: 'us-east-1',
    tags: { Wave: '1' },
    createdAtMs: clock.nowMs(),
    startDelayMs: 1000,
  };
}

function launch(
  sourceServerID: string,
  durationMs: number,
  overrides: Partial<PlannedLaunch> = {},
): PlannedLaunch {
  return {
    sourceServerID,
    durationMs,
    recoveryInstanceID: sourceServerID === SERVER_A ? 'i-0000000000000000a' : 'i-0000000000000000b',
    conversionServerID: 'i-00000000000000c0c',
    ...overrides,
  };
}

describe(planLaunchJob.name, () => {
  it('moves PENDING, STARTED, COMPLETED as the clock advances', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({
      ...fields(clock),
      isDrill: true,
      launches: [launch(SERVER_A, 10_000), launch(SERVER_B, 20_000)],
    });

    expect(jobStatusAt(job, clock.nowMs())).toBe('PENDING');
    expect(jobOutput(job, clock.nowMs()).participatingServers?.map((s) => s.launchStatus)).toEqual([
      'PENDING',
      'PENDING',
    ]);

    clock.advanceMs(1000);
    expect(jobStatusAt(job, clock.nowMs())).toBe('STARTED');
    expect(jobOutput(job, clock.nowMs()).participatingServers?.map((s) => s.launchStatus)).toEqual([
      'IN_PROGRESS',
      'IN_PROGRESS',
    ]);

    clock.advanceMs(10_000);
    const halfway = jobOutput(job, clock.nowMs());
    expect(halfway.status).toBe('STARTED');
    expect(halfway.endDateTime).toBeUndefined();
    expect(halfway.participatingServers).toEqual([
      { sourceServerID: SERVER_A, launchStatus: 'LAUNCHED', recoveryInstanceID: 'i-0000000000000000a' },
      { sourceServerID: SERVER_B, launchStatus: 'IN_PROGRESS', recoveryInstanceID: undefined },
    ]);
    expect(isJobActiveAt(job, clock.nowMs())).toBe(true);

    clock.advanceMs(10_000);
    const done = jobOutput(job, clock.nowMs());
    expect(done.status).toBe('COMPLETED');
    expect(done.endDateTime).toBe(new Date(clock.nowMs()).toISOString());
    expect(isJobActiveAt(job, clock.nowMs())).toBe(false);
  });

  it('marks drills and recoveries by initiator', () => {
    const clock = new ManualClock();

    expect(
      planLaunchJob({ ...fields(clock), isDrill: true, launches: [launch(SERVER_A, 1)] }).initiatedBy,
    ).toBe('START_DRILL');
    expect(
      planLaunchJob({ ...fields(clock), isDrill: false, launches: [launch(SERVER_A, 1)] }).initiatedBy,
    ).toBe('START_RECOVERY');
  });

  it('logs each server in snapshot, conversion, launch order', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({
      ...fields(clock),
      isDrill: true,
      launches: [launch(SERVER_A, 10_000), launch(SERVER_B, 4_000)],
    });

    clock.advanceMs(60_000);
    const log = jobLogOutput(job, clock.nowMs());
    const forServer = (id: string) =>
      log.filter((item) => item.eventData?.sourceServerID === id).map((item) => item.event);

    expect(log[0].event).toBe('JOB_START');
    expect(log[log.length - 1].event).toBe('JOB_END');
    for (const id of [SERVER_A, SERVER_B]) {
      expect(forServer(id)).toEqual([
        'SNAPSHOT_START',
        'SNAPSHOT_END',
        'CONVERSION_START',
        'CONVERSION_END',
        'LAUNCH_START',
      ]);
    }
    const times = log.map((item) => Date.parse(item.logDateTime as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('shows only the log items that have happened', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({ ...fields(clock), isDrill: true, launches: [launch(SERVER_A, 10_000)] });

    expect(jobLogOutput(job, clock.nowMs())).toEqual([]);
    clock.advanceMs(1000);
    expect(jobLogOutput(job, clock.nowMs()).map((item) => item.event)).toEqual([
      'JOB_START',
      'SNAPSHOT_START',
    ]);
  });

  it('uses the previous snapshot when one is named', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({
      ...fields(clock),
      isDrill: false,
      launches: [launch(SERVER_A, 10_000, { recoverySnapshotID: 'pit-0123456789abcdefA' })],
    });

    clock.advanceMs(60_000);
    expect(jobLogOutput(job, clock.nowMs()).map((item) => item.event)).toEqual([
      'JOB_START',
      'USING_PREVIOUS_SNAPSHOT',
      'CONVERSION_START',
      'CONVERSION_END',
      'LAUNCH_START',
      'JOB_END',
    ]);
  });

  it('fails a server without replication data at the snapshot step', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({
      ...fields(clock),
      isDrill: true,
      launches: [
        launch(SERVER_A, 10_000, {
          failure: { stage: 'snapshot', rawError: 'replication is DISCONNECTED' },
        }),
      ],
    });

    clock.advanceMs(1000 + 1000);
    const output = jobOutput(job, clock.nowMs());
    const log = jobLogOutput(job, clock.nowMs());

    expect(output.status).toBe('COMPLETED');
    expect(output.participatingServers).toEqual([
      { sourceServerID: SERVER_A, launchStatus: 'FAILED', recoveryInstanceID: undefined },
    ]);
    expect(log.map((item) => item.event)).toEqual([
      'JOB_START',
      'SNAPSHOT_START',
      'SNAPSHOT_FAIL',
      'LAUNCH_FAILED',
      'JOB_END',
    ]);
    expect(log[2].eventData?.rawError).toBe('replication is DISCONNECTED');
  });

  it('fails an injected launch failure after LAUNCH_START', () => {
    const clock = new ManualClock();
    const job = planLaunchJob({
      ...fields(clock),
      isDrill: true,
      launches: [launch(SERVER_A, 10_000, { failure: { stage: 'launch', rawError: 'boom' } })],
    });

    clock.advanceMs(11_000);
    const events = jobLogOutput(job, clock.nowMs()).map((item) => item.event);

    expect(jobStatusAt(job, clock.nowMs())).toBe('COMPLETED');
    expect(events.slice(-3)).toEqual(['LAUNCH_START', 'LAUNCH_FAILED', 'JOB_END']);
  });
});

describe(planTerminateJob.name, () => {
  it('ends every participant TERMINATED with cleanup events', () => {
    const clock = new ManualClock();
    const job = planTerminateJob({
      ...fields(clock),
      terminations: [
        { sourceServerID: SERVER_A, recoveryInstanceID: 'i-0000000000000000a', durationMs: 5000 },
      ],
    });

    expect(job.type).toBe('TERMINATE');
    expect(job.initiatedBy).toBe('TERMINATE_RECOVERY_INSTANCES');
    expect(jobOutput(job, clock.nowMs()).participatingServers).toEqual([
      { sourceServerID: SERVER_A, launchStatus: 'PENDING', recoveryInstanceID: 'i-0000000000000000a' },
    ]);

    clock.advanceMs(6000);
    expect(jobOutput(job, clock.nowMs()).participatingServers?.[0].launchStatus).toBe('TERMINATED');
    expect(jobLogOutput(job, clock.nowMs()).map((item) => item.event)).toEqual([
      'JOB_START',
      'CLEANUP_START',
      'CLEANUP_END',
      'JOB_END',
    ]);
  });
});
