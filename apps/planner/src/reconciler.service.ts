import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { LauncherJob, PlannerJob, QueueName } from '@drs/contracts';
import { BatchStatus, CleanupJobStatus, CleanupStatus, ExecutionStatus } from '@drs/domain';
import { OutboxRelay, TransactionRunner } from '@drs/messaging';

/** An outbox row older than this was committed but its relay never ran (the writer crashed). */
const OUTBOX_GRACE_MS = 2_000;
/** A queued batch this far past its due time has lost its queue job. */
const OVERDUE_GRACE_MS = 5_000;

/**
 * Rebuilds queue work from Postgres, the source of truth, so that a lost Redis or a crashed
 * process never leaves a recovery hanging: outbox rows that never reached BullMQ are sent again,
 * overdue batches are queued again, running executions are re-evaluated, and stuck starts and
 * cleanups are retried. Every handler is safe to repeat, so a duplicate job does no harm.
 */
@Injectable()
export class Reconciler implements OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.reconcileOnce().finally(() => (this.running = null));
      }
    }, this.config.planner.reconcileIntervalMs);
  }

  async reconcileOnce(): Promise<void> {
    try {
      await this.relay.republishPending(OUTBOX_GRACE_MS);
      await this.requeueWork();
    } catch (error) {
      this.logger.warn(`reconcile pass failed: ${(error as Error).message}`);
    }
  }

  private async requeueWork(): Promise<void> {
    // A batch whose StartRecovery outcome is unknown is resolved whatever the execution's state,
    // so that a job DRS may have started is found and tracked even after a cancel.
    // Job ids carry the time bucket, so one pass adds each job once and the next pass may add it again.
    const bucket = Math.floor(Date.now() / this.config.planner.reconcileIntervalMs);
    const overdueBatches: Array<{ id: string }> = await this.dataSource.query(
      `SELECT b.id FROM launch_batches b JOIN executions e ON e.id = b.execution_id
        WHERE ((b.status = $1 AND e.status = $3) OR b.status = $2)
          AND b.next_attempt_at IS NOT NULL AND b.next_attempt_at < now() - make_interval(secs => $4)`,
      [BatchStatus.Queued, BatchStatus.Submitting, ExecutionStatus.Running, OVERDUE_GRACE_MS / 1000],
    );
    const executions: Array<{ id: string; status: ExecutionStatus }> = await this.dataSource.query(
      `SELECT id, status FROM executions
        WHERE status = $1 OR (status = $2 AND created_at < now() - make_interval(secs => $3))`,
      [ExecutionStatus.Running, ExecutionStatus.Pending, OVERDUE_GRACE_MS / 1000],
    );
    const cleanups: Array<{ id: string }> = await this.dataSource.query(
      `SELECT DISTINCT e.id FROM executions e LEFT JOIN cleanup_jobs c ON c.execution_id = e.id
        WHERE (e.cleanup_status = $1 AND e.updated_at < now() - make_interval(secs => $3))
           OR (e.cleanup_status = $2 AND c.status = $4 AND c.created_at < now() - make_interval(secs => $3))`,
      [
        CleanupStatus.Requested,
        CleanupStatus.InProgress,
        OVERDUE_GRACE_MS / 1000,
        CleanupJobStatus.Submitting,
      ],
    );
    if (overdueBatches.length + executions.length + cleanups.length === 0) {
      return;
    }

    await this.transactions.run(async (unit) => {
      for (const batch of overdueBatches) {
        await unit.enqueue(
          QueueName.Launcher,
          LauncherJob.LaunchBatch,
          { batchId: batch.id },
          { jobId: `reconcile-launch-${batch.id}-${bucket}` },
        );
      }
      for (const execution of executions) {
        const jobName =
          execution.status === ExecutionStatus.Pending
            ? PlannerJob.StartExecution
            : PlannerJob.AdvanceExecution;
        await unit.enqueue(
          QueueName.Planner,
          jobName,
          { executionId: execution.id },
          { jobId: `reconcile-${jobName}-${execution.id}-${bucket}` },
        );
      }
      for (const cleanup of cleanups) {
        await unit.enqueue(
          QueueName.Launcher,
          LauncherJob.CleanupExecution,
          { executionId: cleanup.id },
          { jobId: `reconcile-cleanup-${cleanup.id}-${bucket}` },
        );
      }
    });
    if (overdueBatches.length > 0) {
      this.logger.warn(`re-queued ${overdueBatches.length} overdue launch batch(es)`);
    }
    this.logger.debug(`re-evaluating ${executions.length} execution(s), ${cleanups.length} cleanup(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
  }
}
