import { countExecutionServers, elapsedSeconds, isActiveExecution, percentFinal } from './execution-progress';
import { fixtureServer, fixtureView, fixtureWave } from './view-fixtures';

describe('execution progress', () => {
  const view = fixtureView('RUNNING', [
    fixtureWave('db', 'SUCCEEDED', [fixtureServer('s-a', 'LAUNCHED'), fixtureServer('s-b', 'FAILED')]),
    fixtureWave('app', 'RUNNING', [fixtureServer('s-c', 'IN_PROGRESS'), fixtureServer('s-d', 'SKIPPED')]),
  ]);

  it('counts servers by outcome', () => {
    expect(countExecutionServers(view)).toEqual({ total: 4, final: 3, launched: 1, failed: 1, skipped: 1 });
  });

  it('rounds the final share to a percent', () => {
    expect(percentFinal({ total: 3, final: 1 })).toBe(33);
    expect(percentFinal({ total: 4, final: 4 })).toBe(100);
  });

  it('reports 0 percent without servers', () => {
    expect(percentFinal({ total: 0, final: 0 })).toBe(0);
  });

  it('measures elapsed time to now while running', () => {
    const now = Date.parse('2026-12-04T10:01:05.000Z');
    expect(elapsedSeconds(view, now)).toBe(60);
  });

  it('measures duration to the end once ended', () => {
    const ended = { startedAt: '2026-12-04T10:00:00.000Z', endedAt: '2026-12-04T10:02:30.000Z' };
    expect(elapsedSeconds(ended, Date.parse('2027-01-01T00:00:00.000Z'))).toBe(150);
  });

  it('has no elapsed time before the start', () => {
    expect(elapsedSeconds({ startedAt: null, endedAt: null }, Date.now())).toBeNull();
  });

  it('treats halted and paused runs as active', () => {
    expect(isActiveExecution('HALTED')).toBe(true);
    expect(isActiveExecution('PAUSED')).toBe(true);
    expect(isActiveExecution('PARTIAL')).toBe(false);
  });
});
