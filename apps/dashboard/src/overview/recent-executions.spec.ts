import type { ExecutionSummary } from '../api/resources';
import { mergeExecutions } from './recent-executions';

function execution(id: string, status: string, createdAt: string, endedAt: string | null): ExecutionSummary {
  return {
    id,
    planId: 'p1',
    planName: 'orders',
    planVersion: 1,
    mode: 'DRILL' as ExecutionSummary['mode'],
    status,
    createdAt,
    startedAt: createdAt,
    endedAt,
    cleanupStatus: 'NOT_REQUESTED',
    serverCounts: { total: 1, launched: 1, failed: 0 },
  };
}

describe('mergeExecutions', () => {
  const early = execution('a', 'SUCCEEDED', '2026-12-04T09:00:00Z', '2026-12-04T09:10:00Z');
  const late = execution('b', 'FAILED', '2026-12-04T08:00:00Z', '2026-12-04T11:00:00Z');
  const running = execution('c', 'RUNNING', '2026-12-04T10:00:00Z', null);

  it('sorts by end time, newest first', () => {
    expect(mergeExecutions([[early], [late]], 10).map((item) => item.id)).toEqual(['b', 'a']);
  });

  it('uses creation time before the end', () => {
    expect(mergeExecutions([[early, late, running]], 10).map((item) => item.id)).toEqual(['b', 'c', 'a']);
  });

  it('drops duplicates and cuts to the limit', () => {
    expect(mergeExecutions([[early, late], [late]], 1).map((item) => item.id)).toEqual(['b']);
  });
});
