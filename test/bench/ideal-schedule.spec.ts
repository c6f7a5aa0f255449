import {
  computeIdealSchedule,
  DrsQuotaLimits,
  IdealPlan,
  IdealServer,
  IdealWave,
  minimumStartRecoveryCalls,
} from '../../bench/ideal-schedule';

const DRS_QUOTAS: DrsQuotaLimits = {
  maxServersPerJob: 100,
  maxJobsInProgress: 20,
  maxServersInActiveJobs: 500,
};
const TARGET = '123456789012/us-east-1';

function servers(prefix: string, durationsMs: number[], target = TARGET): IdealServer[] {
  return durationsMs.map((durationMs, index) => ({
    sourceServerId: `${prefix}-${index}`,
    target,
    durationMs,
  }));
}

function wave(name: string, members: IdealServer[], dependsOn: string[] = []): IdealWave {
  return { name, dependsOn, servers: members };
}

function plan(name: string, waves: IdealWave[]): IdealPlan {
  return { name, waves };
}

function schedule(
  plans: IdealPlan[],
  options: { quotas?: Partial<DrsQuotaLimits>; slots?: number; delayMs?: number } = {},
) {
  return computeIdealSchedule({
    plans,
    maxConcurrentPlans: options.slots ?? plans.length,
    quotas: { ...DRS_QUOTAS, ...options.quotas },
    jobStartDelayMs: options.delayMs ?? 0,
  });
}

describe(computeIdealSchedule.name, () => {
  it('ends a single wave with its slowest server', () => {
    const result = schedule([plan('p', [wave('w', servers('s', [500, 300, 900]))])]);

    expect(result.makespanMs).toBe(900);
    expect(result.jobs).toHaveLength(1);
    expect(result.quotaWaits).toBe(0);
  });

  it('adds the job start delay once per wave', () => {
    const result = schedule(
      [plan('p', [wave('a', servers('a', [100])), wave('b', servers('b', [200]), ['a'])])],
      { delayMs: 10 },
    );

    expect(result.makespanMs).toBe(320);
  });

  it('chains dependent waves end to start', () => {
    const result = schedule([
      plan('orders', [
        wave('database', servers('d', [1_000, 1_200])),
        wave('app', servers('a', [300, 800]), ['database']),
        wave('web', servers('w', [400]), ['app']),
      ]),
    ]);

    expect(result.makespanMs).toBe(1_200 + 800 + 400);
    expect(result.planEndedAtMs.orders).toBe(2_400);
  });

  it('runs independent branches side by side', () => {
    const result = schedule([
      plan('diamond', [
        wave('a', servers('a', [100])),
        wave('b', servers('b', [500]), ['a']),
        wave('c', servers('c', [200]), ['a']),
        wave('d', servers('d', [50]), ['b', 'c']),
      ]),
    ]);

    expect(result.makespanMs).toBe(100 + 500 + 50);
  });

  it('splits a wave into jobs of at most 100 servers', () => {
    const result = schedule([plan('p', [wave('w', servers('s', new Array(250).fill(1_000)))])]);

    expect(result.jobs.map((job) => job.sourceServerIds.length)).toEqual([100, 100, 50]);
    expect(result.makespanMs).toBe(1_000);
  });

  it('keeps each account and Region in its own jobs', () => {
    const result = schedule([
      plan('p', [
        wave('w', [...servers('east', [100, 100]), ...servers('west', [100], '210987654321/us-west-2')]),
      ]),
    ]);

    expect(result.jobs.map((job) => job.target).sort()).toEqual([TARGET, '210987654321/us-west-2']);
  });

  it('waits for a free job slot when 20 jobs are in progress', () => {
    const waves = Array.from({ length: 21 }, (_, index) => wave(`w${index}`, servers(`s${index}`, [1_000])));
    const result = schedule([plan('p', waves)]);

    expect(result.peakJobsInProgress).toBe(20);
    expect(result.makespanMs).toBe(2_000);
    expect(result.quotaWaits).toBeGreaterThan(0);
  });

  it('keeps at most 500 servers in active jobs', () => {
    const result = schedule([plan('p', [wave('w', servers('s', new Array(600).fill(1_000)))])]);

    expect(result.peakServersInActiveJobs).toBe(500);
    expect(result.makespanMs).toBe(2_000);
  });

  it('applies the quotas per account and Region', () => {
    const east = servers('east', new Array(500).fill(1_000));
    const west = servers('west', new Array(500).fill(1_000), '210987654321/us-west-2');
    const result = schedule([plan('p', [wave('w', [...east, ...west])])]);

    expect(result.makespanMs).toBe(1_000);
    expect(result.quotaWaits).toBe(0);
  });

  it('admits the next plan when a running one ends', () => {
    const plans = [
      plan('first', [wave('w', servers('a', [1_000]))]),
      plan('second', [wave('w', servers('b', [400]))]),
      plan('third', [wave('w', servers('c', [700]))]),
    ];
    const result = schedule(plans, { slots: 2 });

    expect(result.planEndedAtMs.second).toBe(400);
    expect(result.planEndedAtMs.third).toBe(1_100);
    expect(result.makespanMs).toBe(1_100);
  });

  it('ends an empty wave at once and releases its dependents', () => {
    const result = schedule([plan('p', [wave('empty', []), wave('after', servers('s', [300]), ['empty'])])]);

    expect(result.makespanMs).toBe(300);
    expect(result.jobs).toHaveLength(1);
  });

  it('rejects waves that form a cycle', () => {
    const cyclic = plan('p', [wave('a', servers('a', [1]), ['b']), wave('b', servers('b', [1]), ['a'])]);

    expect(() => schedule([cyclic])).toThrow(/cycle/);
  });

  it('rejects a dependency on an unknown wave', () => {
    const broken = plan('p', [wave('a', servers('a', [1]), ['missing'])]);

    expect(() => schedule([broken])).toThrow(/unknown wave/);
  });

  it('rejects a server that appears in two waves', () => {
    const twice = plan('p', [wave('a', servers('s', [1])), wave('b', servers('s', [1]))]);

    expect(() => schedule([twice])).toThrow(/more than one wave/);
  });
});

describe(minimumStartRecoveryCalls.name, () => {
  it('needs one call per 100 servers of each target in each wave', () => {
    const waves = [
      wave('big', servers('big', new Array(250).fill(1))),
      wave('split', [...servers('east', [1, 1]), ...servers('west', [1], '210987654321/us-west-2')]),
      wave('empty', []),
    ];

    expect(minimumStartRecoveryCalls(waves, 100)).toBe(3 + 2);
  });
});
