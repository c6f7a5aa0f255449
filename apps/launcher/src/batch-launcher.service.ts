import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { DRS_TAG, LauncherJob, PlannerJob, QueueName, RetryReason } from '@drs/contracts';
import { DrsAdapter, DrsCallError, DrsFailureKind, Job } from '@drs/drs-adapter';
import {
  BatchStatus,
  CleanupJobStatus,
  ExecutionMode,
  ExecutionStatus,
  jitteredBackoffMs,
  ServerStatus,
} from '@drs/domain';
import {
  CleanupJobEntity,
  ExecutionEntity,
  ExecutionServerEntity,
  LaunchBatchEntity,
  serverStatusEvent,
  UnitOfWork,
  WaveRunEntity,
} from '@drs/persistence';
import { TransactionRunner } from '@drs/messaging';

import { ThrottleGate } from './throttle-gate.service';

/** How far before the launch intent to search for a job by its tags, to allow for clock skew. */
const TAG_SEARCH_SKEW_MS = 5 * 60_000;
/** Margin after a call's deadline before its outcome is looked up by tags. */
const CALL_SETTLE_MS = 2_000;
/** Delay before a batch whose StartRecovery outcome is unknown is looked up again. */
const UNKNOWN_OUTCOME_RETRY_MS = 1_000;

type Decision =
  | { kind: 'nothing'; reason: string }
  | { kind: 'call'; batch: LaunchBatchEntity; wave: WaveRunEntity; mode: ExecutionMode; serverIds: string[] }
  | {
      kind: 'resolve';
      batch: LaunchBatchEntity;
      wave: WaveRunEntity;
      mode: ExecutionMode;
      serverIds: string[];
    };

/**
 * Sends one batch of a wave to DRS as one StartRecovery call, at most once per attempt. Capacity
 * is reserved and the launch intent recorded before the call. A batch whose earlier outcome is
 * unknown is first looked up by its tags. Conflicts, throttling and full quotas put the batch
 * back on the queue with a delay instead of failing it.
 */
@Injectable()
export class BatchLauncher {
  private readonly logger = new Logger(BatchLauncher.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly drs: DrsAdapter,
    private readonly transactions: TransactionRunner,
    private readonly throttle: ThrottleGate,
    private readonly dataSource: DataSource,
  ) {}

  async launch(batchId: string): Promise<void> {
    const decision = await this.transactions.run((unit) => this.decide(unit, batchId));
    if (decision.kind === 'nothing') {
      this.logger.debug(`batch ${batchId}: nothing to do (${decision.reason})`);
      return;
    }

    const { batch, wave, mode, serverIds } = decision;
    const tags = this.tagsFor(batch, wave);
    if (decision.kind === 'resolve') {
      const found = await this.findEarlierJob(batch, tags);
      if (found) {
        await this.recordSubmitted(batch, wave, found, true);
        return;
      }
      this.logger.warn(
        `execution ${batch.executionId}: batch ${batch.id} attempt ${batch.attempt} left no DRS job; calling StartRecovery again`,
      );
    }

    const outcome = await this.callUnderExecutionLock(batch, wave, mode, serverIds, tags);
    if (outcome.kind === 'stopped') {
      await this.transactions.run((unit) => this.stopBatch(unit, batch, wave, outcome.status));
      return;
    }
    if (outcome.kind === 'refused') {
      await this.handleRefusal(batch, wave, outcome.error);
      return;
    }
    const job = outcome.job;
    await this.recordSubmitted(batch, wave, job, false);
  }

