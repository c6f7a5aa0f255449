import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { createDrsEmulator, EmulatorStats, FaultPatch, ManualClock } from '../../apps/drs-emulator/src';
import { createDrsClient } from './support/clients';
import { readRepositoryScenario } from './support/scenarios';

const SEED = 4242;
const ROUNDS = 5;
const SERVERS_PER_ROUND = 5;

const server = readRepositoryScenario('three-tier-100').accounts[0].sourceServers;
const HEALTHY = server
  .filter((entry) => entry.dataReplicationInfo?.dataReplicationState === 'CONTINUOUS')
  .map((entry) => entry.sourceServerID as string);
const SCRIPTED = HEALTHY[3];

const FAULTS: FaultPatch = {
  conflictFirstN: 1,
  launchFailureRate: 0.2,
  launchFailures: [{ sourceServerID: SCRIPTED, failFirstAttempts: 1, phase: 'conversion' }],
  operations: {
    StartRecovery: { conflictRate: 0.3 },
    DescribeJobs: { throttleRate: 0.3, internalErrorRate: 0.1 },
    DescribeRecoveryInstances: { dropRate: 0.25 },
    DescribeSourceServers: { latencyMs: { minMs: 1, maxMs: 15 } },
  },
};

interface Transcript {
  outcomes: unknown[];
  stats: EmulatorStats;
}

/** Names an error as the caller sees it, with the socket error code when there is one. */
function describeError(error: unknown): string {
  const { name, code } = error as { name?: string; code?: string };

  return code ? `${name}/${code}` : String(name);
}

async function attempt<T>(call: () => Promise<T>, summarize: (value: T) => unknown): Promise<unknown> {
  try {
    return summarize(await call());
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** Runs one fixed sequence of calls against a fresh emulator and returns what the client saw and the stats. */
async function runSequence(seed: number): Promise<Transcript> {
  const clock = new ManualClock();
  const emulator = await createDrsEmulator({
    scenarios: ['three-tier-100'],
    port: 0,
    seed,
    clock,
    faults: FAULTS,
  });
  const client: DrsClient = createDrsClient(emulator.url);
  const outcomes: unknown[] = [];

  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const ids = HEALTHY.slice(round * 3, round * 3 + SERVERS_PER_ROUND);
      outcomes.push(
        await attempt(
          () => client.send(new DescribeSourceServersCommand({ maxResults: 5 })),
          (output) => output.items?.map((item) => item.sourceServerID),
        ),
      );
      // A refused start is tried again, up to three times, as an orchestrator would.
      let started: unknown;
      for (let tries = 0; tries < 3 && typeof started !== 'string'; tries += 1) {
        started = await attempt(
          () =>
            client.send(
              new StartRecoveryCommand({
                sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
                isDrill: true,
              }),
            ),
          (output) => output.job?.jobID,
        );
        outcomes.push(started);
      }
      for (let poll = 0; poll < 3; poll += 1) {
        outcomes.push(
          await attempt(
            () => client.send(new DescribeJobsCommand({})),
            (output) => output.items?.map((job) => `${job.jobID}:${job.status}`),
          ),
        );
      }

      clock.advanceSeconds(1800);
      for (let poll = 0; poll < 2; poll += 1) {
        outcomes.push(
          await attempt(
            () => client.send(new DescribeRecoveryInstancesCommand({})),
            (output) => output.items?.map((instance) => instance.recoveryInstanceID),
          ),
        );
      }
      if (typeof started === 'string') {
        outcomes.push(
          await attempt(
            () => client.send(new DescribeJobLogItemsCommand({ jobID: started })),
            (output) =>
              output.items?.map(
                (item) => `${item.logDateTime} ${item.event} ${item.eventData?.sourceServerID ?? ''}`,
              ),
          ),
        );
      }
      outcomes.push(
        await attempt(
          () => client.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: ids[0], maxResults: 3 })),
          (output) => output.items?.map((snapshot) => snapshot.snapshotID),
        ),
      );
    }

    const instances = emulator
      .stats()
      .jobs.flatMap((job) =>
        job.servers.map((entry) => entry.recoveryInstanceID).filter((id): id is string => id !== null),
      );
    outcomes.push(
      await attempt(
        () => client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: instances })),
        (output) => output.job?.jobID,
      ),
    );
    clock.advanceSeconds(3600);

    return { outcomes, stats: emulator.stats() };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

/** Job ids, per-server durations and instance ids: the timeline the seed decides. */
function timelineOf(stats: EmulatorStats) {
  return stats.jobs.map((job) => ({
    jobID: job.jobID,
    servers: job.servers.map((entry) => ({
      sourceServerID: entry.sourceServerID,
      launchStatus: entry.launchStatus,
      durationMs: Date.parse(entry.finishedAt ?? '') - Date.parse(entry.startedAt ?? ''),
      recoveryInstanceID: entry.recoveryInstanceID,
    })),
  }));
}

describe('DRS emulator determinism', () => {
  let first: Transcript;
  let second: Transcript;
  let otherSeed: Transcript;

  beforeAll(async () => {
    first = await runSequence(SEED);
    second = await runSequence(SEED);
    otherSeed = await runSequence(SEED + 1);
  });

  it('repeats the job timeline for the same seed', () => {
    const timeline = timelineOf(first.stats);

    expect(timeline.length).toBeGreaterThanOrEqual(3);
    expect(timeline.every((job) => job.servers.every((entry) => entry.durationMs > 0))).toBe(true);
    expect(timelineOf(second.stats)).toEqual(timeline);
  });

  it('repeats the injected faults for the same seed', () => {
    const kinds = new Set(first.stats.injectedFaults.map((fault) => fault.fault));
    const failed = first.stats.jobs
      .flatMap((job) => job.servers)
      .filter((entry) => entry.launchStatus === 'FAILED');

    expect([...kinds].sort()).toEqual([
      'conflict',
      'conflictFirstN',
      'drop',
      'internalError',
      'latency',
      'throttle',
    ]);
    expect(failed.map((entry) => entry.sourceServerID)).toContain(SCRIPTED);
    expect(second.stats.injectedFaults).toEqual(first.stats.injectedFaults);
  });

  it('gives the same client-visible outcomes and stats for the same seed', () => {
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.stats).toEqual(first.stats);
  });

  it('gives another timeline for another seed', () => {
    expect(timelineOf(otherSeed.stats)).not.toEqual(timelineOf(first.stats));
    expect(otherSeed.stats.injectedFaults).not.toEqual(first.stats.injectedFaults);
  });
});
