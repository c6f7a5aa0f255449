import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';

import { LauncherJob, QueueName } from '@drs/contracts';
import {
  BatchStatus,
  ExecutionStatus,
  FINAL_BATCH_STATUSES,
  FINAL_WAVE_STATUSES,
  LaunchOrder,
  ServerStatus,
  WaveStatus,
  wavesBlockedByFailure,
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
 * Decides what happens next in a running execution: finishes waves whose batches are final,
 * skips waves that can no longer run, starts every wave whose dependencies succeeded, releases
 * the next server of a sequential wave, and ends the execution when every wave is final.
 * Callers hold the execution row lock, so two advances of one execution never interleave.
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
    while (changed) {
      changed = false;
      for (const wave of waves.filter((item) => item.status === WaveStatus.Running)) {
        changed = (await this.progressWave(unit, execution, wave, batches)) || changed;
      }

      const statuses = new Map(waves.map((wave) => [wave.name, wave.status]));
      for (const name of wavesBlockedByFailure(waves, statuses)) {
        await this.skipWave(
          unit,
          execution,
          waves.find((wave) => wave.name === name) as WaveRunEntity,
          batches,
        );
        changed = true;
      }
      for (const name of wavesReadyToStart(waves, new Map(waves.map((wave) => [wave.name, wave.status])))) {
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
    if (
      !(await unit.transition(WaveRunEntity, wave.id, [WaveStatus.Pending], WaveStatus.Running, {
        startedAt,
      }))
    ) {
      throw new Error(`execution ${execution.id}: wave "${wave.name}" was not PENDING when it was started`);
    }
    wave.status = WaveStatus.Running;
    wave.startedAt = startedAt;
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
    const waveBatches = batches.filter((batch) => batch.waveRunId === wave.id);
    if (waveBatches.every((batch) => FINAL_BATCH_STATUSES.includes(batch.status))) {
      await this.completeWave(unit, execution, wave);
      return true;
    }

    const inFlight = waveBatches.some((batch) => IN_FLIGHT_BATCH_STATUSES.includes(batch.status));
    const next = waveBatches.find((batch) => batch.status === BatchStatus.Planned);
    if (wave.launchOrder === LaunchOrder.Sequential && !inFlight && next) {
      await this.releaseBatch(unit, execution, wave, next);
    }

    return false;
  }

  private async releaseBatch(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    batch: LaunchBatchEntity,
  ): Promise<void> {
    if (!(await unit.transition(LaunchBatchEntity, batch.id, [BatchStatus.Planned], BatchStatus.Queued))) {
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

  private async completeWave(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
  ): Promise<void> {
    const counts: Array<{ status: string; count: string }> = await unit.manager.query(
      'SELECT status, count(*) AS count FROM execution_servers WHERE wave_run_id = $1 GROUP BY status',
      [wave.id],
    );
    const countOf = (status: ServerStatus) => Number(counts.find((row) => row.status === status)?.count ?? 0);
    const launched = countOf(ServerStatus.Launched);
    const failed = countOf(ServerStatus.Failed) + countOf(ServerStatus.Skipped);
    // Every server of a wave must launch for the wave to succeed.
    const status = failed > 0 ? WaveStatus.Failed : WaveStatus.Succeeded;
    const endedAt = new Date();
    if (!(await unit.transition(WaveRunEntity, wave.id, [WaveStatus.Running], status, { endedAt }))) {
      return;
    }
    wave.status = status;
    wave.endedAt = endedAt;
    await unit.appendEvent(execution.id, 'wave.completed', { wave: wave.name, status, launched, failed });
    const log = `execution ${execution.id}: wave "${wave.name}" ${status}, ${launched} launched, ${failed} failed`;
    if (status === WaveStatus.Failed) {
      this.logger.warn(log);
    } else {
      this.logger.log(log);
    }
  }

  private async skipWave(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    wave: WaveRunEntity,
    batches: LaunchBatchEntity[],
  ): Promise<void> {
    if (!(await unit.transition(WaveRunEntity, wave.id, [WaveStatus.Pending], WaveStatus.Skipped))) {
      return;
    }
    wave.status = WaveStatus.Skipped;
    const waveBatchIds = batches.filter((batch) => batch.waveRunId === wave.id).map((batch) => batch.id);
    if (waveBatchIds.length > 0) {
      await unit.manager.update(
        LaunchBatchEntity,
        { id: In(waveBatchIds), status: BatchStatus.Planned },
        { status: BatchStatus.Skipped },
      );
      batches
        .filter((batch) => waveBatchIds.includes(batch.id))
        .forEach((batch) => (batch.status = BatchStatus.Skipped));
    }
    const servers = await this.moveServers(
      unit,
      { waveRunId: wave.id },
      [ServerStatus.Pending],
      ServerStatus.Skipped,
    );
    const reason = 'a wave it depends on did not succeed';
    await unit.appendEvent(execution.id, 'wave.skipped', { wave: wave.name, reason });
    await unit.appendEvents(
      execution.id,
      servers.map((server) => serverStatusEvent(wave.name, server)),
    );
    this.logger.warn(`execution ${execution.id}: wave "${wave.name}" skipped because ${reason}`);
  }

  private async finishExecution(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    waves: WaveRunEntity[],
  ): Promise<void> {
    const failedWaves = waves.filter((wave) => wave.status !== WaveStatus.Succeeded).map((wave) => wave.name);
    const status = failedWaves.length === 0 ? ExecutionStatus.Succeeded : ExecutionStatus.Failed;
    const reason = failedWaves.length === 0 ? null : `waves not succeeded: ${failedWaves.join(', ')}`;
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
