import { isoDurationToSeconds } from './iso-duration';
import { checkServerReadiness, ReadinessProblem } from './readiness';

describe('isoDurationToSeconds', () => {
  it.each([
    ['PT0.5S', 0.5],
    ['PT12M30S', 750],
    ['PT3H12M', 11_520],
    ['PT7H', 25_200],
    ['P256D', 22_118_400],
  ])('converts %s', (value, seconds) => {
    expect(isoDurationToSeconds(value)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', '12M', 'P1Y'])('returns null for "%s"', (value) => {
    expect(isoDurationToSeconds(value)).toBeNull();
  });
});

describe('checkServerReadiness', () => {
  const healthy = { sourceServerId: 's-1', dataReplicationState: 'CONTINUOUS', lagDuration: 'PT0.5S' };

  it('has no warning for a continuously replicating server within the RPO', () => {
    expect(checkServerReadiness(healthy, 300)).toEqual([]);
  });

  it('warns about lag above the RPO', () => {
    const warnings = checkServerReadiness(
      { ...healthy, dataReplicationState: 'BACKLOG', lagDuration: 'PT12M30S' },
      300,
    );

    expect(warnings.map((warning) => warning.problem)).toEqual([
      ReadinessProblem.ReplicationNotContinuous,
      ReadinessProblem.LagAboveRpo,
    ]);
    expect(warnings[1].message).toContain('750 s');
  });

  it('warns about a disconnected agent once, not as not continuous', () => {
    const warnings = checkServerReadiness(
      { ...healthy, dataReplicationState: 'DISCONNECTED', lagDuration: 'PT7H' },
      300,
    );

    expect(warnings.map((warning) => warning.problem)).toEqual([
      ReadinessProblem.Disconnected,
      ReadinessProblem.LagAboveRpo,
    ]);
  });

  it('warns about a server already in a DRS job', () => {
    const warnings = checkServerReadiness({ ...healthy, lastLaunchResult: 'PENDING' }, 300);

    expect(warnings.map((warning) => warning.problem)).toEqual([ReadinessProblem.InOtherDrsJob]);
  });
});