  /**
   * Calls StartRecovery while holding a KEY SHARE lock on the execution row. Cancel and pause take
   * FOR UPDATE on that row, so they wait for calls in flight, and once they commit no new call
   * can pass the status check: no StartRecovery reaches DRS after a cancel was accepted.
   */
  private async callUnderExecutionLock(
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    mode: ExecutionMode,
    serverIds: string[],
    tags: Record<string, string>,
  ): Promise<
    | { kind: 'launched'; job: Job }
    | { kind: 'refused'; error: DrsCallError }
    | { kind: 'stopped'; status: ExecutionStatus }
  > {
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ status: ExecutionStatus }> = await manager.query(
        'SELECT status FROM executions WHERE id = $1 FOR KEY SHARE',
        [batch.executionId],
      );
      if (row?.status !== ExecutionStatus.Running) {
        return { kind: 'stopped' as const, status: row?.status ?? ExecutionStatus.Cancelled };
      }
      try {
        const job = await this.drs.startRecovery(batch.accountId, batch.region, {
          sourceServerIds: serverIds,
          isDrill: mode === ExecutionMode.Drill,
          tags,
        });

        return { kind: 'launched' as const, job };
      } catch (error) {
        if (!(error instanceof DrsCallError)) {
          throw error;
        }

        return { kind: 'refused' as const, error };
      }
    });
  }

  private async decide(unit: UnitOfWork, batchId: string): Promise<Decision> {
    const manager = unit.manager;
    const batch = await manager.findOne(LaunchBatchEntity, {
      where: { id: batchId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!batch) {
      return { kind: 'nothing', reason: 'batch not found' };
    }
    if (batch.status !== BatchStatus.Queued && batch.status !== BatchStatus.Submitting) {
      return { kind: 'nothing', reason: `batch is ${batch.status}` };
    }
    const execution = await manager.findOneByOrFail(ExecutionEntity, { id: batch.executionId });
    const wave = await manager.findOneByOrFail(WaveRunEntity, { id: batch.waveRunId });
    const serverIds = batch.sourceServerIds;

    // An earlier attempt may have created a job even if the execution has ended since: find it first.
    if (batch.status === BatchStatus.Submitting) {
      // Every DRS call ends within its deadline: until then another worker may still be calling.
      const settledAt =
        (batch.intentAt ?? batch.createdAt).getTime() + this.config.drs.callTimeoutMs + CALL_SETTLE_MS;
      if (Date.now() < settledAt) {
        await this.scheduleRetry(
          unit,
          batch,
          wave,
          'UNKNOWN_OUTCOME',
          'an earlier call may still be in flight',
          null,
          settledAt - Date.now(),
        );
        return { kind: 'nothing', reason: 'earlier call may be in flight' };
      }
      return { kind: 'resolve', batch, wave, mode: execution.mode, serverIds };
    }
    if (execution.status !== ExecutionStatus.Running) {
      await this.stopBatch(unit, batch, wave, execution.status);
      return { kind: 'nothing', reason: `execution is ${execution.status}` };
    }
    const pausedForMs = await this.throttle.remainingMs(batch.accountId, batch.region);
    if (pausedForMs > 0) {
      await this.scheduleRetry(
        unit,
        batch,
        wave,
        'THROTTLED',
        'DRS is throttling this account and Region',
        null,
        pausedForMs,
      );
      return { kind: 'nothing', reason: 'throttled' };
    }

    const capacity = await this.reserveCapacity(unit, batch);
    if (capacity !== null) {
      await this.scheduleRetry(
        unit,
        batch,
        wave,
        'CAPACITY',
        capacity,
        null,
        this.config.launcher.capacityRetryDelayMs,
      );
      return { kind: 'nothing', reason: capacity };
    }
    batch.attempt += 1;
    batch.intentAt = new Date();
    const moved = await unit.transition(
      LaunchBatchEntity,
      batch.id,
      [BatchStatus.Queued],
      BatchStatus.Submitting,
      {
        attempt: batch.attempt,
        intentAt: batch.intentAt,
        // Until the call's deadline has passed, the reconciler leaves this batch alone.
        nextAttemptAt: new Date(batch.intentAt.getTime() + this.config.drs.callTimeoutMs + CALL_SETTLE_MS),
      },
    );
    if (!moved) {
      return { kind: 'nothing', reason: 'batch changed while it was being reserved' };
    }
    batch.status = BatchStatus.Submitting;

    return { kind: 'call', batch, wave, mode: execution.mode, serverIds };
  }

  /**
   * Checks the DRS quotas for the batch's account and Region, counting every batch and cleanup
   * job between intent and completion. Returns null when the batch fits, else why it waits.
   * An advisory lock per account and Region makes the check and the reservation atomic across
   * launcher replicas.
   */
  private async reserveCapacity(unit: UnitOfWork, batch: LaunchBatchEntity): Promise<string | null> {
    const manager = unit.manager;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `drs-capacity:${batch.accountId}/${batch.region}`,
    ]);
    const [launches]: Array<{ jobs: string; servers: string | null }> = await manager.query(
      `SELECT count(*) AS jobs, sum(server_count) AS servers FROM launch_batches
        WHERE account_id = $1 AND region = $2 AND status IN ($3, $4)`,
      [batch.accountId, batch.region, BatchStatus.Submitting, BatchStatus.Submitted],
    );
    const cleanups = await manager.find(CleanupJobEntity, {
      where: {
        accountId: batch.accountId,
        region: batch.region,
        status: In([CleanupJobStatus.Submitting, CleanupJobStatus.Submitted]),
      },
    });
    const quotas = this.config.drs.quotas;
    const jobs = Number(launches.jobs) + cleanups.length;
    const servers =
      Number(launches.servers ?? 0) + cleanups.reduce((sum, job) => sum + job.recoveryInstanceIds.length, 0);

    if (jobs + 1 > quotas.maxJobsInProgress) {
      return `${jobs} DRS jobs in progress, quota ${quotas.maxJobsInProgress}`;
    }
    if (servers + batch.serverCount > quotas.maxServersInActiveJobs) {
      return `${servers} servers in active DRS jobs, quota ${quotas.maxServersInActiveJobs}`;
    }

    return null;
  }

  private async findEarlierJob(batch: LaunchBatchEntity, tags: Record<string, string>): Promise<Job | null> {
    const from = new Date((batch.intentAt ?? batch.createdAt).getTime() - TAG_SEARCH_SKEW_MS);
    const jobs = await this.drs.findJobsByTags(batch.accountId, batch.region, tags, from);
    if (jobs.length > 1) {
      this.logger.error(
        `execution ${batch.executionId}: batch ${batch.id} attempt ${batch.attempt} has ${jobs.length} DRS jobs: ` +
          jobs.map((job) => job.jobID).join(', '),
      );
    }

    return jobs[0] ?? null;
  }

  private async recordSubmitted(batch: LaunchBatchEntity, wave: WaveRunEntity, job: Job, recovered: boolean) {
    const drsJobId = job.jobID as string;
    await this.transactions.run(async (unit) => {
      const submittedAt = new Date();
      const moved = await unit.transition(
        LaunchBatchEntity,
        batch.id,
        [BatchStatus.Submitting],
        BatchStatus.Submitted,
        {
          drsJobId,
          submittedAt,
          lastError: null,
        },
      );
      if (!moved) {
        this.logger.error(
          `execution ${batch.executionId}: batch ${batch.id} left SUBMITTING before job ${drsJobId} was recorded`,
        );
        return;
      }
      const servers = await unit.manager.find(ExecutionServerEntity, {
        where: { batchId: batch.id },
        order: { position: 'ASC' },
      });
      await unit.manager.update(
        ExecutionServerEntity,
        { batchId: batch.id },
        { status: ServerStatus.Launching, drsJobId, launchRequestedAt: submittedAt },
      );
      for (const server of servers) {
        Object.assign(server, { status: ServerStatus.Launching, drsJobId, launchRequestedAt: submittedAt });
      }
      await unit.appendEvent(batch.executionId, 'batch.submitted', {
        wave: wave.name,
        batchId: batch.id,
        drsJobId,
        attempt: batch.attempt,
        accountId: batch.accountId,
        region: batch.region,
        sourceServerIds: servers.map((server) => server.sourceServerId),
        recovered,
      });
      await unit.appendEvents(
        batch.executionId,
        servers.map((server) => serverStatusEvent(wave.name, server)),
      );
    });
    this.logger.log(
      `execution ${batch.executionId}: wave "${wave.name}" batch ${batch.sequence} ${recovered ? 'found' : 'started'} ` +
        `as DRS job ${drsJobId} (${batch.serverCount} servers, attempt ${batch.attempt})`,
    );
  }

  private async handleRefusal(
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    error: DrsCallError,
  ): Promise<void> {
    const { launcher } = this.config;
    switch (error.kind) {
      case DrsFailureKind.Conflict: {
        const delayMs = jitteredBackoffMs(
          batch.conflictCount + 1,
          launcher.conflictBackoffBaseMs,
          launcher.conflictBackoffMaxMs,
          Math.random,
        );
        await this.returnToQueue(batch, wave, 'CONFLICT', error, delayMs);
        return;
      }
      case DrsFailureKind.Throttled: {
        const delayMs = await this.throttle.pause(
          batch.accountId,
          batch.region,
          error.details.retryAfterSeconds,
        );
        await this.returnToQueue(batch, wave, 'THROTTLED', error, delayMs);
        return;
      }
      case DrsFailureKind.QuotaExceeded:
        await this.returnToQueue(batch, wave, 'CAPACITY', error, launcher.capacityRetryDelayMs);
        return;
      case DrsFailureKind.Unknown:
        // The job may exist: keep the intent so the next run looks it up by its tags first.
        await this.transactions.run((unit) =>
          this.scheduleRetry(
            unit,
            batch,
            wave,
            'UNKNOWN_OUTCOME',
            error.message,
            null,
            UNKNOWN_OUTCOME_RETRY_MS,
          ),
        );
        return;
      case DrsFailureKind.Rejected:
      case DrsFailureKind.AccessDenied:
        await this.transactions.run((unit) => this.failBatch(unit, batch, wave, error.message));
        return;
    }
  }

  /** A definite refusal: no job was created, so the attempt does not count. */
  private async returnToQueue(
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    reason: RetryReason,
    error: DrsCallError,
    delayMs: number,
  ): Promise<void> {
    await this.transactions.run(async (unit) => {
      const conflictCount = batch.conflictCount + (reason === 'CONFLICT' ? 1 : 0);
      const moved = await unit.transition(
        LaunchBatchEntity,
        batch.id,
        [BatchStatus.Submitting],
        BatchStatus.Queued,
        {
          attempt: batch.attempt - 1,
          conflictCount,
          lastError: error.message,
        },
      );
      if (!moved) {
        return;
      }
      batch.status = BatchStatus.Queued;
      batch.attempt -= 1;
      batch.conflictCount = conflictCount;
      await this.scheduleRetry(
        unit,
        batch,
        wave,
        reason,
        error.message,
        error.details.resourceId ?? null,
        delayMs,
      );
    });
  }

  private async scheduleRetry(
    unit: UnitOfWork,
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    reason: RetryReason,
    message: string,
    blockingResourceId: string | null,
    delayMs: number,
  ): Promise<void> {
    await unit.appendEvent(batch.executionId, 'batch.retry-scheduled', {
      wave: wave.name,
      batchId: batch.id,
      reason,
      message,
      blockingResourceId,
      retryInMs: delayMs,
      conflictCount: batch.conflictCount,
    });
    await unit.manager.update(
      LaunchBatchEntity,
      { id: batch.id },
      { nextAttemptAt: new Date(Date.now() + delayMs) },
    );
    await unit.enqueue(QueueName.Launcher, LauncherJob.LaunchBatch, { batchId: batch.id }, { delayMs });
    const blocking = blockingResourceId ? ` (blocked by ${blockingResourceId})` : '';
    this.logger.warn(
      `execution ${batch.executionId}: wave "${wave.name}" batch ${batch.sequence} retries in ${delayMs} ms: ${reason}${blocking}: ${message}`,
    );
  }

  private async failBatch(unit: UnitOfWork, batch: LaunchBatchEntity, wave: WaveRunEntity, reason: string) {
    const moved = await unit.transition(
      LaunchBatchEntity,
      batch.id,
      [BatchStatus.Submitting],
      BatchStatus.Failed,
      {
        lastError: reason,
        completedAt: new Date(),
      },
    );
    if (!moved) {
      return;
    }
    await this.finishServers(unit, batch, wave, ServerStatus.Failed, reason);
    await unit.appendEvent(batch.executionId, 'batch.failed', { wave: wave.name, batchId: batch.id, reason });
    await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, { executionId: batch.executionId });
    this.logger.error(
      `execution ${batch.executionId}: wave "${wave.name}" batch ${batch.sequence} failed: ${reason}`,
    );
  }

  /**
   * Handles a batch whose execution is not running: a paused or halted execution keeps the batch
   * queued, to be sent again on resume; a cancelled or ended one drops it.
   */
  private async stopBatch(
    unit: UnitOfWork,
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    status: ExecutionStatus,
  ) {
    if (status === ExecutionStatus.Paused || status === ExecutionStatus.Halted) {
      const parked = await unit.transition(
        LaunchBatchEntity,
        batch.id,
        [BatchStatus.Queued, BatchStatus.Submitting],
        BatchStatus.Queued,
        {
          nextAttemptAt: null,
          attempt: batch.status === BatchStatus.Submitting ? batch.attempt - 1 : batch.attempt,
        },
      );
      if (parked) {
        this.logger.log(
          `execution ${batch.executionId}: batch ${batch.id} waits while the execution is ${status}`,
        );
      }
      return;
    }

    const reason = `execution is ${status}`;
    const moved = await unit.transition(
      LaunchBatchEntity,
      batch.id,
      [BatchStatus.Queued, BatchStatus.Submitting],
      BatchStatus.Skipped,
      { lastError: reason, completedAt: new Date(), nextAttemptAt: null },
    );
    if (!moved) {
      return;
    }
    await this.finishServers(unit, batch, wave, ServerStatus.Skipped, reason);
    await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, { executionId: batch.executionId });
    this.logger.log(`execution ${batch.executionId}: batch ${batch.id} not launched: ${reason}`);
  }

  private async finishServers(
    unit: UnitOfWork,
    batch: LaunchBatchEntity,
    wave: WaveRunEntity,
    status: ServerStatus,
    reason: string,
  ): Promise<void> {
    const servers = await unit.manager.find(ExecutionServerEntity, {
      where: { batchId: batch.id },
      order: { position: 'ASC' },
    });
    const launchEndedAt = new Date();
    await unit.manager.update(
      ExecutionServerEntity,
      { batchId: batch.id },
      { status, failureReason: reason, launchEndedAt },
    );
    servers.forEach((server) => Object.assign(server, { status, failureReason: reason, launchEndedAt }));
    await unit.appendEvents(
      batch.executionId,
      servers.map((server) => serverStatusEvent(wave.name, server)),
    );
  }

  private tagsFor(batch: LaunchBatchEntity, wave: WaveRunEntity): Record<string, string> {
    return {
      [DRS_TAG.execution]: batch.executionId,
      [DRS_TAG.wave]: wave.name.slice(0, 256),
      [DRS_TAG.batch]: batch.id,
      [DRS_TAG.attempt]: String(batch.attempt),
    };
  }
}
