import type { SourceServer } from '../api/resources';
import { formatDuration } from '../common/format';

/**
 * Lag above which a server is flagged: 5 minutes. A launch uses the latest point in time that DRS
 * holds, so a longer lag means that much data is lost in a recovery.
 */
export const LAG_WARNING_SECONDS = 300;

/** DRS replication states in which the replicated data falls behind or stops (DataReplicationState). */
const PROBLEM_STATES = new Set(['STALLED', 'DISCONNECTED', 'BACKLOG', 'PAUSED', 'STOPPED']);

/** States in which DRS is still setting up or catching up, expected after adding a server or a disk. */
const SYNCING_STATES = new Set([
  'INITIATING',
  'INITIAL_SYNC',
  'RESCAN',
  'CREATING_SNAPSHOT',
  'PENDING_SNAPSHOT_SHIPPING',
  'SHIPPING_SNAPSHOT',
]);

export type ReplicationTone = 'success' | 'warning' | 'in-progress' | 'unknown';

export interface ReplicationHealth {
  tone: ReplicationTone;
  /** Plain text such as "CONTINUOUS, lag 0.5 s". */
  text: string;
  /** Reason the server is flagged, or null when it is not. */
  problem: string | null;
}

/** Formats a lag in seconds as "0.5 s" below a minute (DRS reports fractions) and "12 min 30 s" above. */
export function formatLag(seconds: number): string {
  if (seconds < 60) {
    return `${Number(seconds.toFixed(1))} s`;
  }

  return formatDuration(seconds);
}

/** True when the server's replication needs attention: a problem state or a lag above 5 minutes. */
export function hasReplicationProblem(
  server: Pick<SourceServer, 'replicationState' | 'lagSeconds'>,
): boolean {
  return replicationHealth(server).problem !== null;
}

/** Describes the replication state and lag of a server in words, with a tone for its status icon. */
export function replicationHealth(
  server: Pick<SourceServer, 'replicationState' | 'lagSeconds'>,
): ReplicationHealth {
  const state = server.replicationState;
  if (!state) {
    return { tone: 'unknown', text: 'No replication data', problem: null };
  }

  const lag = server.lagSeconds;
  const text = lag === null ? state : `${state}, lag ${formatLag(lag)}`;
  if (PROBLEM_STATES.has(state)) {
    return { tone: 'warning', text, problem: `Replication is ${state}` };
  }
  if (lag !== null && lag > LAG_WARNING_SECONDS) {
    return { tone: 'warning', text, problem: `Lag is above ${LAG_WARNING_SECONDS / 60} minutes` };
  }
  if (SYNCING_STATES.has(state)) {
    return { tone: 'in-progress', text, problem: null };
  }

  return { tone: state === 'CONTINUOUS' ? 'success' : 'unknown', text, problem: null };
}
