import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource, EntityManager, In } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { PlannerJob, QueueName } from '@drs/contracts';
import { DrsAdapter, Job, JobLog, ParticipatingServer } from '@drs/drs-adapter';
import { BatchStatus, CleanupJobStatus, isFinalServerStatus, ServerStatus } from '@drs/domain';
import {
  CleanupJobEntity,
  ExecutionServerEntity,
  LaunchBatchEntity,
  serverStatusEvent,
  WaveRunEntity,
} from '@drs/persistence';
import { BULLMQ_CONNECTION, TransactionRunner } from '@drs/messaging';

import { finishCleanupWhenDone } from './cleanup-completion';

const FAILURE_EVENTS = new Set([
  'SNAPSHOT_FAIL',
  'USING_PREVIOUS_SNAPSHOT_FAILED',
  'CONVERSION_FAIL',
  'LAUNCH_FAILED',
  'CLEANUP_FAIL',
]);

function toServerStatus(participant: ParticipatingServer | undefined, jobCompleted: boolean): ServerStatus {
  switch (participant?.launchStatus) {
    case 'LAUNCHED':
      return ServerStatus.Launched;
    case 'FAILED':
    case 'TERMINATED':
      return ServerStatus.Failed;
    case 'IN_PROGRESS':
      return jobCompleted ? ServerStatus.Failed : ServerStatus.InProgress;
    default:
      return jobCompleted ? ServerStatus.Failed : ServerStatus.Launching;
  }
}

/** The columns of a submitted launch batch that tracking reads. */
type TrackedBatch = Pick<
  LaunchBatchEntity,
  'id' | 'executionId' | 'waveRunId' | 'accountId' | 'region' | 'drsJobId'
>;

/** The columns of a submitted cleanup job that tracking reads. */
type TrackedCleanup = Pick<CleanupJobEntity, 'id' | 'executionId' | 'recoveryInstanceIds' | 'drsJobId'>;

/**
 * Returns the status and recovery instance that DRS reports for a server where they differ from
 * its row, or null when nothing changed.
 */
function serverChange(
  server: Pick<ExecutionServerEntity, 'sourceServerId' | 'status' | 'recoveryInstanceId'>,
  participants: Map<string | undefined, ParticipatingServer>,
  completed: boolean,
): { status: ServerStatus; recoveryInstanceId: string | null } | null {
  if (isFinalServerStatus(server.status)) {
    return null;
  }
  const participant = participants.get(server.sourceServerId);
  const status = toServerStatus(participant, completed);
  const recoveryInstanceId = participant?.recoveryInstanceID ?? server.recoveryInstanceId;
  if (status === server.status && recoveryInstanceId === server.recoveryInstanceId) {
    return null;
  }

  return { status, recoveryInstanceId };
}

interface ServerUpdate {
  server: ExecutionServerEntity;
  changes: Pick<ExecutionServerEntity, 'status' | 'recoveryInstanceId'> &
    Partial<Pick<ExecutionServerEntity, 'launchStartedAt' | 'launchEndedAt' | 'failureReason'>>;
}

/**
 * Applies every server update of one poll in one statement instead of one per server. Each row
 * changes only if its status is still the one read (compare-and-set), and the servers whose rows
 * changed are returned, in the order given, with the changes applied.
 */
async function updateServers(
  manager: EntityManager,
  updates: ServerUpdate[],
): Promise<ExecutionServerEntity[]> {
  if (updates.length === 0) {
    return [];
  }
  // A CTE makes the driver return plain rows; for a bare UPDATE it returns [rows, count].
  const rows: Array<{ id: string }> = await manager.query(
    `WITH moved AS (
       UPDATE execution_servers AS s
          SET status = v.status,
              recovery_instance_id = v.recovery_instance_id,
              launch_started_at = COALESCE(v.launch_started_at, s.launch_started_at),
              launch_ended_at = COALESCE(v.launch_ended_at, s.launch_ended_at),
              failure_reason = COALESCE(v.failure_reason, s.failure_reason)
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
              AS v(id, expected_status, status, recovery_instance_id, launch_started_at, launch_ended_at, failure_reason)
        WHERE s.id = v.id AND s.status = v.expected_status
       RETURNING s.id
     ) SELECT id FROM moved`,
    [
      updates.map(({ server }) => server.id),
      updates.map(({ server }) => server.status),
      updates.map(({ changes }) => changes.status),
      updates.map(({ changes }) => changes.recoveryInstanceId),
      updates.map(({ changes }) => changes.launchStartedAt ?? null),
      updates.map(({ changes }) => changes.launchEndedAt ?? null),
      updates.map(({ changes }) => changes.failureReason ?? null),
    ],
  );
  const moved = new Set(rows.map((row) => row.id));
  const changed: ExecutionServerEntity[] = [];
  for (const { server, changes } of updates) {
    if (moved.has(server.id)) {
      Object.assign(server, changes);
      changed.push(server);
    }
  }

  return changed;
}

