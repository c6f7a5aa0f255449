import type {
  DescribeRecoverySnapshotsRequest,
  DescribeRecoverySnapshotsResponse,
  RecoverySnapshot,
  SourceServer,
} from '@aws-sdk/client-drs';
import { toIsoString } from './clock';
import { JsonObject } from './json';
import { OperationContext } from './operation-context';
import { paginate } from './pagination';
import { SNAPSHOT_INTERVAL_SECONDS, SNAPSHOT_RETENTION_SECONDS } from './settings';
import { stableAlphanumeric, stableInteger } from './state';

export interface PointInTimeSnapshot {
  snapshotID: string;
  sourceServerID: string;
  /** The scheduled time, a multiple of the snapshot interval. */
  expectedAtMs: number;
  /** When the snapshot was taken: up to 30 seconds after the scheduled time. */
  takenAtMs: number;
  ebsSnapshots: string[];
}

/** No data has been replicated yet, or replication was stopped: such a server has no snapshots. */
const NO_SNAPSHOT_STATES = new Set(['STOPPED', 'INITIATING', 'INITIAL_SYNC']);
/**
 * Replication that stopped reaching DRS: the snapshots end when the service last saw the server,
 * and none of them expires. Both rules are assumptions; DRS documents neither.
 */
const FROZEN_SNAPSHOT_STATES = new Set(['DISCONNECTED', 'STALLED', 'PAUSED']);

const MAX_TAKE_DELAY_SECONDS = 30;

/**
 * Lists the point-in-time snapshots that DRS holds for a server at `nowMs`, oldest first. They are
 * computed from the clock, so they need no timers: one every SNAPSHOT_INTERVAL_SECONDS, kept for
 * SNAPSHOT_RETENTION_SECONDS. Ids are derived from the seed, the server and the scheduled time,
 * so the same snapshot keeps its id across calls and runs.
 */
export function pointInTimeSnapshotsOf(
  server: SourceServer,
  nowMs: number,
  seed: number,
): PointInTimeSnapshot[] {
  const lastMs = lastSnapshotBoundMs(server, nowMs);
  if (lastMs === undefined) {
    return [];
  }

  const intervalMs = SNAPSHOT_INTERVAL_SECONDS * 1000;
  const firstByteMs = Date.parse(server.lifeCycle?.firstByteDateTime ?? '');
  const windowStartMs = Math.max(
    lastMs - SNAPSHOT_RETENTION_SECONDS * 1000,
    Number.isNaN(firstByteMs) ? Number.NEGATIVE_INFINITY : firstByteMs,
  );

  const sourceServerID = server.sourceServerID as string;
  const disks = (server.dataReplicationInfo?.replicatedDisks ?? []).map((disk) => disk.deviceName ?? '');
  const snapshots: PointInTimeSnapshot[] = [];
  for (
    let expectedAtMs = Math.floor(windowStartMs / intervalMs) * intervalMs;
    expectedAtMs <= lastMs;
    expectedAtMs += intervalMs
  ) {
    if (expectedAtMs <= windowStartMs) {
      continue;
    }

    const snapshotID = `pit-${stableAlphanumeric(`${seed}/${sourceServerID}/${expectedAtMs}`, 17)}`;
    const delaySeconds = stableInteger(snapshotID, MAX_TAKE_DELAY_SECONDS);
    const takenAtMs = expectedAtMs + delaySeconds * 1000;
    if (takenAtMs > lastMs) {
      continue;
    }

    snapshots.push({
      snapshotID,
      sourceServerID,
      expectedAtMs,
      takenAtMs,
      ebsSnapshots: disks.map(
        (deviceName) => `snap-${stableAlphanumeric(`${snapshotID}/${deviceName}`, 17)}`,
      ),
    });
  }

  return snapshots;
}

/** Returns the latest time a snapshot can have been taken, or undefined when the server has none. */
function lastSnapshotBoundMs(server: SourceServer, nowMs: number): number | undefined {
  const state = server.dataReplicationInfo?.dataReplicationState ?? '';
  if (NO_SNAPSHOT_STATES.has(state)) {
    return undefined;
  }
  if (!FROZEN_SNAPSHOT_STATES.has(state)) {
    return nowMs;
  }

  const lastSeenMs = Date.parse(server.lifeCycle?.lastSeenByServiceDateTime ?? '');

  return Number.isNaN(lastSeenMs) ? undefined : Math.min(nowMs, lastSeenMs);
}

/**
 * DescribeRecoverySnapshots: the snapshots of one server, filtered on the time they were taken.
 * The order defaults to ASC (oldest first); DRS documents no default. The model lists no
 * ResourceNotFoundException here, so an unknown server gets an empty list.
 */
export function describeRecoverySnapshots(
  context: OperationContext,
  input: JsonObject,
): DescribeRecoverySnapshotsResponse {
  const request = input as unknown as DescribeRecoverySnapshotsRequest;
  const server = context.state.servers.get(request.sourceServerID as string);
  if (!server) {
    return { items: [] };
  }

  const fromMs = request.filters?.fromDateTime ? Date.parse(request.filters.fromDateTime) : undefined;
  const toMs = request.filters?.toDateTime ? Date.parse(request.filters.toDateTime) : undefined;
  const descending = request.order === 'DESC';

  const snapshots = pointInTimeSnapshotsOf(server.inventory.server, context.nowMs, context.seed)
    .filter((snapshot) => fromMs === undefined || snapshot.takenAtMs >= fromMs)
    .filter((snapshot) => toMs === undefined || snapshot.takenAtMs <= toMs);
  if (descending) {
    snapshots.reverse();
  }

  const page = paginate(
    'DescribeRecoverySnapshots',
    snapshots,
    (snapshot) => (descending ? -snapshot.takenAtMs : snapshot.takenAtMs),
    request,
  );

  return { items: page.items.map(recoverySnapshotOutput), nextToken: page.nextToken };
}

function recoverySnapshotOutput(snapshot: PointInTimeSnapshot): RecoverySnapshot {
  return {
    snapshotID: snapshot.snapshotID,
    sourceServerID: snapshot.sourceServerID,
    expectedTimestamp: toIsoString(snapshot.expectedAtMs),
    timestamp: toIsoString(snapshot.takenAtMs),
    ebsSnapshots: [...snapshot.ebsSnapshots],
  };
}
