import { LaunchOrder } from '@drs/domain';

import {
  LINUX_LAUNCH_SECONDS,
  predictPlanDuration,
  predictWaveSeconds,
  PredictionServer,
  PredictionWave,
  serverLaunchSeconds,
  WINDOWS_LAUNCH_SECONDS,
} from './predict-duration';

let serial = 0;

function server(
  osFamily: string | null,
  protectionGroupId: string | null = 'group-a',
  target: { accountId: string; region: string } = { accountId: '111122223333', region: 'us-east-1' },
): PredictionServer {
  serial += 1;
  return {
    sourceServerId: `s-${String(serial).padStart(17, '0')}`,
    hostname: `host-${serial}`,
    osFamily,
    protectionGroupId,
    ...target,
  };
}

function servers(count: number, osFamily: string, groupId = 'group-a'): PredictionServer[] {
  return Array.from({ length: count }, () => server(osFamily, groupId));
}

function wave(
  name: string,
  groupIds: string[],
  dependsOn: string[] = [],
  extra: Partial<PredictionWave> = {},
) {
  return {
    name,
    launchOrder: LaunchOrder.Parallel,
    dependsOn,
    protectionGroupIds: groupIds,
    deadlineSeconds: null,
    ...extra,
  };
}

describe('serverLaunchSeconds', () => {
  it('uses 5 minutes for Linux', () => {
    expect(serverLaunchSeconds('LINUX')).toBe(300);
  });

  it('uses 20 minutes for Windows', () => {
    expect(serverLaunchSeconds('WINDOWS')).toBe(1200);
  });

  it('counts an unknown OS as Windows', () => {
    expect(serverLaunchSeconds(null)).toBe(WINDOWS_LAUNCH_SECONDS);
    expect(serverLaunchSeconds('OTHER')).toBe(WINDOWS_LAUNCH_SECONDS);
  });
});

