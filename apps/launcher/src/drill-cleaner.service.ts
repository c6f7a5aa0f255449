import { Inject, Injectable, Logger } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { LauncherJob, QueueName } from '@drs/contracts';
import { DrsAdapter, DrsCallError, DrsFailureKind, targetKey } from '@drs/drs-adapter';
import { CleanupJobStatus, CleanupStatus, jitteredBackoffMs } from '@drs/domain';
import { CleanupJobEntity, ExecutionEntity, ExecutionServerEntity, UnitOfWork } from '@drs/persistence';
import { TransactionRunner } from '@drs/messaging';

import { finishCleanupWhenDone } from './cleanup-completion';

/** TerminateRecoveryInstances accepts at most 200 recovery instances per call. */
const MAX_INSTANCES_PER_TERMINATE = 200;

/**
 * Terminates the recovery instances a drill launched. DRS never does this by itself. One
 * TerminateRecoveryInstances call per account and Region (chunked), tracked by the job tracker.
 */
@Injectable()
export class DrillCleaner {
  private readonly logger = new Logger(DrillCleaner.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly drs: DrsAdapter,
    private readonly transactions: TransactionRunner,
  ) {}

  async clean(executionId: string, retry: number): Promise<void> {
    await this.transactions.run((unit) => this.planCleanup(unit, executionId));

    const pending = await this.transactions.run((unit) =>
      unit.manager.find(CleanupJobEntity, { where: { executionId, status: CleanupJobStatus.Submitting } }),
    );
    for (const cleanup of pending) {
      await this.submit(cleanup, retry);
    }
  }

  private async planCleanup(unit: UnitOfWork, executionId: string): Promise<void> {
    const manager = unit.manager;
    const execution = await manager.findOne(ExecutionEntity, {
      where: { id: executionId },
      lock: { mode: 'for_no_key_update' },
    });
    if (!execution || execution.cleanupStatus !== CleanupStatus.Requested) {
      return;
    }
    const servers = await manager.find(ExecutionServerEntity, {
      where: { executionId, recoveryInstanceId: Not(IsNull()), instanceTerminatedAt: IsNull() },
      order: { position: 'ASC' },
    });
    const byTarget = new Map<string, ExecutionServerEntity[]>();
    for (const server of servers) {
      const key = targetKey(server.accountId, server.region);
      byTarget.set(key, [...(byTarget.get(key) ?? []), server]);
    }
    const chunkSize = Math.min(MAX_INSTANCES_PER_TERMINATE, this.config.drs.quotas.maxServersPerJob);
    for (const targetServers of byTarget.values()) {
      for (let start = 0; start < targetServers.length; start += chunkSize) {
        const chunk = targetServers.slice(start, start + chunkSize);
        await manager.save(
          manager.create(CleanupJobEntity, {
            executionId,
            accountId: chunk[0].accountId,
            region: chunk[0].region,
            recoveryInstanceIds: chunk.map((server) => server.recoveryInstanceId as string),
            status: CleanupJobStatus.Submitting,
          }),
        );
      }
    }

    const nextStatus = servers.length === 0 ? CleanupStatus.Completed : CleanupStatus.InProgress;
    await manager.update(
      ExecutionEntity,
      { id: executionId, cleanupStatus: CleanupStatus.Requested },
      { cleanupStatus: nextStatus },
    );
    if (servers.length === 0) {
      await unit.appendEvent(executionId, 'cleanup.completed', {
        status: nextStatus,
        terminated: 0,
        failed: 0,
      });
      this.logger.log(`execution ${executionId}: cleanup found no recovery instance to terminate`);
    } else {
      this.logger.log(`execution ${executionId}: terminating ${servers.length} recovery instance(s)`);
    }
  }

  private async submit(cleanup: CleanupJobEntity, retry: number): Promise<void> {
    try {
      const job = await this.drs.terminateRecoveryInstances(
        cleanup.accountId,
        cleanup.region,
        cleanup.recoveryInstanceIds,
      );
      await this.transactions.run(async (unit) => {
        const moved = await unit.transition(
          CleanupJobEntity,
          cleanup.id,
          [CleanupJobStatus.Submitting],
          CleanupJobStatus.Submitted,
          { drsJobId: job.jobID as string },
        );
        if (moved) {
          await unit.appendEvent(cleanup.executionId, 'cleanup.job-submitted', {
            drsJobId: job.jobID as string,
            accountId: cleanup.accountId,
            region: cleanup.region,
            recoveryInstanceIds: cleanup.recoveryInstanceIds,
          });
        }
      });
    } catch (error) {
      if (!(error instanceof DrsCallError)) {
        throw error;
      }
      if (error.kind === DrsFailureKind.Rejected || error.kind === DrsFailureKind.AccessDenied) {
        await this.transactions.run(async (unit) => {
          const moved = await unit.transition(
            CleanupJobEntity,
            cleanup.id,
            [CleanupJobStatus.Submitting],
            CleanupJobStatus.Failed,
            {
              lastError: error.message,
              completedAt: new Date(),
            },
          );
          // A job rejected before DRS took it is never tracked, so the cleanup ends here.
          if (moved) {
            await finishCleanupWhenDone(unit, cleanup.executionId, this.logger);
          }
        });
        this.logger.error(
          `execution ${cleanup.executionId}: cleanup job ${cleanup.id} failed: ${error.message}`,
        );
        return;
      }
      // NOTE: after an unknown outcome the instances may already be terminating; the next call
      // then meets a conflict and retries until DRS settles. A lookup by job would avoid that.
      const delayMs = jitteredBackoffMs(
        retry + 1,
        this.config.launcher.conflictBackoffBaseMs,
        this.config.launcher.conflictBackoffMaxMs,
        Math.random,
      );
      await this.transactions.run((unit) =>
        unit.enqueue(
          QueueName.Launcher,
          LauncherJob.CleanupExecution,
          { executionId: cleanup.executionId, retry: retry + 1 },
          { delayMs },
        ),
      );
      this.logger.warn(
        `execution ${cleanup.executionId}: cleanup retries in ${delayMs} ms: ${error.message}`,
      );
    }
  }
}
