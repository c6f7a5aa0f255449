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

  it('injects nothing into operations without rates', () => {
    const injector = new FaultInjector(
      { ...noFaults(), operations: { DescribeJobs: { throttleRate: 1 } } },
      new SeededRandom(1),
    );

    expect(injector.drawOperationFault('StartRecovery')).toBeUndefined();
    expect(injector.drawOperationFault('DescribeJobs')).toBe('throttle');
  });
});