/** Returns the first failure DRS logged for each server of a job, as "EVENT: raw error". */
function failureReasons(items: JobLog[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const item of items) {
    const serverId = item.eventData?.sourceServerID;
    if (serverId && item.event && FAILURE_EVENTS.has(item.event) && !reasons.has(serverId)) {
      reasons.set(serverId, `${item.event}${item.eventData?.rawError ? `: ${item.eventData.rawError}` : ''}`);
    }
  }

  return reasons;
}

/**
 * Follows every submitted DRS job to its end: one DescribeJobs call per account and Region per
 * poll for all of its active jobs, each server updated from `participatingServers[].launchStatus`,
 * failure reasons read from the job log, and the planner notified when a batch is done. A lock in
 * Redis lets only one launcher replica poll an account and Region at a time.
 */
@Injectable()
export class JobTracker implements OnApplicationShutdown {
  private readonly logger = new Logger(JobTracker.name);
  private readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly drs: DrsAdapter,
    private readonly transactions: TransactionRunner,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) {
        return;
      }
      this.running = this.pollOnce().finally(() => {
        this.running = null;
        this.timer = setTimeout(tick, this.config.launcher.jobPollIntervalMs);
      });
    };
    this.timer = setTimeout(tick, this.config.launcher.jobPollIntervalMs);
  }

  async pollOnce(): Promise<void> {
    let targets: Array<{ account_id: string; region: string }>;
    try {
      targets = await this.dataSource.query(
        `SELECT account_id, region FROM launch_batches WHERE status = $1
         UNION SELECT account_id, region FROM cleanup_jobs WHERE status = $2`,
        [BatchStatus.Submitted, CleanupJobStatus.Submitted],
      );
    } catch (error) {
      this.logger.warn(`cannot list active DRS jobs: ${(error as Error).message}`);
      return;
    }
    await Promise.all(targets.map((target) => this.pollTarget(target.account_id, target.region)));
  }

  private async pollTarget(accountId: string, region: string): Promise<void> {
    const lockKey = `${this.config.queuePrefix}:job-tracker:${accountId}/${region}`;
    const lockMs = Math.max(10_000, this.config.launcher.jobPollIntervalMs * 5);
    try {
      const locked = await this.redis.set(lockKey, this.instanceId, 'PX', lockMs, 'NX');
      if (locked !== 'OK') {
        return;
      }
      // Plain SQL: these run for every target on every poll, and entity mapping made most of the
      // launcher's garbage.
      const batches: TrackedBatch[] = await this.dataSource.query(
        `SELECT id, execution_id AS "executionId", wave_run_id AS "waveRunId", account_id AS "accountId",
                region, drs_job_id AS "drsJobId"
           FROM launch_batches WHERE account_id = $1 AND region = $2 AND status = $3`,
        [accountId, region, BatchStatus.Submitted],
      );
      const cleanups: TrackedCleanup[] = await this.dataSource.query(
        `SELECT id, execution_id AS "executionId", recovery_instance_ids AS "recoveryInstanceIds",
                drs_job_id AS "drsJobId"
           FROM cleanup_jobs WHERE account_id = $1 AND region = $2 AND status = $3`,
        [accountId, region, CleanupJobStatus.Submitted],
      );
      const jobIds = [...batches, ...cleanups].map((item) => item.drsJobId as string);
      if (jobIds.length === 0) {
        return;
      }
      const jobs = new Map(
        (await this.drs.describeJobs(accountId, region, jobIds)).map((job) => [job.jobID, job]),
      );

      for (const batch of batches) {
        const job = jobs.get(batch.drsJobId as string);
        if (job) {
          await this.applyLaunchJob(batch, job);
        } else {
          this.logger.warn(
            `execution ${batch.executionId}: DRS job ${batch.drsJobId} not found by DescribeJobs`,
          );
        }
      }
      for (const cleanup of cleanups) {
        const job = jobs.get(cleanup.drsJobId as string);
        if (job?.status === 'COMPLETED') {
          await this.applyTerminateJob(cleanup, job);
        }
      }
    } catch (error) {
      this.logger.warn(`${accountId}/${region}: job poll failed: ${(error as Error).message}`);
    } finally {
      await this.releaseLock(lockKey);
    }
  }

  private async releaseLock(lockKey: string): Promise<void> {
    try {
      if ((await this.redis.get(lockKey)) === this.instanceId) {
        await this.redis.del(lockKey);
      }
    } catch (error) {
      // The lock expires by itself; another replica waits at most its lifetime.
      this.logger.warn(`cannot release tracker lock ${lockKey}: ${(error as Error).message}`);
    }
  }

  private async applyLaunchJob(batch: TrackedBatch, job: Job): Promise<void> {
    const completed = job.status === 'COMPLETED';
    const participants = new Map(
      (job.participatingServers ?? []).map((server) => [server.sourceServerID, server]),
    );
    // The job log contains the reason for a failure, so read it once a tracked server has failed.
    const tracked: Array<Pick<ExecutionServerEntity, 'sourceServerId' | 'status' | 'recoveryInstanceId'>> =
      await this.dataSource.query(
        `SELECT source_server_id AS "sourceServerId", status, recovery_instance_id AS "recoveryInstanceId"
           FROM execution_servers WHERE batch_id = $1`,
        [batch.id],
      );
    // Most polls find nothing new; they skip the transaction, which would change nothing.
    if (!completed && !tracked.some((server) => serverChange(server, participants, completed))) {
      return;
    }
    const newlyFailed = tracked.some((server) => {
      const participant = participants.get(server.sourceServerId);
      return (
        !isFinalServerStatus(server.status) &&
        (participant?.launchStatus === 'FAILED' || (completed && participant?.launchStatus !== 'LAUNCHED'))
      );
    });
    const reasons = newlyFailed
      ? failureReasons(await this.drs.describeJobLogItems(batch.accountId, batch.region, job.jobID as string))
      : new Map<string, string>();

    await this.transactions.run(async (unit) => {
      const manager = unit.manager;
      const wave = await manager.findOneByOrFail(WaveRunEntity, { id: batch.waveRunId });
      const servers = await manager.find(ExecutionServerEntity, {
        where: { batchId: batch.id },
        order: { position: 'ASC' },
      });
      const now = new Date();
      const updates: ServerUpdate[] = [];
      for (const server of servers) {
        const participant = participants.get(server.sourceServerId);
        const change = serverChange(server, participants, completed);
        if (!change) {
          continue;
        }
        const { status, recoveryInstanceId } = change;
        const changes: ServerUpdate['changes'] = { status, recoveryInstanceId };
        if (status !== ServerStatus.Launching && !server.launchStartedAt) {
          changes.launchStartedAt = now;
        }
        if (isFinalServerStatus(status)) {
          changes.launchEndedAt = now;
        }
        if (status === ServerStatus.Failed) {
          changes.failureReason =
            reasons.get(server.sourceServerId) ??
            (participant ? `DRS reported ${participant.launchStatus}` : `not listed in DRS job ${job.jobID}`);
        }
        updates.push({ server, changes });
      }
      const changed = await updateServers(manager, updates);
      await unit.appendEvents(
        batch.executionId,
        changed.map((server) => serverStatusEvent(wave.name, server)),
      );

      if (completed) {
        const moved = await unit.transition(
          LaunchBatchEntity,
          batch.id,
          [BatchStatus.Submitted],
          BatchStatus.Completed,
          {
            completedAt: now,
          },
        );
        if (moved) {
          await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, {
            executionId: batch.executionId,
          });
          const failed = servers.filter((server) => server.status === ServerStatus.Failed).length;
          this.logger.log(
            `execution ${batch.executionId}: DRS job ${job.jobID} completed, ${servers.length - failed} launched, ${failed} failed`,
          );
        }
      }
    });
  }

  private async applyTerminateJob(cleanup: TrackedCleanup, job: Job): Promise<void> {
    const terminated = (job.participatingServers ?? [])
      .filter((server) => server.launchStatus === 'TERMINATED' && server.recoveryInstanceID)
      .map((server) => server.recoveryInstanceID as string);

    await this.transactions.run(async (unit) => {
      const manager = unit.manager;
      const now = new Date();
      const failed = cleanup.recoveryInstanceIds.filter((id) => !terminated.includes(id));
      const status = failed.length === 0 ? CleanupJobStatus.Completed : CleanupJobStatus.Failed;
      const moved = await unit.transition(
        CleanupJobEntity,
        cleanup.id,
        [CleanupJobStatus.Submitted],
        status,
        {
          completedAt: now,
          lastError: failed.length === 0 ? null : `not terminated: ${failed.join(', ')}`,
        },
      );
      if (!moved) {
        return;
      }
      if (terminated.length > 0) {
        await manager.update(
          ExecutionServerEntity,
          { executionId: cleanup.executionId, recoveryInstanceId: In(terminated) },
          { instanceTerminatedAt: now },
        );
      }

      await finishCleanupWhenDone(unit, cleanup.executionId, this.logger);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }
}
