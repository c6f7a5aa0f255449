import type { ExecutionView, WaveRunView } from '@drs/contracts';
import { ACTIVE_EXECUTION_STATUSES, FINAL_SERVER_STATUSES, ServerStatus } from '@drs/domain';

export interface ServerCounts {
  total: number;
  /** Servers in a final state: LAUNCHED, FAILED or SKIPPED. */
  final: number;
  launched: number;
  failed: number;
  skipped: number;
}

export function countWaveServers(wave: WaveRunView): ServerCounts {
  const counts: ServerCounts = { total: 0, final: 0, launched: 0, failed: 0, skipped: 0 };
  for (const server of wave.servers) {
    counts.total += 1;
    if ((FINAL_SERVER_STATUSES as readonly string[]).includes(server.status)) {
      counts.final += 1;
    }
    if (server.status === ServerStatus.Launched) {
      counts.launched += 1;
    } else if (server.status === ServerStatus.Failed) {
      counts.failed += 1;
    } else if (server.status === ServerStatus.Skipped) {
      counts.skipped += 1;
    }
  }

  return counts;
}

export function countExecutionServers(view: ExecutionView): ServerCounts {
  const sum: ServerCounts = { total: 0, final: 0, launched: 0, failed: 0, skipped: 0 };
  for (const wave of view.waves) {
    const counts = countWaveServers(wave);
    sum.total += counts.total;
    sum.final += counts.final;
    sum.launched += counts.launched;
    sum.failed += counts.failed;
    sum.skipped += counts.skipped;
  }

  return sum;
}

/** Share of final servers in percent, 0 when there are none yet (the planner has not resolved the groups). */
export function percentFinal(counts: Pick<ServerCounts, 'total' | 'final'>): number {
  return counts.total === 0 ? 0 : Math.round((counts.final / counts.total) * 100);
}

export function isActiveExecution(status: string): boolean {
  return (ACTIVE_EXECUTION_STATUSES as readonly string[]).includes(status);
}

/**
 * Seconds the run has taken: from its start to its end, or to `nowMs` while it has not ended.
 * Null before it started.
 */
export function elapsedSeconds(
  run: { startedAt: string | null; endedAt: string | null },
  nowMs: number,
): number | null {
  if (!run.startedAt) {
    return null;
  }
  const end = run.endedAt ? Date.parse(run.endedAt) : nowMs;

  return Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
}
