import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';

import {
  ACTIVE_EXECUTION_STATUSES,
  DEFAULT_WAVE_POLICY,
  DomainError,
  ErrorCode,
  ExecutionMode,
  ExecutionStatus,
  FailurePolicy,
  validateWaveGraph,
} from '@drs/domain';
import {
  isForeignKeyViolation,
  isUniqueViolation,
  PlanWaveEntity,
  PlanWaveGroupEntity,
  RecoveryPlanEntity,
} from '@drs/persistence';

import { NamedRef } from '../common/named-ref.dto';
import {
  LastExecutionResponse,
  RecoveryPlanInput,
  RecoveryPlanList,
  RecoveryPlanResponse,
} from './recovery-plans.dto';

const PLAN_NAME_CONSTRAINT = 'uq_recovery_plans_name';
const GROUP_IN_PLAN_CONSTRAINT = 'fk_plan_wave_groups_group';

interface NormalizedWave {
  name: string;
  launchOrder: RecoveryPlanInput['waves'][number]['launchOrder'];
  dependsOn: string[];
  failurePolicy: FailurePolicy;
  minSuccessPercent: number;
  optionalServerIds: string[];
  deadlineSeconds: number | null;
  protectionGroupIds: string[];
}

function normalizeWaves(input: RecoveryPlanInput): NormalizedWave[] {
  return input.waves.map((wave) => ({
    name: wave.name,
    launchOrder: wave.launchOrder,
    dependsOn: wave.dependsOn ?? [],
    failurePolicy: wave.failurePolicy ?? DEFAULT_WAVE_POLICY.failurePolicy,
    minSuccessPercent: wave.minSuccessPercent ?? DEFAULT_WAVE_POLICY.minSuccessPercent,
    optionalServerIds: wave.optionalServerIds ?? [],
    deadlineSeconds: wave.deadlineSeconds ?? null,
    protectionGroupIds: wave.protectionGroupIds,
  }));
}

function notFound(id: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `Recovery plan ${id} does not exist`, { planId: id });
}

/** Throws PLAN_INVALID for a group in two waves, because recovering it twice would launch its servers twice. */
function assertEachGroupInOneWave(waves: NormalizedWave[]): void {
  const waveOfGroup = new Map<string, string>();
  for (const wave of waves) {
    for (const groupId of wave.protectionGroupIds) {
      const earlier = waveOfGroup.get(groupId);
      if (earlier !== undefined) {
        throw new DomainError(
          ErrorCode.PlanInvalid,
          `Protection group ${groupId} appears in waves "${earlier}" and "${wave.name}"; a group may appear in one wave only`,
          { groupId, waves: [earlier, wave.name] },
        );
      }
      waveOfGroup.set(groupId, wave.name);
    }
  }
}

function unknownGroups(groupIds: string[]): DomainError {
  return new DomainError(
    ErrorCode.PlanInvalid,
    `The plan names protection groups that do not exist: ${groupIds.join(', ')}`,
    { unknownGroupIds: groupIds },
  );
}

@Injectable()
export class RecoveryPlansService {
  private readonly logger = new Logger(RecoveryPlansService.name);

  constructor(private readonly dataSource: DataSource) {}

  async create(input: RecoveryPlanInput): Promise<RecoveryPlanResponse> {
    const waves = this.checkWaves(input);
    const id = await this.writeTranslatingErrors(input, (manager) => this.insert(manager, input, waves));
    this.logger.log(`recovery plan ${id}: created "${input.name}" with ${waves.length} wave(s)`);

    return this.get(id);
  }

  async update(id: string, input: RecoveryPlanInput): Promise<RecoveryPlanResponse> {
    const waves = this.checkWaves(input);
    const version = await this.writeTranslatingErrors(input, (manager) =>
      this.replace(manager, id, input, waves),
    );
    this.logger.log(`recovery plan ${id}: updated to version ${version}, ${waves.length} wave(s)`);

    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const name = await this.dataSource.transaction(async (manager) => {
      // The row lock waits for an execution start of this plan to commit, which holds a share lock.
      const plan = await manager.findOne(RecoveryPlanEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!plan) {
        throw notFound(id);
      }
      const [active] = await manager.query(
        `SELECT id, status FROM executions WHERE plan_id = $1 AND status = ANY($2::text[]) LIMIT 1`,
        [id, ACTIVE_EXECUTION_STATUSES],
      );
      if (active) {
        throw new DomainError(
          ErrorCode.PlanHasActiveExecution,
          `Recovery plan "${plan.name}" has execution ${active.id} in status ${active.status}; wait for it to end or cancel it first`,
          { planId: id, executionId: active.id, executionStatus: active.status },
        );
      }
      await manager.delete(RecoveryPlanEntity, { id });

      return plan.name;
    });
    this.logger.log(`recovery plan ${id}: deleted "${name}"`);
  }

