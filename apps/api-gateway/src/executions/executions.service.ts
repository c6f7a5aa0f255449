import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan, Not } from 'typeorm';

import type { Caller } from '@drs/auth';
import { APP_CONFIG, AppConfig } from '@drs/config';
import {
  ExecutionEventMessage,
  ExecutionEventType,
  LauncherJob,
  PlannerJob,
  QueueName,
} from '@drs/contracts';
import {
  CleanupStatus,
  DomainError,
  ErrorCode,
  ExecutionMode,
  ExecutionStatus,
  isTerminalExecutionStatus,
  ServerStatus,
  TERMINAL_EXECUTION_STATUSES,
} from '@drs/domain';
import { TransactionRunner } from '@drs/messaging';
import {
  ExecutionEntity,
  ExecutionEventEntity,
  ExecutionServerEntity,
  isUniqueViolation,
  RecoveryPlanEntity,
  UnitOfWork,
} from '@drs/persistence';

import { assertMayRunMode } from '../auth/execution-access';
import { GatewayLock, lockForTransaction } from '../common/advisory-locks';
import { ExecutionViewCache, ViewJson } from './execution-view-cache';
import {
  findActiveExecutionWithServers,
  findActiveExecutionOfPlan,
  planHasActiveExecution,
  serverInActiveExecution,
} from './execution-conflicts';
import {
  CleanupResponse,
  ExecutionEventList,
  ExecutionList,
  ExecutionSummary,
  ListEventsQuery,
  ListExecutionsQuery,
  StartExecutionInput,
  StartExecutionResponse,
} from './executions.dto';
import { buildPlanSnapshot, explicitServersOf } from './plan-snapshot';

const ACTIVE_PLAN_INDEX = 'uq_executions_active_plan';
const CLEANABLE_STATUSES: readonly CleanupStatus[] = [CleanupStatus.NotRequested, CleanupStatus.Failed];

function notFound(id: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `Execution ${id} does not exist`, { executionId: id });
}

function notCleanable(execution: ExecutionEntity, reason: string): DomainError {
  return new DomainError(
    ErrorCode.ExecutionNotCleanable,
    `Execution ${execution.id} cannot be cleaned up: ${reason}`,
    {
      executionId: execution.id,
      mode: execution.mode,
      status: execution.status,
      cleanupStatus: execution.cleanupStatus,
    },
  );
}

/** Returns why cleanup is rejected, or null for a finished drill whose cleanup has not started or has failed. */
function cleanupRejectionReason(execution: ExecutionEntity): string | null {
  if (execution.mode !== ExecutionMode.Drill) {
    return `it is a ${execution.mode} execution; only drill instances are terminated by cleanup`;
  }
  if (!isTerminalExecutionStatus(execution.status)) {
    return `it is still ${execution.status}; request cleanup once it has ended, or cancel it first`;
  }
  if (!CLEANABLE_STATUSES.includes(execution.cleanupStatus)) {
    return `its cleanup is already ${execution.cleanupStatus}`;
  }

  return null;
}

