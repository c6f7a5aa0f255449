import { Inject, Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { LauncherJob, PlannerJob, QueueName } from '@drs/contracts';
import {
  BatchStatus,
  DomainError,
  ErrorCode,
  ExecutionStatus,
  FINAL_WAVE_STATUSES,
  planBatches,
  ServerStatus,
  WaveStatus,
} from '@drs/domain';
import {
  ExecutionEntity,
  ExecutionServerEntity,
  LaunchBatchEntity,
  serverStatusEvent,
  UnitOfWork,
  WaveRunEntity,
} from '@drs/persistence';
import type { Caller } from '@drs/auth';
import { TransactionRunner } from '@drs/messaging';

import { assertMayRunMode } from '../auth/execution-access';

import { ControlResponse, RetryInput, SkipWaveInput } from './execution-control.dto';

const CANCELLABLE: readonly ExecutionStatus[] = [
  ExecutionStatus.Pending,
  ExecutionStatus.Running,
  ExecutionStatus.Paused,
  ExecutionStatus.Halted,
];
const RETRYABLE: readonly ExecutionStatus[] = [
  ExecutionStatus.Running,
  ExecutionStatus.Paused,
  ExecutionStatus.Halted,
];

/**
 * Run control: cancel, pause, resume, retry and skip. Each action is one transaction that locks
 * the execution row FOR UPDATE. The launcher holds a KEY SHARE lock on that row while it calls
 * StartRecovery, so the action waits for calls in flight, and once it commits no new call starts
 * against the old state. The planner then advances the run.
 */
@Injectable()
export class ExecutionControlService {
  private readonly logger = new Logger(ExecutionControlService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
  ) {}

  cancel(id: string, reason: string | undefined, caller: Caller): Promise<ControlResponse> {
    const actor = caller.name;
    return this.act(id, CANCELLABLE, 'cancel', caller, async (unit, execution) => {
      const statusReason = `cancelled${actor ? ` by ${actor}` : ''}${reason ? `: ${reason}` : ''}`;
      await this.setStatus(unit, execution, ExecutionStatus.Cancelled, statusReason, actor, {
        endedAt: new Date(),
      });

      const waves = await unit.manager.find(WaveRunEntity, { where: { executionId: id } });
      const waveNames = new Map(waves.map((wave) => [wave.id, wave.name]));
      await unit.manager.update(
        LaunchBatchEntity,
        { executionId: id, status: In([BatchStatus.Planned, BatchStatus.Queued]) },
        {
          status: BatchStatus.Skipped,
          lastError: 'execution cancelled',
          completedAt: new Date(),
          nextAttemptAt: null,
        },
      );
      const unsent = await unit.manager.find(ExecutionServerEntity, {
        where: { executionId: id, status: In([ServerStatus.Pending, ServerStatus.Queued]) },
        order: { position: 'ASC' },
      });
      if (unsent.length > 0) {
        const launchEndedAt = new Date();
        await unit.manager.update(
          ExecutionServerEntity,
          { id: In(unsent.map((server) => server.id)) },
          { status: ServerStatus.Skipped, failureReason: 'execution cancelled', launchEndedAt },
        );
        unsent.forEach((server) =>
          Object.assign(server, {
            status: ServerStatus.Skipped,
            failureReason: 'execution cancelled',
            launchEndedAt,
          }),
        );
        await unit.appendEvents(
          id,
          unsent.map((server) => serverStatusEvent(waveNames.get(server.waveRunId) ?? '', server)),
        );
      }
      await unit.manager.update(
        WaveRunEntity,
        { executionId: id, status: In([WaveStatus.Pending, WaveStatus.Running]) },
        { status: WaveStatus.Cancelled, endedAt: new Date() },
      );
      await unit.appendEvent(id, 'execution.completed', {
        status: ExecutionStatus.Cancelled,
        reason: statusReason,
      });
      this.logger.warn(`execution ${id}: ${statusReason}; ${unsent.length} server(s) not launched`);
    });
  }

  pause(id: string, reason: string | undefined, caller: Caller): Promise<ControlResponse> {
    const actor = caller.name;
    return this.act(id, [ExecutionStatus.Running], 'pause', caller, async (unit, execution) => {
      await this.setStatus(unit, execution, ExecutionStatus.Paused, reason ?? 'paused by an operator', actor);
    });
  }

  resume(id: string, reason: string | undefined, caller: Caller): Promise<ControlResponse> {
    const actor = caller.name;
    return this.act(id, [ExecutionStatus.Paused], 'resume', caller, async (unit, execution) => {
      await this.setStatus(unit, execution, ExecutionStatus.Running, reason ?? null, actor);
      await this.requeueParkedBatches(unit, id);
      await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, { executionId: id });
    });
  }

  retry(id: string, input: RetryInput, caller: Caller): Promise<ControlResponse> {
    const actor = caller.name;
    if ((input.sourceServerIds === undefined) === (input.wave === undefined)) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'Give either sourceServerIds or wave, not both and not neither',
        {
          fields: [{ field: 'sourceServerIds', errors: ['give either sourceServerIds or wave'] }],
        },
      );
    }

    return this.act(id, RETRYABLE, 'retry', caller, async (unit, execution) => {
      const waves = await unit.manager.find(WaveRunEntity, { where: { executionId: id } });
      const servers = await this.serversToRetry(unit, id, waves, input);
      const byWave = new Map<string, ExecutionServerEntity[]>();
      for (const server of servers) {
        byWave.set(server.waveRunId, [...(byWave.get(server.waveRunId) ?? []), server]);
      }
      let sequence = await this.nextBatchSequence(unit, id);

      for (const [waveRunId, waveServers] of byWave) {
        const wave = waves.find((item) => item.id === waveRunId) as WaveRunEntity;
        if (FINAL_WAVE_STATUSES.includes(wave.status)) {
          await unit.manager.update(
            WaveRunEntity,
            { id: wave.id },
            { status: WaveStatus.Running, endedAt: null, statusReason: null },
          );
        }
        const planned = planBatches(waveServers, wave.launchOrder, this.config.drs.quotas.maxServersPerJob);
        for (const [index, chunk] of planned.entries()) {
          // A sequential wave sends its retried servers one after another, like its first launch.
          const release = index === 0 || wave.launchOrder !== 'sequential';
          const batch = await unit.manager.save(
            unit.manager.create(LaunchBatchEntity, {
              executionId: id,
              waveRunId: wave.id,
              sequence: sequence++,
              accountId: chunk.accountId,
              region: chunk.region,
              serverCount: chunk.servers.length,
              sourceServerIds: chunk.servers.map((server) => server.sourceServerId),
              status: release ? BatchStatus.Queued : BatchStatus.Planned,
              nextAttemptAt: release ? new Date() : null,
            }),
          );
          const retried = chunk.servers.map((server) =>
            Object.assign(server, {
              batchId: batch.id,
              attempt: server.attempt + 1,
              status: release ? ServerStatus.Queued : ServerStatus.Pending,
              drsJobId: null,
              recoveryInstanceId: null,
              failureReason: null,
              launchRequestedAt: null,
              launchStartedAt: null,
              launchEndedAt: null,
            }),
          );
          await unit.manager.save(retried);
          await unit.appendEvent(id, 'server.retry-requested', {
            wave: wave.name,
            sourceServerIds: batch.sourceServerIds,
            batchId: batch.id,
            actor,
          });
          await unit.appendEvents(
            id,
            retried.map((server) => serverStatusEvent(wave.name, server)),
          );
          if (release && execution.status !== ExecutionStatus.Paused) {
            await unit.enqueue(QueueName.Launcher, LauncherJob.LaunchBatch, { batchId: batch.id });
          }
        }
      }
      if (execution.status === ExecutionStatus.Halted) {
        await this.setStatus(unit, execution, ExecutionStatus.Running, null, actor);
        await this.requeueParkedBatches(unit, id);
      }
      await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, { executionId: id });
      this.logger.log(`execution ${id}: retrying ${servers.length} server(s)${actor ? ` for ${actor}` : ''}`);
    });
  }

  skipWave(id: string, input: SkipWaveInput, caller: Caller): Promise<ControlResponse> {
    const actor = caller.name;
    return this.act(id, RETRYABLE, 'skip a wave of', caller, async (unit, execution) => {
      const wave = await unit.manager.findOne(WaveRunEntity, {
        where: { executionId: id, name: input.wave },
      });
      if (!wave) {
        throw new DomainError(ErrorCode.NotFound, `Execution ${id} has no wave named "${input.wave}"`, {
          wave: input.wave,
        });
      }
      if (wave.status !== WaveStatus.Pending && wave.status !== WaveStatus.Failed) {
        throw new DomainError(
          ErrorCode.InvalidExecutionState,
          `Wave "${wave.name}" is ${wave.status}; only a PENDING or FAILED wave can be skipped`,
          { wave: wave.name, waveStatus: wave.status },
        );
      }
      const reason = input.reason ?? `skipped${actor ? ` by ${actor}` : ' by an operator'}`;
      await unit.manager.update(
        WaveRunEntity,
        { id: wave.id },
        { status: WaveStatus.Skipped, statusReason: reason, endedAt: new Date() },
      );
      await unit.manager.update(
        LaunchBatchEntity,
        { waveRunId: wave.id, status: In([BatchStatus.Planned, BatchStatus.Queued]) },
        { status: BatchStatus.Skipped, lastError: reason, completedAt: new Date(), nextAttemptAt: null },
      );
      const unsent = await unit.manager.find(ExecutionServerEntity, {
        where: { waveRunId: wave.id, status: In([ServerStatus.Pending, ServerStatus.Queued]) },
        order: { position: 'ASC' },
      });
      for (const server of unsent) {
        Object.assign(server, {
          status: ServerStatus.Skipped,
          failureReason: reason,
          launchEndedAt: new Date(),
        });
      }
      await unit.manager.save(unsent);
      await unit.appendEvent(id, 'wave.skipped', { wave: wave.name, reason, actor });
      await unit.appendEvents(
        id,
        unsent.map((server) => serverStatusEvent(wave.name, server)),
      );
      if (execution.status === ExecutionStatus.Halted) {
        await this.setStatus(unit, execution, ExecutionStatus.Running, null, actor);
        await this.requeueParkedBatches(unit, id);
      }
      await unit.enqueue(QueueName.Planner, PlannerJob.AdvanceExecution, { executionId: id });
    });
  }

  private async act(
    id: string,
    allowed: readonly ExecutionStatus[],
    verb: string,
    caller: Caller,
    work: (unit: UnitOfWork, execution: ExecutionEntity) => Promise<void>,
  ): Promise<ControlResponse> {
    return this.transactions.run(async (unit) => {
      const execution = await unit.manager.findOne(ExecutionEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!execution) {
        throw new DomainError(ErrorCode.NotFound, `Execution ${id} not found`, { executionId: id });
      }
      assertMayRunMode(caller, execution.mode, verb);
      if (!allowed.includes(execution.status)) {
        const hint =
          execution.status === ExecutionStatus.Halted && verb === 'resume'
            ? '; a halted execution continues once its failed servers are retried or its wave is skipped'
            : '';
        throw new DomainError(
          ErrorCode.InvalidExecutionState,
          `Cannot ${verb} execution ${id}: it is ${execution.status}; allowed from ${allowed.join(', ')}${hint}`,
          { executionId: id, status: execution.status, allowed },
        );
      }
      await work(unit, execution);

      return { id, status: execution.status };
    });
  }

  private async setStatus(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    status: ExecutionStatus,
    reason: string | null,
    actor: string | null,
    extra: Partial<ExecutionEntity> = {},
  ): Promise<void> {
    const moved = await unit.transition(ExecutionEntity, execution.id, [execution.status], status, {
      statusReason: reason,
      ...extra,
    });
    if (!moved) {
      throw new Error(`execution ${execution.id}: status changed under its row lock`);
    }
    execution.status = status;
    await unit.appendEvent(execution.id, 'execution.status-changed', { status, reason, actor });
  }

  /** Queues again the batches that the launcher parked while the execution was paused or halted. */
  private async requeueParkedBatches(unit: UnitOfWork, executionId: string): Promise<void> {
    const parked = await unit.manager.find(LaunchBatchEntity, {
      where: { executionId, status: BatchStatus.Queued },
    });
    for (const batch of parked) {
      await unit.manager.update(LaunchBatchEntity, { id: batch.id }, { nextAttemptAt: new Date() });
      await unit.enqueue(QueueName.Launcher, LauncherJob.LaunchBatch, { batchId: batch.id });
    }
  }

  private async serversToRetry(
    unit: UnitOfWork,
    executionId: string,
    waves: WaveRunEntity[],
    input: RetryInput,
  ): Promise<ExecutionServerEntity[]> {
    if (input.wave !== undefined) {
      const wave = waves.find((item) => item.name === input.wave);
      if (!wave) {
        throw new DomainError(
          ErrorCode.NotFound,
          `Execution ${executionId} has no wave named "${input.wave}"`,
          {
            wave: input.wave,
          },
        );
      }
      const failed = await unit.manager.find(ExecutionServerEntity, {
        where: { waveRunId: wave.id, status: ServerStatus.Failed },
        order: { position: 'ASC' },
      });
      if (failed.length === 0) {
        throw new DomainError(
          ErrorCode.InvalidExecutionState,
          `Wave "${wave.name}" has no FAILED server to retry`,
          {
            wave: wave.name,
          },
        );
      }

      return failed;
    }

    const ids = input.sourceServerIds as string[];
    const servers = await unit.manager.find(ExecutionServerEntity, {
      where: { executionId, sourceServerId: In(ids) },
      order: { position: 'ASC' },
    });
    const missing = ids.filter((serverId) => !servers.some((server) => server.sourceServerId === serverId));
    if (missing.length > 0) {
      throw new DomainError(
        ErrorCode.NotFound,
        `Servers not in execution ${executionId}: ${missing.join(', ')}`,
        {
          sourceServerIds: missing,
        },
      );
    }
    const notFailed = servers.filter((server) => server.status !== ServerStatus.Failed);
    if (notFailed.length > 0) {
      const states = notFailed.map((server) => `${server.sourceServerId} is ${server.status}`).join(', ');
      throw new DomainError(
        ErrorCode.InvalidExecutionState,
        `Only FAILED servers can be retried: ${states}`,
        {
          servers: notFailed.map((server) => ({
            sourceServerId: server.sourceServerId,
            status: server.status,
          })),
        },
      );
    }
    return servers;
  }

  private async nextBatchSequence(unit: UnitOfWork, executionId: string): Promise<number> {
    const [row]: Array<{ next: number }> = await unit.manager.query(
      'SELECT coalesce(max(sequence), -1) + 1 AS next FROM launch_batches WHERE execution_id = $1',
      [executionId],
    );

    return Number(row.next);
  }
}
