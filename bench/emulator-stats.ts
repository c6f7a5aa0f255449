import { DRS_TAG } from '@drs/contracts';

/** The part of the emulator's `GET /__emulator/stats` body that the benchmark reads. */
export interface EmulatorStats {
  callsByOperation: Record<string, number>;
  startRecoveryCalls: Array<{
    at: string;
    accountID: string;
    region: string;
    jobID: string | null;
    sourceServerIDs: string[];
    tags: Record<string, string>;
    outcome: string;
  }>;
  jobs: Array<{
    jobID: string;
    type: string;
    accountID: string;
    region: string;
    createdAt: string;
    endedAt: string | null;
    tags: Record<string, string>;
    servers: Array<{
      sourceServerID: string;
      launchStatus: string;
      startedAt: string | null;
      finishedAt: string | null;
    }>;
  }>;
  jobsPerServer: Record<string, number>;
  maxJobsInFlight: number;
  maxServersInFlight: number;
  quotaRefusals: number;
}

export type EmulatorJob = EmulatorStats['jobs'][number];
export type StartRecoveryCall = EmulatorStats['startRecoveryCalls'][number];

export async function fetchEmulatorStats(emulatorUrl: string): Promise<EmulatorStats> {
  const response = await fetch(`${emulatorUrl}/__emulator/stats`);
  if (!response.ok) {
    throw new Error(
      `GET ${emulatorUrl}/__emulator/stats returned ${response.status}: ${await response.text()}`,
    );
  }

  return (await response.json()) as EmulatorStats;
}

/** Calls per operation made between two snapshots of the stats. */
export function callsBetween(before: EmulatorStats, after: EmulatorStats): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.callsByOperation)) {
    const difference = count - (before.callsByOperation[operation] ?? 0);
    if (difference > 0) {
      calls[operation] = difference;
    }
  }

  return calls;
}

/** LAUNCH jobs that the orchestrator started for one of the given executions, found by their tags. */
export function launchJobsOf(stats: EmulatorStats, executionIds: Set<string>): EmulatorJob[] {
  return stats.jobs.filter(
    (job) => job.type === 'LAUNCH' && executionIds.has(job.tags[DRS_TAG.execution] ?? ''),
  );
}

export function startRecoveryCallsOf(stats: EmulatorStats, executionIds: Set<string>): StartRecoveryCall[] {
  return stats.startRecoveryCalls.filter((call) => executionIds.has(call.tags[DRS_TAG.execution] ?? ''));
}

export function timeMs(iso: string | null): number {
  if (iso === null) {
    throw new Error('a timestamp the benchmark needs is still missing from the emulator stats');
  }

  return Date.parse(iso);
}
