import type { ExecutionSummary } from '../api/resources';

/**
 * Merges lists fetched per status into one, newest first by end time (creation time for a run
 * that has not ended), without duplicates, cut to `limit`.
 */
export function mergeExecutions(lists: readonly ExecutionSummary[][], limit: number): ExecutionSummary[] {
  const byId = new Map<string, ExecutionSummary>();
  for (const list of lists) {
    for (const execution of list) {
      byId.set(execution.id, execution);
    }
  }
  const sortKey = (execution: ExecutionSummary) => Date.parse(execution.endedAt ?? execution.createdAt);

  return [...byId.values()].sort((a, b) => sortKey(b) - sortKey(a)).slice(0, limit);
}
