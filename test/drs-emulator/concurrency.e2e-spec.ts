import {
  ConflictException,
  DrsClient,
  ServiceQuotaExceededException,
  StartRecoveryCommand,
  ThrottlingException,
} from '@aws-sdk/client-drs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDrsEmulator,
  DEFAULT_QUOTAS,
  DrsEmulator,
  EmulatorStats,
  ManualClock,
} from '../../apps/drs-emulator/src';
import { control, createDrsClient } from './support/clients';
import { largeScenario, numberedServerID, writeScenario } from './support/scenarios';

const ACCOUNT_ID = '210000000001';
const SERVERS = 2500;
const CALLS = 25;
const SERVERS_PER_CALL = 100;

type Outcome =
  | { kind: 'accepted'; jobID: string }
  | { kind: 'quota'; status: number; quotaCode: string }
  | { kind: 'conflict'; status: number; resourceId: string }
  | { kind: 'other'; name: string };

function serverIDs(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, offset) => numberedServerID(0xa, first + offset));
}

async function startRecovery(client: DrsClient, ids: string[]): Promise<Outcome> {
  try {
    const output = await client.send(
      new StartRecoveryCommand({
        sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
        isDrill: true,
      }),
    );
    return { kind: 'accepted', jobID: output.job?.jobID ?? '' };
  } catch (error) {
    if (error instanceof ServiceQuotaExceededException) {
      return { kind: 'quota', status: error.$metadata.httpStatusCode ?? 0, quotaCode: error.quotaCode ?? '' };
    }
    if (error instanceof ConflictException) {
      return {
        kind: 'conflict',
        status: error.$metadata.httpStatusCode ?? 0,
        resourceId: error.resourceId ?? '',
      };
    }
    return { kind: 'other', name: (error as Error).name };
  }
}

function count(outcomes: Outcome[], kind: Outcome['kind']): number {
  return outcomes.filter((outcome) => outcome.kind === kind).length;
}

function quotaCodes(outcomes: Outcome[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.kind === 'quota') {
      codes[outcome.quotaCode] = (codes[outcome.quotaCode] ?? 0) + 1;
    }
  }

  return codes;
}