  async get(id: string): Promise<RecoveryPlanResponse> {
    const plan = await this.dataSource.manager.findOne(RecoveryPlanEntity, { where: { id } });
    if (!plan) {
      throw notFound(id);
    }
    const [response] = await this.toResponses([plan]);

    return response;
  }

  async list(): Promise<RecoveryPlanList> {
    const plans = await this.dataSource.manager.find(RecoveryPlanEntity, { order: { name: 'ASC' } });

    return { items: await this.toResponses(plans) };
  }

  /** Runs the checks that need no database: the wave graph, and one wave per group. */
  private checkWaves(input: RecoveryPlanInput): NormalizedWave[] {
    const waves = normalizeWaves(input);
    validateWaveGraph(waves);
    assertEachGroupInOneWave(waves);

    return waves;
  }

  private async writeTranslatingErrors<T>(
    input: RecoveryPlanInput,
    write: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(write);
    } catch (error) {
      if (isUniqueViolation(error, PLAN_NAME_CONSTRAINT)) {
        throw new DomainError(
          ErrorCode.PlanNameTaken,
          `A recovery plan named "${input.name}" already exists; choose another name`,
          { name: input.name },
        );
      }
      if (isForeignKeyViolation(error, GROUP_IN_PLAN_CONSTRAINT)) {
        // A group was deleted between the check and the insert.
        const groupIds = normalizeWaves(input).flatMap((wave) => wave.protectionGroupIds);
        throw unknownGroups(await this.missingGroups(this.dataSource.manager, groupIds, false));
      }
      throw error;
    }
  }

  private async insert(
    manager: EntityManager,
    input: RecoveryPlanInput,
    waves: NormalizedWave[],
  ): Promise<string> {
    await this.assertGroupsExist(manager, waves);
    const plan = await manager.save(
      manager.create(RecoveryPlanEntity, {
        name: input.name,
        description: input.description ?? '',
        rpoSeconds: input.rpoSeconds ?? null,
      }),
    );
    await this.insertWaves(manager, plan.id, waves);

    return plan.id;
  }

  /** Replaces the plan's fields and waves; returns the new version. */
  private async replace(
    manager: EntityManager,
    id: string,
    input: RecoveryPlanInput,
    waves: NormalizedWave[],
  ): Promise<number> {
    const plan = await manager.findOne(RecoveryPlanEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!plan) {
      throw notFound(id);
    }
    await this.assertGroupsExist(manager, waves);

    await manager
      .createQueryBuilder()
      .update(RecoveryPlanEntity)
      .set({
        name: input.name,
        description: input.description ?? '',
        rpoSeconds: input.rpoSeconds ?? null,
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
    // Deleting the waves deletes their group links too (ON DELETE CASCADE).
    await manager.delete(PlanWaveEntity, { planId: id });
    await this.insertWaves(manager, id, waves);

    return plan.version + 1;
  }

  private async insertWaves(manager: EntityManager, planId: string, waves: NormalizedWave[]): Promise<void> {
    for (const [position, wave] of waves.entries()) {
      const stored = await manager.save(
        manager.create(PlanWaveEntity, {
          planId,
          position,
          name: wave.name,
          launchOrder: wave.launchOrder,
          dependsOn: wave.dependsOn,
          failurePolicy: wave.failurePolicy,
          minSuccessPercent: wave.minSuccessPercent,
          optionalServerIds: wave.optionalServerIds,
          deadlineSeconds: wave.deadlineSeconds,
        }),
      );
      await manager.insert(
        PlanWaveGroupEntity,
        wave.protectionGroupIds.map((groupId, groupPosition) => ({
          waveId: stored.id,
          groupId,
          position: groupPosition,
        })),
      );
    }
  }

  /** Throws PLAN_INVALID naming every unknown group; the lock keeps the others from being deleted meanwhile. */
  private async assertGroupsExist(manager: EntityManager, waves: NormalizedWave[]): Promise<void> {
    const groupIds = waves.flatMap((wave) => wave.protectionGroupIds);
    const missing = await this.missingGroups(manager, groupIds, true);
    if (missing.length > 0) {
      throw unknownGroups(missing);
    }
  }

  private async missingGroups(manager: EntityManager, groupIds: string[], lock: boolean): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM protection_groups WHERE id = ANY($1::uuid[]) ${lock ? 'FOR KEY SHARE' : ''}`,
      [groupIds],
    );
    const found = new Set(rows.map((row) => row.id));

    return groupIds.filter((groupId) => !found.has(groupId));
  }

  /** Builds responses for many plans with four queries in all, not four per plan. */
  private async toResponses(plans: RecoveryPlanEntity[]): Promise<RecoveryPlanResponse[]> {
    const planIds = plans.map((plan) => plan.id);
    if (planIds.length === 0) {
      return [];
    }
    const manager = this.dataSource.manager;
    const waves = await manager.find(PlanWaveEntity, {
      where: { planId: In(planIds) },
      order: { position: 'ASC' },
    });
    const groupsByWave = await this.groupsOfWaves(
      manager,
      waves.map((wave) => wave.id),
    );
    const lastExecutions = await this.lastExecutions(manager, planIds);

    return plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      description: plan.description,
      rpoSeconds: plan.rpoSeconds,
      version: plan.version,
      waves: waves
        .filter((wave) => wave.planId === plan.id)
        .map((wave) => ({
          name: wave.name,
          position: wave.position,
          launchOrder: wave.launchOrder,
          dependsOn: wave.dependsOn,
          failurePolicy: wave.failurePolicy,
          minSuccessPercent: wave.minSuccessPercent,
          optionalServerIds: wave.optionalServerIds,
          deadlineSeconds: wave.deadlineSeconds,
          protectionGroups: groupsByWave.get(wave.id) ?? [],
        })),
      lastExecution: lastExecutions.get(plan.id) ?? null,
      createdAt: plan.createdAt.toISOString(),
      updatedAt: plan.updatedAt.toISOString(),
    }));
  }

  private async groupsOfWaves(manager: EntityManager, waveIds: string[]): Promise<Map<string, NamedRef[]>> {
    const rows: Array<{ wave_id: string; id: string; name: string }> = await manager.query(
      `SELECT link.wave_id, g.id, g.name
         FROM plan_wave_groups link
         JOIN protection_groups g ON g.id = link.group_id
        WHERE link.wave_id = ANY($1::uuid[])
        ORDER BY link.wave_id, link.position`,
      [waveIds],
    );
    const groupsByWave = new Map<string, NamedRef[]>();
    for (const row of rows) {
      const groups = groupsByWave.get(row.wave_id) ?? [];
      groups.push({ id: row.id, name: row.name });
      groupsByWave.set(row.wave_id, groups);
    }

    return groupsByWave;
  }

  /** The newest execution of each plan, in one query whatever the number of plans. */
  private async lastExecutions(
    manager: EntityManager,
    planIds: string[],
  ): Promise<Map<string, LastExecutionResponse>> {
    const rows: Array<{
      plan_id: string;
      id: string;
      mode: ExecutionMode;
      status: ExecutionStatus;
      started_at: Date | null;
      ended_at: Date | null;
      created_at: Date;
    }> = await manager.query(
      `SELECT DISTINCT ON (plan_id) plan_id, id, mode, status, started_at, ended_at, created_at
         FROM executions
        WHERE plan_id = ANY($1::uuid[])
        ORDER BY plan_id, created_at DESC, id DESC`,
      [planIds],
    );

    return new Map(
      rows.map((row) => [
        row.plan_id,
        {
          id: row.id,
          mode: row.mode,
          status: row.status,
          startedAt: row.started_at?.toISOString() ?? null,
          endedAt: row.ended_at?.toISOString() ?? null,
          createdAt: row.created_at.toISOString(),
        },
      ]),
    );
  }
}
