import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { DrsAdapter, SourceServer, targetKey } from '@drs/drs-adapter';
import {
  ACTIVE_EXECUTION_STATUSES,
  BatchStatus,
  ExecutionStatus,
  planBatches,
  ServerStatus,
  WaveStatus,
} from '@drs/domain';
import {
  ExecutionEntity,
  ExecutionServerEntity,
  LaunchBatchEntity,
  UnitOfWork,
  WaveRunEntity,
} from '@drs/persistence';
import { TransactionRunner } from '@drs/messaging';

import { Inventory, ResolvedPlan, resolvePlan } from './server-resolver';
import { WaveScheduler } from './wave-scheduler.service';

/**
 * Turns a PENDING execution into a running one: resolves its groups against DRS, records the
 * readiness warnings, writes one wave run per wave, one batch per DRS job and one row per
 * server, and starts the waves that depend on nothing.
 */
@Injectable()
export class ExecutionStarter {
  private readonly logger = new Logger(ExecutionStarter.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly drs: DrsAdapter,
    private readonly transactions: TransactionRunner,
    private readonly scheduler: WaveScheduler,
  ) {}

  async start(executionId: string): Promise<void> {
    const execution = await this.dataSource.getRepository(ExecutionEntity).findOneBy({ id: executionId });
    if (!execution) {
      this.logger.warn(`execution ${executionId}: not found; start ignored`);
      return;
    }
    if (execution.status !== ExecutionStatus.Pending) {
      this.logger.debug(`execution ${executionId}: already ${execution.status}; start ignored`);
      return;
    }

    // DRS is read before the transaction so that no database connection waits on the network.
    const inventory = await this.loadInventory(execution);
    const resolved = resolvePlan(execution.planSnapshot, inventory);

    await this.transactions.run(async (unit) => {
      const locked = await unit.manager.findOne(ExecutionEntity, {
        where: { id: executionId },
        lock: { mode: 'for_no_key_update' },
      });
      if (!locked || locked.status !== ExecutionStatus.Pending) {
        return;
      }
      const overlap = await this.findServerInOtherExecution(unit, executionId, resolved);
      if (overlap) {
        await this.failBeforeStart(unit, locked, overlap);
        return;
      }
      await this.createRun(unit, locked, resolved);
      await this.scheduler.advance(unit, locked);
    });
  }

  /** Marks an execution FAILED before it launched anything, for example when DRS stayed unreachable. */
  async failToStart(executionId: string, reason: string): Promise<void> {
    await this.transactions.run(async (unit) => {
      const moved = await unit.transition(
        ExecutionEntity,
        executionId,
        [ExecutionStatus.Pending],
        ExecutionStatus.Failed,
        {
          statusReason: reason,
          endedAt: new Date(),
        },
      );
      if (moved) {
        await unit.appendEvent(executionId, 'execution.completed', {
          status: ExecutionStatus.Failed,
          reason,
        });
        this.logger.error(`execution ${executionId}: failed to start: ${reason}`);
      }
    });
  }

  private async loadInventory(execution: ExecutionEntity): Promise<Inventory> {
    const targets = new Map<string, { accountId: string; region: string }>();
    for (const wave of execution.planSnapshot.waves) {
      for (const group of wave.groups) {
        targets.set(targetKey(group.accountId, group.region), {
          accountId: group.accountId,
          region: group.region,
        });
      }
    }

    const inventory: Inventory = new Map();
    for (const [key, target] of targets) {
      const servers: SourceServer[] = await this.drs.listSourceServers(target.accountId, target.region);
      inventory.set(key, servers);
      this.logger.debug(`execution ${execution.id}: ${servers.length} source servers in ${key}`);
    }

    return inventory;
  }

