import { jitteredBackoffMs } from './backoff';
import { planBatches } from './batching';
import { LaunchOrder } from './statuses';

function servers(count: number, accountId = '111111111111', region = 'us-east-1') {
  return Array.from({ length: count }, (_, index) => ({ sourceServerId: `s-${index}`, accountId, region }));
}

describe('planBatches', () => {
  it('keeps a parallel wave within the per-job quota in as few jobs as possible', () => {
    const batches = planBatches(servers(250), LaunchOrder.Parallel, 100);

    expect(batches.map((batch) => batch.servers.length)).toEqual([84, 84, 82]);
  });

  it('sends a parallel wave of 30 servers in one job', () => {
    expect(planBatches(servers(30), LaunchOrder.Parallel, 100)).toHaveLength(1);
  });

  it('never mixes accounts or Regions in one job', () => {
    const batches = planBatches(
      [...servers(3, '111111111111'), ...servers(2, '222222222222', 'us-west-2')],
      LaunchOrder.Parallel,
      100,
    );

    expect(batches.map((batch) => [batch.accountId, batch.region, batch.servers.length])).toEqual([
      ['111111111111', 'us-east-1', 3],
      ['222222222222', 'us-west-2', 2],
    ]);
  });

  it('launches a sequential wave one server per job in order', () => {
    const batches = planBatches(servers(3), LaunchOrder.Sequential, 100);

    expect(batches.map((batch) => batch.servers.map((server) => server.sourceServerId))).toEqual([
      ['s-0'],
      ['s-1'],
      ['s-2'],
    ]);
  });
});

describe('jitteredBackoffMs', () => {
  it('grows exponentially and stays under the cap', () => {
    expect(jitteredBackoffMs(1, 1000, 60_000, () => 0.5)).toBe(750);
    expect(jitteredBackoffMs(3, 1000, 60_000, () => 0.999)).toBe(3997);
    expect(jitteredBackoffMs(20, 1000, 60_000, () => 0.999)).toBeLessThanOrEqual(60_000);
    expect(jitteredBackoffMs(20, 1000, 60_000, () => 0.999)).toBeGreaterThan(59_000);
  });

  it('never waits less than half the base delay', () => {
    expect(jitteredBackoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(jitteredBackoffMs(5, 1000, 60_000, () => 0)).toBe(500);
  });
});
