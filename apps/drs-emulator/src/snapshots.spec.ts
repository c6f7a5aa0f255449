import type { SourceServer } from '@aws-sdk/client-drs';
import { pointInTimeSnapshotsOf } from './snapshots';

const NOW_MS = Date.parse('2026-12-01T00:00:00.000Z');
const SERVER: SourceServer = {
  sourceServerID: 's-0123456789abcdefg',
  dataReplicationInfo: {
    dataReplicationState: 'CONTINUOUS',
    replicatedDisks: [{ deviceName: '/dev/sda' }, { deviceName: '/dev/sdb' }],
  },
  lifeCycle: {
    firstByteDateTime: '2026-11-01T00:00:00.000Z',
    lastSeenByServiceDateTime: '2026-11-30T17:00:00.000Z',
  },
};

function withState(state: string): SourceServer {
  return {
    ...SERVER,
    dataReplicationInfo: { ...SERVER.dataReplicationInfo, dataReplicationState: state as never },
  };
}

describe(pointInTimeSnapshotsOf.name, () => {
  it('keeps one snapshot every 10 minutes for 24 hours', () => {
    const snapshots = pointInTimeSnapshotsOf(SERVER, NOW_MS, 1);
    const gaps = snapshots
      .slice(1)
      .map((snapshot, index) => snapshot.expectedAtMs - snapshots[index].expectedAtMs);

    expect(snapshots.length).toBeGreaterThanOrEqual(143);
    expect(snapshots.length).toBeLessThanOrEqual(144);
    expect(new Set(gaps)).toEqual(new Set([600_000]));
    expect(snapshots[0].expectedAtMs).toBeGreaterThan(NOW_MS - 24 * 3600 * 1000);
    expect(snapshots[snapshots.length - 1].takenAtMs).toBeLessThanOrEqual(NOW_MS);
  });

  it('derives stable ids and one EBS snapshot per disk', () => {
    const [first] = pointInTimeSnapshotsOf(SERVER, NOW_MS, 1);
    const again = pointInTimeSnapshotsOf(SERVER, NOW_MS + 60_000, 1).find(
      (snapshot) => snapshot.expectedAtMs === first.expectedAtMs,
    );

    expect(first.snapshotID).toMatch(/^pit-[0-9a-zA-Z]{17}$/);
    expect(again?.snapshotID).toBe(first.snapshotID);
    expect(first.ebsSnapshots).toHaveLength(2);
    expect(first.ebsSnapshots[0]).toMatch(/^snap-[0-9a-zA-Z]{17}$/);
    expect(pointInTimeSnapshotsOf(SERVER, NOW_MS, 2)[0].snapshotID).not.toBe(first.snapshotID);
  });

  it('takes each snapshot within 30 seconds of its schedule', () => {
    for (const snapshot of pointInTimeSnapshotsOf(SERVER, NOW_MS, 1)) {
      expect(snapshot.takenAtMs - snapshot.expectedAtMs).toBeGreaterThanOrEqual(0);
      expect(snapshot.takenAtMs - snapshot.expectedAtMs).toBeLessThan(30_000);
    }
  });

  it('ends the snapshots of a disconnected server when it was last seen', () => {
    const snapshots = pointInTimeSnapshotsOf(withState('DISCONNECTED'), NOW_MS, 1);
    const lastSeenMs = Date.parse('2026-11-30T17:00:00.000Z');

    expect(snapshots.length).toBeGreaterThan(100);
    expect(snapshots[snapshots.length - 1].takenAtMs).toBeLessThanOrEqual(lastSeenMs);
    expect(snapshots[snapshots.length - 1].takenAtMs).toBeGreaterThan(lastSeenMs - 600_000);
  });

  it('has none for a server whose replication is stopped or still syncing', () => {
    expect(pointInTimeSnapshotsOf(withState('STOPPED'), NOW_MS, 1)).toEqual([]);
    expect(pointInTimeSnapshotsOf(withState('INITIAL_SYNC'), NOW_MS, 1)).toEqual([]);
  });

  it('starts no earlier than the first replicated byte', () => {
    const young = { ...SERVER, lifeCycle: { firstByteDateTime: '2026-11-30T23:00:00.000Z' } };

    expect(pointInTimeSnapshotsOf(young, NOW_MS, 1).length).toBeLessThanOrEqual(6);
  });
});
