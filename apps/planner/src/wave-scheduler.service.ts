import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';

import { LauncherJob, QueueName } from '@drs/contracts';
import {
  BatchStatus,
  ExecutionStatus,
  FailurePolicy,
  FINAL_WAVE_STATUSES,
  isFinalServerStatus,
  judgeWave,
  LaunchOrder,
  ServerStatus,
  WaveStatus,
  wavesReadyToStart,
} from '@drs/domain';
import {
  ExecutionEntity,
  ExecutionServerEntity,
  LaunchBatchEntity,
  serverStatusEvent,
  UnitOfWork,
  WaveRunEntity,
} from '@drs/persistence';

const IN_FLIGHT_BATCH_STATUSES = [BatchStatus.Queued, BatchStatus.Submitting, BatchStatus.Submitted];

/**
 * Decides what happens next in a running execution: judges waves whose servers are final
 * against their failure policy, fails servers that outlive their wave's deadline, starts every
 * wave whose dependencies released it, releases the next server of a sequential wave, halts the
 * run when a `halt` wave fails, and ends the execution when every wave is final. Callers hold
 * the execution row lock, so two advances of one execution never interleave.
 */
@Injectable()
export class WaveScheduler {
  private readonly logger = new Logger(WaveScheduler.name);

  async advance(unit: UnitOfWork, execution: ExecutionEntity): Promise<void> {
    if (execution.status !== ExecutionStatus.Running) {
      return;
    }
    const manager = unit.manager;
    const waves = await manager.find(WaveRunEntity, {
      where: { executionId: execution.id },
      order: { position: 'ASC' },
    });
    const batches = await manager.find(LaunchBatchEntity, {
      where: { executionId: execution.id },
      order: { sequence: 'ASC' },
    });

    // Each pass may unblock more waves (an empty wave finishes as soon as it starts).
    let changed = true;
    while (changed && execution.status === ExecutionStatus.Running) {
      changed = false;
      for (const wave of waves.filter((item) => item.status === WaveStatus.Running)) {
        await this.enforceDeadline(unit, execution, wave);
        changed = (await this.progressWave(unit, execution, wave, batches)) || changed;
      }
      if (execution.status !== ExecutionStatus.Running) {
        return;
      }
      const statuses = new Map(waves.map((wave) => [wave.name, wave.status]));
      for (const name of wavesReadyToStart(waves, statuses)) {
        await this.startWave(
          unit,
          execution,
          waves.find((wave) => wave.name === name) as WaveRunEntity,
          batches,
        );
        changed = true;
      }
    }

    if (waves.every((wave) => FINAL_WAVE_STATUSES.includes(wave.status))) {
      await this.finishExecution(unit, execution, waves);
    }
  }

  private async startWave(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    batches: LaunchBatchEntity[],
  ): Promise<void> {
    const startedAt = new Date();
    const deadlineAt = wave.deadlineSeconds
      ? new Date(startedAt.getTime() + wave.deadlineSeconds * 1000)
      : null;
    if (
      !(await unit.transition(WaveRunEntity, wave.id, [WaveStatus.Pending], WaveStatus.Running, {
        startedAt,
        deadlineAt,
      }))
    ) {
      throw new Error(`execution ${execution.id}: wave "${wave.name}" was not PENDING when it was started`);
    }
    Object.assign(wave, { status: WaveStatus.Running, startedAt, deadlineAt });
    const waveBatches = batches.filter((batch) => batch.waveRunId === wave.id);
    const serverCount = waveBatches.reduce((sum, batch) => sum + batch.serverCount, 0);
    await unit.appendEvent(execution.id, 'wave.started', {
      wave: wave.name,
      serverCount,
      batchCount: waveBatches.length,
    });
    this.logger.log(
      `execution ${execution.id}: wave "${wave.name}" started, ${serverCount} servers in ${waveBatches.length} batch(es)`,
    );

    const toRelease = wave.launchOrder === LaunchOrder.Sequential ? waveBatches.slice(0, 1) : waveBatches;
    for (const batch of toRelease) {
      await this.releaseBatch(unit, execution, wave, batch);
    }
  }

  /** Returns true when the wave became final. */
  private async progressWave(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    batches: LaunchBatchEntity[],
  ): Promise<boolean> {
    const servers = await unit.manager.find(ExecutionServerEntity, { where: { waveRunId: wave.id } });
    // A server is final once DRS reported it, its batch was dropped, or the wave's deadline passed.
    if (servers.every((server) => isFinalServerStatus(server.status))) {
      await this.judge(unit, execution, wave, servers);
      return true;
    }

    const waveBatches = batches.filter((batch) => batch.waveRunId === wave.id);
    const inFlight = waveBatches.some((batch) => IN_FLIGHT_BATCH_STATUSES.includes(batch.status));
    const next = waveBatches.find((batch) => batch.status === BatchStatus.Planned);
    if (wave.launchOrder === LaunchOrder.Sequential && !inFlight && next) {
      await this.releaseBatch(unit, execution, wave, next);
    }

    return false;
  }

