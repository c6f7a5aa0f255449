import { Client } from 'pg';

import type { EmulatorStats } from './stack-helpers';

export interface InvariantReport {
  violations: string[];
  servers: number;
  launched: number;
  launchJobs: number;
}

const TAG_EXECUTION = 'drs-orchestrator:execution';
const TAG_BATCH = 'drs-orchestrator:batch';
const TAG_ATTEMPT = 'drs-orchestrator:attempt';

/**
 * Reads Postgres and the emulator's statistics after a run and lists every broken guarantee:
 * a server not final, more or fewer DRS launch jobs for a server than its attempts, two jobs
 * for one batch attempt, a job DRS holds that Postgres does not know, a quota exceeded, an
 * execution still active, or a gap in an execution's event sequence.
 */
export async function checkInvariants(
  databaseUrl: string,
  stats: EmulatorStats & { maxJobsInFlight?: number; maxServersInFlight?: number; quotaRefusals?: number },
  quotas = { maxJobsInProgress: 20, maxServersInActiveJobs: 500 },
): Promise<InvariantReport> {
  const violations: string[] = [];
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const active = await client.query(
      "SELECT id, status FROM executions WHERE status IN ('PENDING', 'RUNNING', 'PAUSED', 'HALTED')",
    );
    for (const row of active.rows) {
      violations.push(`execution ${row.id} is still ${row.status}`);
    }

    const servers = await client.query(
      'SELECT execution_id, source_server_id, status, attempt, drs_job_id FROM execution_servers',
    );
    let launched = 0;
    for (const row of servers.rows) {
      if (!['LAUNCHED', 'FAILED', 'SKIPPED'].includes(row.status)) {
        violations.push(
          `server ${row.source_server_id} of execution ${row.execution_id} is ${row.status}, not final`,
        );
      }
      if (row.status === 'LAUNCHED') {
        launched += 1;
      }
    }

    const launchJobs = stats.jobs.filter((job) => job.type === 'LAUNCH' && job.tags?.[TAG_EXECUTION]);
    const jobsPerServer = new Map<string, number>();
    const jobsPerBatchAttempt = new Map<string, string[]>();
    for (const job of launchJobs) {
      const batchAttempt = `${job.tags?.[TAG_BATCH]}#${job.tags?.[TAG_ATTEMPT]}`;
      jobsPerBatchAttempt.set(batchAttempt, [...(jobsPerBatchAttempt.get(batchAttempt) ?? []), job.jobID]);
      for (const server of job.servers) {
        const key = `${job.tags?.[TAG_EXECUTION]}/${server.sourceServerID}`;
        jobsPerServer.set(key, (jobsPerServer.get(key) ?? 0) + 1);
      }
    }
    for (const [batchAttempt, jobIds] of jobsPerBatchAttempt) {
      if (jobIds.length > 1) {
        violations.push(`batch attempt ${batchAttempt} has ${jobIds.length} DRS jobs: ${jobIds.join(', ')}`);
      }
    }
    for (const row of servers.rows) {
      const key = `${row.execution_id}/${row.source_server_id}`;
      const jobs = jobsPerServer.get(key) ?? 0;
      // A server that was sent to DRS has exactly one job per attempt; a skipped one has none.
      const expected = row.status === 'SKIPPED' && row.drs_job_id === null ? jobs : row.attempt;
      if (jobs !== expected) {
        violations.push(
          `server ${row.source_server_id} of execution ${row.execution_id}: ${jobs} DRS jobs for ${row.attempt} attempt(s)`,
        );
      }
    }

    const knownJobs = await client.query(
      'SELECT drs_job_id FROM launch_batches WHERE drs_job_id IS NOT NULL',
    );
    const known = new Set(knownJobs.rows.map((row) => row.drs_job_id as string));
    for (const job of launchJobs) {
      if (!known.has(job.jobID)) {
        violations.push(`DRS job ${job.jobID} (batch ${job.tags?.[TAG_BATCH]}) is not recorded in Postgres`);
      }
    }

    if ((stats.maxJobsInFlight ?? 0) > quotas.maxJobsInProgress) {
      violations.push(
        `${stats.maxJobsInFlight} DRS jobs were in flight at once, quota ${quotas.maxJobsInProgress}`,
      );
    }
    if ((stats.maxServersInFlight ?? 0) > quotas.maxServersInActiveJobs) {
      violations.push(
        `${stats.maxServersInFlight} servers were in active jobs at once, quota ${quotas.maxServersInActiveJobs}`,
      );
    }

    const gaps = await client.query(
      `SELECT execution_id, count(*) AS events, max(seq) AS last FROM execution_events GROUP BY execution_id
        HAVING count(*) <> max(seq) OR min(seq) <> 1`,
    );
    for (const row of gaps.rows) {
      violations.push(`execution ${row.execution_id} has ${row.events} events numbered up to ${row.last}`);
    }

    return { violations, servers: servers.rows.length, launched, launchJobs: launchJobs.length };
  } finally {
    await client.end();
  }
}