describe('predictWaveSeconds', () => {
  it('returns zero for a wave without servers', () => {
    expect(predictWaveSeconds([], LaunchOrder.Parallel).durationSeconds).toBe(0);
    expect(predictWaveSeconds([], LaunchOrder.Sequential).durationSeconds).toBe(0);
  });

  it('takes the slowest server of a parallel wave', () => {
    const result = predictWaveSeconds(
      [server('LINUX'), server('WINDOWS'), server('LINUX')],
      LaunchOrder.Parallel,
    );

    expect(result.durationSeconds).toBe(WINDOWS_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(0);
  });

  it('adds up the servers of a sequential wave', () => {
    const result = predictWaveSeconds(
      [server('LINUX'), server('WINDOWS'), server('LINUX')],
      LaunchOrder.Sequential,
    );

    expect(result.durationSeconds).toBe(2 * LINUX_LAUNCH_SECONDS + WINDOWS_LAUNCH_SECONDS);
  });

  it('launches 500 servers of one Region in one round', () => {
    const result = predictWaveSeconds(servers(500, 'LINUX'), LaunchOrder.Parallel);

    expect(result.durationSeconds).toBe(LINUX_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(0);
  });

  it('runs 501 servers of one Region in two rounds', () => {
    // 501 servers become 6 even jobs of 84 or 83; only 5 fit under 500 servers in flight.
    const result = predictWaveSeconds(servers(501, 'LINUX'), LaunchOrder.Parallel);

    expect(result.durationSeconds).toBe(2 * LINUX_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(1);
  });

  it('runs 1200 servers of one Region in three rounds', () => {
    const result = predictWaveSeconds(servers(1200, 'WINDOWS'), LaunchOrder.Parallel);

    expect(result.durationSeconds).toBe(3 * WINDOWS_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(7);
  });

  it('applies the quotas to each account and Region apart', () => {
    const east = Array.from({ length: 500 }, () => server('LINUX'));
    const west = Array.from({ length: 500 }, () =>
      server('LINUX', 'group-a', { accountId: '111122223333', region: 'us-west-2' }),
    );

    const result = predictWaveSeconds([...east, ...west], LaunchOrder.Parallel);

    expect(result.durationSeconds).toBe(LINUX_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(0);
  });

  it('starts a queued job when the earliest job ends', () => {
    // With 100 servers in flight, a Linux job ends after 5 minutes and frees room for the next.
    const quotas = { maxServersPerJob: 50, maxConcurrentJobs: 20, maxServersInActiveJobs: 100 };
    const slow = servers(50, 'WINDOWS');
    const fast = servers(50, 'LINUX');
    const next = servers(50, 'LINUX');

    const result = predictWaveSeconds([...slow, ...fast, ...next], LaunchOrder.Parallel, quotas);

    expect(result.durationSeconds).toBe(WINDOWS_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(1);
  });

  it('limits the number of jobs running at once', () => {
    const quotas = { maxServersPerJob: 1, maxConcurrentJobs: 2, maxServersInActiveJobs: 500 };

    const result = predictWaveSeconds(servers(5, 'LINUX'), LaunchOrder.Parallel, quotas);

    expect(result.durationSeconds).toBe(3 * LINUX_LAUNCH_SECONDS);
    expect(result.queuedJobCount).toBe(3);
  });
});

describe('predictPlanDuration', () => {
  const database = servers(2, 'WINDOWS', 'db');
  const app = servers(3, 'LINUX', 'app');
  const web = [...servers(1, 'LINUX', 'web'), server(null, 'web')];
  const all = [...database, ...app, ...web];

  it('chains waves that depend on each other', () => {
    const prediction = predictPlanDuration(
      [wave('Database', ['db']), wave('App', ['app'], ['Database']), wave('Web', ['web'], ['App'])],
      all,
    );

    expect(prediction.kind).toBe('estimate');
    if (prediction.kind !== 'estimate') return;
    expect(prediction.waves.map((item) => [item.name, item.startSeconds, item.endSeconds])).toEqual([
      ['Database', 0, 1200],
      ['App', 1200, 1500],
      ['Web', 1500, 2700],
    ]);
    expect(prediction.totalSeconds).toBe(2700);
    expect(prediction.criticalPath).toEqual(['Database', 'App', 'Web']);
  });

  it('runs independent waves at the same time', () => {
    const prediction = predictPlanDuration(
      [wave('Database', ['db']), wave('App', ['app']), wave('Web', ['web'], ['Database', 'App'])],
      all,
    );

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves[1].startSeconds).toBe(0);
    expect(prediction.waves[2].startSeconds).toBe(1200);
    expect(prediction.totalSeconds).toBe(2400);
    expect(prediction.criticalPath).toEqual(['Database', 'Web']);
  });

  it('takes the longest path, not the last wave', () => {
    const prediction = predictPlanDuration([wave('Database', ['db']), wave('App', ['app'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.totalSeconds).toBe(1200);
    expect(prediction.criticalPath).toEqual(['Database']);
  });

  it('finds a dependency listed after its dependent', () => {
    const prediction = predictPlanDuration([wave('Web', ['web'], ['App']), wave('App', ['app'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves[0].startSeconds).toBe(300);
  });

  it('lists servers whose OS is unknown', () => {
    const prediction = predictPlanDuration([wave('Web', ['web'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.unknownOsServers.map((item) => item.sourceServerId)).toEqual([web[1].sourceServerId]);
    expect(prediction.waves[0].durationSeconds).toBe(WINDOWS_LAUNCH_SECONDS);
  });

  it('counts the servers of every group of a wave', () => {
    const prediction = predictPlanDuration([wave('Everything', ['db', 'app', 'web'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves[0].serverCount).toBe(7);
  });

  it('flags a wave longer than its deadline', () => {
    const prediction = predictPlanDuration(
      [
        wave('Database', ['db'], [], { deadlineSeconds: 600 }),
        wave('App', ['app'], [], { deadlineSeconds: 600 }),
      ],
      all,
    );

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves[0].exceedsDeadline).toBe(true);
    expect(prediction.waves[1].exceedsDeadline).toBe(false);
  });

  it('ignores a dependency on a missing wave', () => {
    const prediction = predictPlanDuration([wave('App', ['app'], ['Nowhere'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.totalSeconds).toBe(LINUX_LAUNCH_SECONDS);
  });

  it('reports a cycle instead of a total', () => {
    const prediction = predictPlanDuration(
      [wave('App', ['app'], ['Web']), wave('Web', ['web'], ['App'])],
      all,
    );

    expect(prediction).toEqual({ kind: 'cycle', cycle: ['App', 'Web', 'App'] });
  });

  it('returns zero for a plan without servers', () => {
    const prediction = predictPlanDuration([wave('Empty', ['none'])], all);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.totalSeconds).toBe(0);
    expect(prediction.waves[0].serverCount).toBe(0);
  });
});
