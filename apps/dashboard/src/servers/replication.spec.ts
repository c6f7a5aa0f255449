import { formatLag, hasReplicationProblem, LAG_WARNING_SECONDS, replicationHealth } from './replication';

describe('replicationHealth', () => {
  it('shows a healthy continuous server as success', () => {
    const health = replicationHealth({ replicationState: 'CONTINUOUS', lagSeconds: 0.5 });
    expect(health.text).toBe('CONTINUOUS, lag 0.5 s');
    expect(health.tone).toBe('success');
    expect(health.problem).toBeNull();
  });

  it.each(['STALLED', 'DISCONNECTED', 'BACKLOG', 'PAUSED', 'STOPPED'])('flags the %s state', (state) => {
    const health = replicationHealth({ replicationState: state, lagSeconds: 1 });
    expect(health.tone).toBe('warning');
    expect(health.problem).toBe(`Replication is ${state}`);
  });

  it('flags a continuous server whose lag is above 5 minutes', () => {
    const health = replicationHealth({ replicationState: 'CONTINUOUS', lagSeconds: 750 });
    expect(health.text).toBe('CONTINUOUS, lag 12 min 30 s');
    expect(health.tone).toBe('warning');
    expect(health.problem).toBe('Lag is above 5 minutes');
  });

  it('does not flag a lag of exactly 5 minutes', () => {
    expect(hasReplicationProblem({ replicationState: 'CONTINUOUS', lagSeconds: LAG_WARNING_SECONDS })).toBe(
      false,
    );
    expect(
      hasReplicationProblem({ replicationState: 'CONTINUOUS', lagSeconds: LAG_WARNING_SECONDS + 1 }),
    ).toBe(true);
  });

  it('shows an initial sync as in progress', () => {
    const health = replicationHealth({ replicationState: 'INITIAL_SYNC', lagSeconds: null });
    expect(health.text).toBe('INITIAL_SYNC');
    expect(health.tone).toBe('in-progress');
  });

  it('says so when DRS reports no replication data', () => {
    const health = replicationHealth({ replicationState: null, lagSeconds: null });
    expect(health.text).toBe('No replication data');
    expect(health.tone).toBe('unknown');
    expect(health.problem).toBeNull();
  });
});

describe('formatLag', () => {
  it('keeps one decimal below a minute', () => {
    expect(formatLag(0.5)).toBe('0.5 s');
    expect(formatLag(12)).toBe('12 s');
    expect(formatLag(0.04)).toBe('0 s');
  });

  it('uses minutes and hours above a minute', () => {
    expect(formatLag(90)).toBe('1 min 30 s');
    expect(formatLag(11520)).toBe('3 h 12 min');
  });
});