  private async findServerInOtherExecution(
    unit: UnitOfWork,
    executionId: string,
    resolved: ResolvedPlan,
  ): Promise<{ sourceServerId: string; executionId: string } | null> {
    const ids = resolved.waves.flatMap((wave) => wave.servers.map((server) => server.sourceServerId));
    if (ids.length === 0) {
      return null;
    }
    const rows: Array<{ source_server_id: string; execution_id: string }> = await unit.manager.query(
      `SELECT s.source_server_id, s.execution_id
         FROM execution_servers s JOIN executions e ON e.id = s.execution_id
        WHERE e.status = ANY($1) AND s.execution_id <> $2 AND s.source_server_id = ANY($3)
        LIMIT 1`,
      [ACTIVE_EXECUTION_STATUSES, executionId, ids],
    );

    return rows.length === 0
      ? null
      : { sourceServerId: rows[0].source_server_id, executionId: rows[0].execution_id };
  }

  private async failBeforeStart(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    overlap: { sourceServerId: string; executionId: string },
  ): Promise<void> {
    const reason = `server ${overlap.sourceServerId} is already in active execution ${overlap.executionId}`;
    await unit.transition(ExecutionEntity, execution.id, [ExecutionStatus.Pending], ExecutionStatus.Failed, {
      statusReason: reason,
      endedAt: new Date(),
    });
    await unit.appendEvent(execution.id, 'execution.completed', { status: ExecutionStatus.Failed, reason });
    this.logger.warn(`execution ${execution.id}: not started: ${reason}`);
  }

  private async createRun(
    unit: UnitOfWork,
    execution: ExecutionEntity,
    resolved: ResolvedPlan,
  ): Promise<void> {
    const manager = unit.manager;
    const summary: Array<{ name: string; serverCount: number; batchCount: number }> = [];

    for (const [position, wave] of resolved.waves.entries()) {
      const waveRun = await manager.save(
        manager.create(WaveRunEntity, {
          executionId: execution.id,
          position,
          name: wave.name,
          launchOrder: wave.launchOrder,
          dependsOn: wave.dependsOn,
          status: WaveStatus.Pending,
          failurePolicy: wave.policy.failurePolicy,
          minSuccessPercent: wave.policy.minSuccessPercent,
          optionalServerIds: wave.policy.optionalServerIds,
          deadlineSeconds: wave.deadlineSeconds,
        }),
      );
      const batches = planBatches(wave.servers, wave.launchOrder, this.config.drs.quotas.maxServersPerJob);
      let serverPosition = 0;
      for (const [sequence, planned] of batches.entries()) {
        const batch = await manager.save(
          manager.create(LaunchBatchEntity, {
            executionId: execution.id,
            waveRunId: waveRun.id,
            sequence,
            accountId: planned.accountId,
            region: planned.region,
            serverCount: planned.servers.length,
            sourceServerIds: planned.servers.map((server) => server.sourceServerId),
            status: BatchStatus.Planned,
          }),
        );
        await manager.insert(
          ExecutionServerEntity,
          planned.servers.map((server) => ({
            executionId: execution.id,
            waveRunId: waveRun.id,
            batchId: batch.id,
            position: serverPosition++,
            sourceServerId: server.sourceServerId,
            accountId: server.accountId,
            region: server.region,
            hostname: server.hostname,
            osFamily: server.osFamily,
            groupName: server.groupName,
            status: ServerStatus.Pending,
          })),
        );
      }
      summary.push({ name: wave.name, serverCount: wave.servers.length, batchCount: batches.length });
    }

    const serverCount = summary.reduce((sum, wave) => sum + wave.serverCount, 0);
    const moved = await unit.transition(
      ExecutionEntity,
      execution.id,
      [ExecutionStatus.Pending],
      ExecutionStatus.Running,
      {
        startedAt: new Date(),
        readinessWarnings: resolved.warnings,
      },
    );
    if (!moved) {
      throw new Error(`execution ${execution.id}: left PENDING while it was being planned`);
    }
    execution.status = ExecutionStatus.Running;
    await unit.appendEvent(execution.id, 'execution.started', {
      serverCount,
      waves: summary,
      readinessWarnings: resolved.warnings,
    });
    this.logger.log(
      `execution ${execution.id}: started, ${serverCount} servers in ${summary.length} waves, ` +
        `${resolved.warnings.length} readiness warning(s)`,
    );
    for (const warning of resolved.warnings) {
      this.logger.warn(`execution ${execution.id}: readiness: ${warning.message}`);
    }
  }
}
