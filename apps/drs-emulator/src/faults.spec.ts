import { FaultInjector, FaultSettingsError, noFaults, parseFaultPatch } from './faults';
import { SeededRandom } from './random';

const operations = ['StartRecovery', 'DescribeJobs'];

describe(parseFaultPatch.name, () => {
  it('accepts every fault kind', () => {
    expect(
      parseFaultPatch(
        {
          conflictFirstN: 2,
          launchFailureRate: 0.1,
          operations: { DescribeJobs: { throttleRate: 0.5, hangRate: 0.1 } },
        },
        operations,
      ),
    ).toEqual({
      conflictFirstN: 2,
      launchFailureRate: 0.1,
      operations: { DescribeJobs: { throttleRate: 0.5, hangRate: 0.1 } },
    });
  });

  it('accepts latencies, drops and scripted launch failures', () => {
    expect(
      parseFaultPatch(
        {
          operations: {
            DescribeJobs: { dropRate: 0.2, latencyMs: { minMs: 5, maxMs: 50 } },
            StartRecovery: { latencyMs: 20 },
          },
          launchFailures: [
            { sourceServerID: 's-0123456789abcdefg', failFirstAttempts: 2, phase: 'conversion' },
          ],
        },
        operations,
      ),
    ).toEqual({
      operations: {
        DescribeJobs: { dropRate: 0.2, latencyMs: { minMs: 5, maxMs: 50 } },
        StartRecovery: { latencyMs: 20 },
      },
      launchFailures: [{ sourceServerID: 's-0123456789abcdefg', failFirstAttempts: 2, phase: 'conversion' }],
    });
  });

  it('rejects bad latencies and scripted failures', () => {
    const parse = () =>
      parseFaultPatch(
        {
          operations: {
            DescribeJobs: { latencyMs: { minMs: 50, maxMs: 5 } },
            StartRecovery: { latencyMs: -1 },
          },
          launchFailures: [
            { sourceServerID: 'server-1', failFirstAttempts: 1, phase: 'boot' },
            { sourceServerID: 's-0123456789abcdefg', failFirstAttempts: -1, phase: 'launch' },
          ],
        },
        operations,
      );

    expect(parse).toThrow(/operations\.DescribeJobs\.latencyMs must be milliseconds/);
    expect(parse).toThrow(/operations\.StartRecovery\.latencyMs must be milliseconds/);
    expect(parse).toThrow(/launchFailures\[0\]\.sourceServerID must be a source server id/);
    expect(parse).toThrow(/launchFailures\[0\]\.phase must be one of snapshot, conversion, launch/);
    expect(parse).toThrow(/launchFailures\[1\]\.failFirstAttempts must be an integer of 0 or more/);
  });

  it('lists every problem', () => {
    const parse = () =>
      parseFaultPatch(
        {
          conflictFirstN: -1,
          launchFailureRate: 2,
          operations: { Nope: {}, DescribeJobs: { throttleRate: 0.7, internalErrorRate: 0.7, sleepRate: 1 } },
        },
        operations,
      );

    expect(parse).toThrow(FaultSettingsError);
    expect(parse).toThrow(/conflictFirstN must be an integer of 0 or more/);
    expect(parse).toThrow(/launchFailureRate must be a number from 0 to 1/);
    expect(parse).toThrow(/operations\.Nope is not a DRS operation/);
    expect(parse).toThrow(/operations\.DescribeJobs\.sleepRate is unknown/);
    expect(parse).toThrow(/the rates add up to 1\.4/);
  });
});

describe(FaultInjector.name, () => {
  it('counts down the first-N conflicts and restarts the count on update', () => {
    const injector = new FaultInjector({ ...noFaults(), conflictFirstN: 1 }, new SeededRandom(1));

    expect(injector.takeStartRecoveryConflict()).toBe(true);
    expect(injector.takeStartRecoveryConflict()).toBe(false);
    injector.update({ conflictFirstN: 2 });
    expect(injector.report().conflictsRemaining).toBe(2);
  });

  it('draws the same faults for the same seed', () => {
    const settings = {
      ...noFaults(),
      operations: { DescribeJobs: { throttleRate: 0.3, internalErrorRate: 0.3 } },
    };
    const sequence = (injector: FaultInjector) =>
      Array.from({ length: 40 }, () => injector.drawOperationFault('DescribeJobs'));

    const first = sequence(new FaultInjector(settings, new SeededRandom(4)));
    expect(first).toEqual(sequence(new FaultInjector(settings, new SeededRandom(4))));
    expect(first).toContain('throttle');
    expect(first).toContain('internalError');
    expect(first).toContain(undefined);
  });

  it('fails the first N launches of a scripted server, then none', () => {
    const injector = new FaultInjector(
      {
        ...noFaults(),
        launchFailures: [{ sourceServerID: 's-0123456789abcdefg', failFirstAttempts: 2, phase: 'snapshot' }],
      },
      new SeededRandom(1),
    );

    expect(injector.takeScriptedLaunchFailure('s-0123456789abcdefg')).toBe('snapshot');
    expect(injector.takeScriptedLaunchFailure('s-0123456789abcdefg')).toBe('snapshot');
    expect(injector.takeScriptedLaunchFailure('s-0123456789abcdefg')).toBeUndefined();
    expect(injector.takeScriptedLaunchFailure('s-abcdefg0123456789')).toBeUndefined();
    expect(injector.report().launchFailuresRemaining).toEqual({ 's-0123456789abcdefg': 0 });
  });

  it('draws latencies from their own stream within the range', () => {
    const settings = { ...noFaults(), operations: { DescribeJobs: { latencyMs: { minMs: 10, maxMs: 20 } } } };
    const draws = (injector: FaultInjector) =>
      Array.from({ length: 20 }, () => injector.drawLatencyMs('DescribeJobs'));
    const first = draws(new FaultInjector(settings, new SeededRandom(1), new SeededRandom(9)));

    expect(first).toEqual(draws(new FaultInjector(settings, new SeededRandom(2), new SeededRandom(9))));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...first)).toBeLessThanOrEqual(20);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('injects nothing into operations without rates', () => {
    const injector = new FaultInjector(
      { ...noFaults(), operations: { DescribeJobs: { throttleRate: 1 } } },
      new SeededRandom(1),
    );

    expect(injector.drawOperationFault('StartRecovery')).toBeUndefined();
    expect(injector.drawOperationFault('DescribeJobs')).toBe('throttle');
  });
});
