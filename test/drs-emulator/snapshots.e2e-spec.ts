import {
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DrsClient,
  paginateDescribeRecoverySnapshots,
  RecoverySnapshot,
  ResourceNotFoundException,
  StartRecoveryCommand,
} from '@aws-sdk/client-drs';
import { createDrsEmulator, DrsEmulator, ManualClock } from '../../apps/drs-emulator/src';
import { captureError, createDrsClient } from './support/clients';

const LINUX_A = 's-f841a51831796bae0';
/** Disconnected in three-tier-100 and last seen by the service at 2026-11-30T05:00:00Z. */
const DISCONNECTED = 's-58382a1284b650a49';

describe('DRS emulator point-in-time snapshots', () => {
  let emulator: DrsEmulator;
  let client: DrsClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = await createDrsEmulator({ scenarios: ['three-tier-100'], port: 0, clock });
    client = createDrsClient(emulator.url);
  });

  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  async function allSnapshots(sourceServerID: string, order?: 'ASC' | 'DESC'): Promise<RecoverySnapshot[]> {
    const items: RecoverySnapshot[] = [];
    for await (const page of paginateDescribeRecoverySnapshots(
      { client, pageSize: 50 },
      { sourceServerID, order },
    )) {
      items.push(...(page.items ?? []));
    }

    return items;
  }

  it('lists a day of snapshots, ten minutes apart, oldest first', async () => {
    const snapshots = await allSnapshots(LINUX_A);
    const expected = snapshots.map((snapshot) => Date.parse(snapshot.expectedTimestamp as string));

    expect(snapshots.length).toBeGreaterThanOrEqual(143);
    expect(snapshots.length).toBeLessThanOrEqual(144);
    expect(expected.slice(1).map((time, index) => time - expected[index])).toEqual(
      new Array(snapshots.length - 1).fill(600_000),
    );
    expect(new Set(snapshots.map((snapshot) => snapshot.snapshotID)).size).toBe(snapshots.length);
    expect(snapshots.every((snapshot) => snapshot.sourceServerID === LINUX_A)).toBe(true);
  });

  it('reverses the order for DESC', async () => {
    const ascending = await allSnapshots(LINUX_A, 'ASC');
    const descending = await allSnapshots(LINUX_A, 'DESC');

    expect(descending.map((snapshot) => snapshot.snapshotID)).toEqual(
      [...ascending].reverse().map((snapshot) => snapshot.snapshotID),
    );
  });

  it('filters on the time a snapshot was taken', async () => {
    const output = await client.send(
      new DescribeRecoverySnapshotsCommand({
        sourceServerID: LINUX_A,
        filters: { fromDateTime: '2026-11-30T22:00:00Z', toDateTime: '2026-11-30T23:59:59Z' },
      }),
    );
    const times = (output.items ?? []).map((snapshot) => snapshot.timestamp as string);

    expect(times).toHaveLength(12);
    expect(times.every((time) => time >= '2026-11-30T22:00:00' && time <= '2026-11-30T23:59:59')).toBe(true);
  });

  it('adds new snapshots and expires old ones as the clock moves', async () => {
    const before = await allSnapshots(LINUX_A);
    clock.advanceSeconds(3600);
    const after = await allSnapshots(LINUX_A);

    expect(after.length).toBe(before.length);
    expect(after.map((snapshot) => snapshot.snapshotID)).not.toContain(before[0].snapshotID);
    expect(after.map((snapshot) => snapshot.snapshotID)).toEqual(
      expect.arrayContaining(before.slice(6).map((snapshot) => snapshot.snapshotID)),
    );
  });

  it('ends the snapshots of a disconnected server when it was last seen', async () => {
    const snapshots = await allSnapshots(DISCONNECTED, 'DESC');

    const latestMs = Date.parse(snapshots[0].timestamp as string);

    expect(snapshots.length).toBeGreaterThan(100);
    expect(latestMs).toBeLessThanOrEqual(Date.parse('2026-11-30T05:00:00Z'));
    expect(latestMs).toBeGreaterThan(Date.parse('2026-11-30T04:50:00Z'));
  });

  it('launches a disconnected server from its latest snapshot', async () => {
    const [latest] = await allSnapshots(DISCONNECTED, 'DESC');
    await client.send(
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID: DISCONNECTED }], isDrill: true }),
    );
    clock.advanceSeconds(3600);
    const instances = await client.send(
      new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [DISCONNECTED] } }),
    );

    expect(instances.items?.[0].pointInTimeSnapshotDateTime).toBe(latest.timestamp);
  });

  it('refuses a snapshot that has expired', async () => {
    const [oldest] = await allSnapshots(LINUX_A);
    clock.advanceSeconds(3600);

    const error = await captureError(
      client.send(
        new StartRecoveryCommand({
          sourceServers: [{ sourceServerID: LINUX_A, recoverySnapshotID: oldest.snapshotID }],
        }),
      ),
    );

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).resourceId).toBe(oldest.snapshotID);
  });

  it('returns no snapshots for an unknown server', async () => {
    const output = await client.send(
      new DescribeRecoverySnapshotsCommand({ sourceServerID: 's-000000000000000zz' }),
    );

    expect(output.items).toEqual([]);
  });
});