describe('DRS emulator under 25 concurrent StartRecovery calls', () => {
  let directory: string;
  let emulator: DrsEmulator;
  let client: DrsClient;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'drs-concurrency-'));
    const scenario = writeScenario(directory, largeScenario('concurrency-2500', ACCOUNT_ID, SERVERS));
    emulator = await createDrsEmulator({
      scenarios: [scenario],
      port: 0,
      clock: new ManualClock(),
      control: true,
    });
    client = createDrsClient(emulator.url, { accessKeyId: `AKIA${ACCOUNT_ID}EMUL` });
  });

  beforeEach(async () => {
    expect((await control(emulator.url, 'POST', 'reset')).status).toBe(200);
  });

  afterAll(async () => {
    client.destroy();
    await emulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function stats(): Promise<EmulatorStats> {
    return (await control(emulator.url, 'GET', 'stats')).body as EmulatorStats;
  }

  /** Checks what every phase must show: bounded peaks, typed refusals, and statistics that agree. */
  async function expectConsistent(outcomes: Outcome[], batches: string[][]): Promise<EmulatorStats> {
    const current = await stats();
    const accepted = count(outcomes, 'accepted');
    const refusals = outcomes.filter((outcome) => outcome.kind !== 'accepted');

    expect(outcomes).toHaveLength(CALLS);
    expect(count(outcomes, 'other')).toBe(0);
    for (const refusal of refusals) {
      if (refusal.kind === 'quota') {
        expect(refusal.status).toBe(402);
        expect(['L-D88FAC3A', 'L-05AFA8C6']).toContain(refusal.quotaCode);
      } else if (refusal.kind === 'conflict') {
        expect(refusal.status).toBe(409);
        expect(batches.some((batch) => batch.includes(refusal.resourceId))).toBe(true);
      }
    }

    const recorded = current.startRecoveryCalls.map((call) => call.outcome);
    expect(recorded).toHaveLength(CALLS);
    expect(recorded.filter((outcome) => outcome === 'accepted')).toHaveLength(accepted);
    expect(recorded.filter((outcome) => outcome !== 'accepted')).toHaveLength(refusals.length);
    expect(current.jobs).toHaveLength(accepted);
    expect(current.quotaRefusalsByCode).toEqual(quotaCodes(outcomes));
    expect(current.conflicts).toBe(count(outcomes, 'conflict'));
    expect(current.maxJobsInFlight).toBeLessThanOrEqual(DEFAULT_QUOTAS.maxJobsInProgress);
    expect(current.maxServersInFlight).toBeLessThanOrEqual(DEFAULT_QUOTAS.maxServersInActiveJobs);

    return current;
  }

  it('refuses beyond 500 servers on L-05AFA8C6', async () => {
    const batches = Array.from({ length: CALLS }, (_, index) =>
      serverIDs(index * SERVERS_PER_CALL, SERVERS_PER_CALL),
    );

    const outcomes = await Promise.all(batches.map((batch) => startRecovery(client, batch)));
    const current = await expectConsistent(outcomes, batches);

    expect(count(outcomes, 'accepted')).toBe(5);
    expect(quotaCodes(outcomes)).toEqual({ 'L-05AFA8C6': 20 });
    expect(current.maxServersInFlight).toBe(500);
    expect(current.maxJobsInFlight).toBe(5);
  });

  it('refuses the 21st job on L-D88FAC3A', async () => {
    emulator.setQuotas({ maxServersInActiveJobs: SERVERS });
    const batches = Array.from({ length: CALLS }, (_, index) =>
      serverIDs(index * SERVERS_PER_CALL, SERVERS_PER_CALL),
    );

    const outcomes = await Promise.all(batches.map((batch) => startRecovery(client, batch)));
    const current = await stats();

    expect(count(outcomes, 'accepted')).toBe(20);
    expect(quotaCodes(outcomes)).toEqual({ 'L-D88FAC3A': 5 });
    expect(current.maxJobsInFlight).toBe(20);
    expect(current.quotaRefusalsByCode).toEqual({ 'L-D88FAC3A': 5 });
  });

  it('refuses overlapping batches with ConflictException', async () => {
    // Each batch shares 40 servers with the next one.
    const batches = Array.from({ length: CALLS }, (_, index) => serverIDs(index * 60, SERVERS_PER_CALL));

    const outcomes = await Promise.all(batches.map((batch) => startRecovery(client, batch)));
    await expectConsistent(outcomes, batches);
    const held = new Set(
      outcomes.flatMap((outcome, index) => (outcome.kind === 'accepted' ? batches[index] : [])),
    );

    expect(count(outcomes, 'conflict')).toBeGreaterThan(0);
    for (const outcome of outcomes) {
      if (outcome.kind === 'conflict') {
        expect(held.has(outcome.resourceId)).toBe(true);
      }
    }
  });

  it('keeps quotas while callers retry', async () => {
    const realTime = await createDrsEmulator({
      scenarios: [join(directory, 'concurrency-2500.json')],
      port: 0,
      timeScale: 0.0002,
    });
    const realClient = createDrsClient(realTime.url, { accessKeyId: `AKIA${ACCOUNT_ID}EMUL` });
    const batches = Array.from({ length: CALLS }, (_, index) =>
      serverIDs(index * SERVERS_PER_CALL, SERVERS_PER_CALL),
    );
    const refusals: Outcome[] = [];
    let throttled = 0;

    const retryUntilAccepted = async (batch: string[]): Promise<void> => {
      for (;;) {
        const outcome = await startRecovery(realClient, batch);
        if (outcome.kind === 'accepted') {
          return;
        }
        if (outcome.kind === 'other' && outcome.name === ThrottlingException.name) {
          throttled += 1;
        } else {
          refusals.push(outcome);
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    };

    try {
      await Promise.all(batches.map(retryUntilAccepted));
      const current = realTime.stats();

      expect(current.jobs).toHaveLength(CALLS);
      expect(refusals.every((outcome) => outcome.kind === 'quota')).toBe(true);
      expect(current.quotaRefusals).toBe(refusals.length);
      expect(current.throttles).toBe(throttled);
      expect(current.startRecoveryCalls).toHaveLength(CALLS + refusals.length + throttled);
      expect(current.maxServersInFlight).toBeLessThanOrEqual(DEFAULT_QUOTAS.maxServersInActiveJobs);
      expect(current.maxJobsInFlight).toBeLessThanOrEqual(DEFAULT_QUOTAS.maxJobsInProgress);
    } finally {
      realClient.destroy();
      await realTime.close();
    }
  });
});