  /** Fails the unfinished servers of a wave that is past its deadline; their DRS jobs are still tracked. */
  private async enforceDeadline(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
  ): Promise<void> {
    if (!wave.deadlineAt || wave.deadlineAt.getTime() > Date.now()) {
      return;
    }
    const servers = await unit.manager.find(ExecutionServerEntity, {
      where: { waveRunId: wave.id },
      order: { position: 'ASC' },
    });
    const late = servers.filter((server) => !isFinalServerStatus(server.status));
    if (late.length === 0) {
      return;
    }
    const reason = `wave deadline of ${wave.deadlineSeconds} s passed`;
    const launchEndedAt = new Date();
    for (const server of late) {
      const result = await unit.manager.update(
        ExecutionServerEntity,
        { id: server.id, status: server.status },
        { status: ServerStatus.Failed, failureReason: reason, launchEndedAt },
      );
      if (result.affected === 1) {
        Object.assign(server, { status: ServerStatus.Failed, failureReason: reason, launchEndedAt });
      }
    }
    // Batches not yet sent are dropped; batches at DRS keep being tracked until their jobs end.
    await unit.manager.update(
      LaunchBatchEntity,
      { waveRunId: wave.id, status: In([BatchStatus.Planned, BatchStatus.Queued]) },
      { status: BatchStatus.Skipped, lastError: reason, completedAt: launchEndedAt },
    );
    await unit.appendEvents(
      execution.id,
      late.map((server) => serverStatusEvent(wave.name, server)),
    );
    this.logger.warn(
      `execution ${execution.id}: wave "${wave.name}": ${reason}, ${late.length} server(s) failed`,
    );
  }

  private async releaseBatch(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    batch: LaunchBatchEntity,
  ): Promise<void> {
    const nextAttemptAt = new Date();
    if (
      !(await unit.transition(LaunchBatchEntity, batch.id, [BatchStatus.Planned], BatchStatus.Queued, {
        nextAttemptAt,
      }))
    ) {
      return;
    }
    batch.status = BatchStatus.Queued;
    const servers = await this.moveServers(
      unit,
      { batchId: batch.id },
      [ServerStatus.Pending],
      ServerStatus.Queued,
    );
    await unit.appendEvents(
      execution.id,
      servers.map((server) => serverStatusEvent(wave.name, server)),
    );
    await unit.enqueue(QueueName.Launcher, LauncherJob.LaunchBatch, { batchId: batch.id });
  }

  private async judge(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    servers: ExecutionServerEntity[],
  ): Promise<void> {
    const outcome = judgeWave(
      servers.map((server) => ({
        sourceServerId: server.sourceServerId,
        launched: server.status === ServerStatus.Launched,
      })),
      {
        failurePolicy: wave.failurePolicy,
        minSuccessPercent: wave.minSuccessPercent,
        optionalServerIds: wave.optionalServerIds,
      },
    );
    const endedAt = new Date();
    const moved = await unit.transition(WaveRunEntity, wave.id, [WaveStatus.Running], outcome.status, {
      endedAt,
      statusReason: outcome.reason,
    });
    if (!moved) {
      return;
    }
    Object.assign(wave, { status: outcome.status, endedAt, statusReason: outcome.reason });
    await unit.appendEvent(execution.id, 'wave.completed', {
      wave: wave.name,
      status: outcome.status,
      launched: outcome.launched,
      failed: outcome.failed,
      reason: outcome.reason,
      failurePolicy: wave.failurePolicy,
    });
    const summary = `wave "${wave.name}" ${outcome.status}, ${outcome.launched} launched, ${outcome.failed} failed`;
    if (outcome.status !== WaveStatus.Failed) {
      this.logger.log(`execution ${execution.id}: ${summary}`);
      return;
    }
    this.logger.warn(`execution ${execution.id}: ${summary}: ${outcome.reason}`);

    if (wave.failurePolicy === FailurePolicy.Halt) {
      const reason = `wave "${wave.name}" failed: ${outcome.reason}`;
      await unit.transition(
        ExecutionEntity,
        execution.id,
        [ExecutionStatus.Running],
        ExecutionStatus.Halted,
        {
          statusReason: reason,
        },
      );
      execution.status = ExecutionStatus.Halted;
      await unit.appendEvent(execution.id, 'execution.status-changed', {
        status: ExecutionStatus.Halted,
        reason,
        actor: null,
      });
      this.logger.warn(`execution ${execution.id}: HALTED: ${reason}; retry, skip the wave or cancel`);
    }
  }

  private async finishExecution(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    waves: WaveRunEntity[],
  ): Promise<void> {
    const failed = waves.filter((wave) => wave.status === WaveStatus.Failed).map((wave) => wave.name);
    const imperfect = waves.filter((wave) => wave.status !== WaveStatus.Succeeded).map((wave) => wave.name);
    let status = ExecutionStatus.Succeeded;
    let reason: string | null = null;
    if (failed.length > 0) {
      status = ExecutionStatus.Failed;
      reason = `waves failed: ${failed.join(', ')}`;
    } else if (imperfect.length > 0) {
      status = ExecutionStatus.Partial;
      reason = `waves not fully launched: ${imperfect.join(', ')}`;
    }
    const endedAt = new Date();
    const moved = await unit.transition(ExecutionEntity, execution.id, [ExecutionStatus.Running], status, {
      endedAt,
      statusReason: reason,
    });
    if (!moved) {
      return;
    }
    execution.status = status;
    await unit.appendEvent(execution.id, 'execution.completed', { status, reason });
    this.logger.log(`execution ${execution.id}: ${status}${reason ? ` (${reason})` : ''}`);
  }

  /** Moves matching servers between statuses and returns the rows that moved. */
  private async moveServers(
    unit: UnitOfWork,
    where: { batchId?: string; waveRunId?: string },
    from: ServerStatus[],
    to: ServerStatus,
  ): Promise<ExecutionServerEntity[]> {
    const servers = await unit.manager.find(ExecutionServerEntity, {
      where: { ...where, status: In(from) },
      order: { position: 'ASC' },
    });
    if (servers.length > 0) {
      await unit.manager.update(
        ExecutionServerEntity,
        { id: In(servers.map((server) => server.id)), status: In(from) },
        { status: to },
      );
      servers.forEach((server) => (server.status = to));
    }

    return servers;
  }
}