/** A real failover cannot be undone, so the caller repeats the plan's name as a deliberate confirmation. */
function assertRecoveryConfirmed(plan: RecoveryPlanEntity, confirmPlanName: string | undefined): void {
  if (confirmPlanName === plan.name) {
    return;
  }
  const problem =
    confirmPlanName === undefined
      ? 'confirmPlanName is missing'
      : `confirmPlanName "${confirmPlanName}" does not match the plan's name`;

  throw new DomainError(
    ErrorCode.ConfirmationRequired,
    `${problem}: a RECOVERY fails over for real, so repeat the plan's name "${plan.name}" in confirmPlanName. A DRILL needs no confirmation.`,
    { planId: plan.id, field: 'confirmPlanName' },
  );
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

@Injectable()
export class ExecutionsService {
  private readonly logger = new Logger(ExecutionsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly views: ExecutionViewCache,
  ) {}

  /**
   * Records a PENDING execution with its plan snapshot, its first event and the planner's job in
   * one transaction. The outbox row reaches the planner's queue after the commit.
   */
  async start(input: StartExecutionInput, caller: Caller): Promise<StartExecutionResponse> {
    // Before the plan is read, so that a caller without the role learns nothing about the plan.
    assertMayRunMode(caller, input.mode, 'start');
    let execution: ExecutionEntity;
    try {
      execution = await this.transactions.run((unit) => this.createExecution(unit, input));
    } catch (error) {
      // The partial unique index is the guarantee; it fires when a writer that skips the start lock got in first.
      if (isUniqueViolation(error, ACTIVE_PLAN_INDEX)) {
        const active = await findActiveExecutionOfPlan(this.dataSource.manager, input.planId);
        if (active) {
          throw planHasActiveExecution(input.planId, active);
        }
      }
      throw error;
    }
    this.logger.log(
      `execution ${execution.id}: created for plan "${execution.planName}" version ${execution.planVersion}, mode ${execution.mode}, by ${caller.name}`,
    );

    return { id: execution.id, status: execution.status };
  }

  /** Returns an `ExecutionViewResponse` as UTF-8 JSON, which the controller sends unchanged. */
  async getViewJson(id: string): Promise<ViewJson> {
    const view = await this.views.read(id);
    if (view === null) {
      throw notFound(id);
    }

    return view;
  }

  async list(query: ListExecutionsQuery): Promise<ExecutionList> {
    const builder = this.dataSource.manager
      .createQueryBuilder(ExecutionEntity, 'execution')
      // The snapshot can be large and the list does not show it.
      .select([
        'execution.id',
        'execution.planId',
        'execution.planName',
        'execution.planVersion',
        'execution.mode',
        'execution.status',
        'execution.cleanupStatus',
        'execution.createdAt',
        'execution.startedAt',
        'execution.endedAt',
      ])
      .orderBy('execution.createdAt', 'DESC')
      .addOrderBy('execution.id', 'DESC')
      .offset(query.offset)
      .limit(query.limit);
    if (query.planId !== undefined) {
      builder.andWhere('execution.planId = :planId', { planId: query.planId });
    }
    if (query.status !== undefined) {
      builder.andWhere('execution.status = :status', { status: query.status });
    }
    if (query.mode !== undefined) {
      builder.andWhere('execution.mode = :mode', { mode: query.mode });
    }
    const [executions, total] = await builder.getManyAndCount();
    const counts = await this.serverCounts(executions.map((execution) => execution.id));

    return {
      items: executions.map(
        (execution): ExecutionSummary => ({
          id: execution.id,
          planId: execution.planId,
          planName: execution.planName,
          planVersion: execution.planVersion,
          mode: execution.mode,
          status: execution.status,
          createdAt: execution.createdAt.toISOString(),
          startedAt: iso(execution.startedAt),
          endedAt: iso(execution.endedAt),
          cleanupStatus: execution.cleanupStatus,
          serverCounts: counts.get(execution.id) ?? { total: 0, launched: 0, failed: 0 },
        }),
      ),
      total,
    };
  }

  async listEvents(id: string, query: ListEventsQuery): Promise<ExecutionEventList> {
    if (!(await this.dataSource.manager.exists(ExecutionEntity, { where: { id } }))) {
      throw notFound(id);
    }
    const events = await this.dataSource.manager.find(ExecutionEventEntity, {
      where: { executionId: id, seq: MoreThan(query.afterSeq) },
      order: { seq: 'ASC' },
      take: query.limit,
    });

    return {
      items: events.map(
        (event): ExecutionEventMessage => ({
          executionId: event.executionId,
          seq: event.seq,
          type: event.type as ExecutionEventType,
          payload: event.payload as ExecutionEventMessage['payload'],
          createdAt: event.createdAt.toISOString(),
        }),
      ),
    };
  }

  /**
   * Moves a finished drill's cleanup to REQUESTED and queues the launcher's cleanup job. The
   * compare-and-set on cleanup_status makes two simultaneous requests queue one job only.
   */
  async requestCleanup(id: string): Promise<CleanupResponse> {
    const response = await this.transactions.run(async (unit) => {
      const execution = await unit.manager.findOne(ExecutionEntity, { where: { id } });
      if (!execution) {
        throw notFound(id);
      }
      const rejectionReason = cleanupRejectionReason(execution);
      if (rejectionReason) {
        throw notCleanable(execution, rejectionReason);
      }

      const update = await unit.manager
        .createQueryBuilder()
        .update(ExecutionEntity)
        .set({ cleanupStatus: CleanupStatus.Requested })
        .where('id = :id', { id })
        .andWhere('cleanup_status = :expected', { expected: execution.cleanupStatus })
        .andWhere('mode = :mode', { mode: ExecutionMode.Drill })
        .andWhere('status IN (:...terminal)', { terminal: TERMINAL_EXECUTION_STATUSES })
        .execute();
      if (update.affected !== 1) {
        throw notCleanable(
          execution,
          'its status changed while the request was processed; read it again and retry',
        );
      }

      const recoveryInstanceCount = await unit.manager.count(ExecutionServerEntity, {
        where: { executionId: id, recoveryInstanceId: Not(IsNull()), instanceTerminatedAt: IsNull() },
      });
      // Each request of the same execution needs its own job id, or BullMQ would drop a retry after a failure.
      const earlierRequests = await unit.manager.count(ExecutionEventEntity, {
        where: { executionId: id, type: 'cleanup.requested' },
      });
      await unit.appendEvent(id, 'cleanup.requested', { recoveryInstanceCount });
      await unit.enqueue(
        QueueName.Launcher,
        LauncherJob.CleanupExecution,
        { executionId: id },
        { jobId: `cleanup-${id}-${earlierRequests + 1}` },
      );

      return { id, cleanupStatus: CleanupStatus.Requested, recoveryInstanceCount };
    });
    this.logger.log(
      `execution ${id}: cleanup requested for ${response.recoveryInstanceCount} recovery instance(s)`,
    );

    return response;
  }

  private async createExecution(unit: UnitOfWork, input: StartExecutionInput): Promise<ExecutionEntity> {
    const manager = unit.manager;
    // Starts are rare; serializing them makes the conflict checks below and the insert one step.
    await lockForTransaction(manager, GatewayLock.ExecutionStart);
    const plan = await this.lockPlan(manager, input.planId);
    if (input.mode === ExecutionMode.Recovery) {
      assertRecoveryConfirmed(plan, input.confirmPlanName);
    }

    const active = await findActiveExecutionOfPlan(manager, plan.id);
    if (active) {
      throw planHasActiveExecution(plan.id, active);
    }
    const snapshot = await buildPlanSnapshot(manager, plan, this.config.planner.defaultRpoSeconds);
    const conflict = await findActiveExecutionWithServers(manager, explicitServersOf(snapshot));
    if (conflict) {
      throw serverInActiveExecution(conflict);
    }

    const execution = await manager.save(
      manager.create(ExecutionEntity, {
        planId: plan.id,
        planName: plan.name,
        planVersion: plan.version,
        planSnapshot: snapshot,
        mode: input.mode,
        status: ExecutionStatus.Pending,
        cleanupStatus: CleanupStatus.NotRequested,
      }),
    );
    await unit.appendEvent(execution.id, 'execution.created', {
      planId: plan.id,
      planName: plan.name,
      planVersion: plan.version,
      mode: input.mode,
    });
    await unit.enqueue(
      QueueName.Planner,
      PlannerJob.StartExecution,
      { executionId: execution.id },
      { jobId: `start-${execution.id}` },
    );

    return execution;
  }

  /** Reads the plan with a share lock, so that it is neither edited nor deleted until the commit. */
  private async lockPlan(manager: EntityManager, planId: string): Promise<RecoveryPlanEntity> {
    const plan = await manager.findOne(RecoveryPlanEntity, {
      where: { id: planId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!plan) {
      throw new DomainError(ErrorCode.NotFound, `Recovery plan ${planId} does not exist`, { planId });
    }

    return plan;
  }

  private async serverCounts(
    executionIds: string[],
  ): Promise<Map<string, { total: number; launched: number; failed: number }>> {
    if (executionIds.length === 0) {
      return new Map();
    }
    const rows: Array<{ execution_id: string; total: string; launched: string; failed: string }> =
      await this.dataSource.query(
        `SELECT execution_id,
                count(*) AS total,
                count(*) FILTER (WHERE status = $2) AS launched,
                count(*) FILTER (WHERE status = $3) AS failed
           FROM execution_servers
          WHERE execution_id = ANY($1::uuid[])
          GROUP BY execution_id`,
        [executionIds, ServerStatus.Launched, ServerStatus.Failed],
      );

    return new Map(
      rows.map((row) => [
        row.execution_id,
        { total: Number(row.total), launched: Number(row.launched), failed: Number(row.failed) },
      ]),
    );
  }
}
