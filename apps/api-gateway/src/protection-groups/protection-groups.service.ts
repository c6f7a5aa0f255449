import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';

import { DomainError, ErrorCode, matchesTagSelector, TagSelector } from '@drs/domain';
import { SourceServer } from '@drs/drs-adapter';
import {
  GroupMemberKind,
  isForeignKeyViolation,
  isUniqueViolation,
  ProtectionGroupEntity,
  ProtectionGroupServerEntity,
} from '@drs/persistence';

import { GatewayLock, lockForTransaction } from '../common/advisory-locks';
import { NamedRef } from '../common/named-ref.dto';
import { DrsTargetRef, GroupMembershipRepository } from '../inventory/group-membership.repository';
import { SourceServerInventory } from '../inventory/source-server-inventory.service';
import { ProtectionGroupInput, ProtectionGroupList, ProtectionGroupResponse } from './protection-groups.dto';

const GROUP_NAME_CONSTRAINT = 'uq_protection_groups_name';
const SERVER_MEMBERSHIP_CONSTRAINT = 'uq_protection_group_servers_server';
const GROUP_IN_PLAN_CONSTRAINT = 'fk_plan_wave_groups_group';

/** Members requested for a group: an explicit list or a tag selector, as the DTO validated them. */
type RequestedMembers =
  | { kind: GroupMemberKind.Explicit; sourceServerIds: string[] }
  | { kind: GroupMemberKind.TagSelector; tagSelector: TagSelector };

/** Returns the inventory of one target, calling DRS at most once per request. */
type InventoryLoader = () => Promise<SourceServer[]>;

function requestedMembers(input: ProtectionGroupInput): RequestedMembers {
  if (input.tagSelector != null) {
    return { kind: GroupMemberKind.TagSelector, tagSelector: input.tagSelector };
  }

  return { kind: GroupMemberKind.Explicit, sourceServerIds: input.sourceServerIds ?? [] };
}

function notFound(id: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `Protection group ${id} does not exist`, { groupId: id });
}

function heldExplicitly(sourceServerId: string, group: NamedRef): DomainError {
  return new DomainError(
    ErrorCode.ServerInOtherGroup,
    `Source server ${sourceServerId} is already an explicit member of protection group "${group.name}" (${group.id}); remove it there first`,
    { sourceServerId, groupId: group.id, groupName: group.name },
  );
}

function heldBySelector(sourceServerId: string, group: NamedRef): DomainError {
  return new DomainError(
    ErrorCode.ServerInOtherGroup,
    `Source server ${sourceServerId} already belongs to protection group "${group.name}" (${group.id}) through its tag selector; change that selector or the server's tags first`,
    { sourceServerId, groupId: group.id, groupName: group.name },
  );
}

function groupInUse(groupName: string, groupId: string, plan: NamedRef): DomainError {
  return new DomainError(
    ErrorCode.GroupInUse,
    `Protection group "${groupName}" is used by recovery plan "${plan.name}" (${plan.id}); remove it from the plan first`,
    { groupId, planId: plan.id, planName: plan.name },
  );
}

/**
 * Protection groups and the rule that a server belongs to at most one group. Between explicit
 * lists, a unique constraint in Postgres enforces it. A tag selector can only be checked against
 * the live DRS inventory, so group writes take an advisory lock that makes check and write one step.
 * NOTE: tags can change in DRS after a group was saved, so two selectors may come to match the
 * same server later; the planner resolves selectors again at run time.
 */
@Injectable()
export class ProtectionGroupsService {
  private readonly logger = new Logger(ProtectionGroupsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: SourceServerInventory,
    private readonly memberships: GroupMembershipRepository,
  ) {}

  async create(input: ProtectionGroupInput): Promise<ProtectionGroupResponse> {
    const id = await this.write(null, input);
    this.logger.log(`protection group ${id}: created "${input.name}" in ${input.accountId}/${input.region}`);

    return this.get(id);
  }

  async update(id: string, input: ProtectionGroupInput): Promise<ProtectionGroupResponse> {
    await this.write(id, input);
    this.logger.log(
      `protection group ${id}: updated, now "${input.name}" in ${input.accountId}/${input.region}`,
    );

    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    let groupName = id;
    try {
      await this.dataSource.transaction(async (manager) => {
        const group = await manager.findOne(ProtectionGroupEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!group) {
          throw notFound(id);
        }
        groupName = group.name;
        const plan = await this.findPlanUsing(manager, id);
        if (plan) {
          throw groupInUse(groupName, id, plan);
        }
        await manager.delete(ProtectionGroupEntity, { id });
      });
    } catch (error) {
      // A plan that started to use the group after the check: the foreign key rejects the delete.
      const plan = isForeignKeyViolation(error, GROUP_IN_PLAN_CONSTRAINT)
        ? await this.findPlanUsing(this.dataSource.manager, id)
        : null;
      throw plan ? groupInUse(groupName, id, plan) : error;
    }
    this.logger.log(`protection group ${id}: deleted "${groupName}"`);
  }

  async get(id: string): Promise<ProtectionGroupResponse> {
    const group = await this.dataSource.manager.findOne(ProtectionGroupEntity, { where: { id } });
    if (!group) {
      throw notFound(id);
    }
    const [response] = await this.toResponses([group]);

    return response;
  }

  async list(): Promise<ProtectionGroupList> {
    const groups = await this.dataSource.manager.find(ProtectionGroupEntity, { order: { name: 'ASC' } });

    return { items: await this.toResponses(groups) };
  }

  /** Checks and stores a new group (`id` null) or replaces an existing one; returns its id. */
  private async write(id: string | null, input: ProtectionGroupInput): Promise<string> {
    this.inventory.assertKnownTarget(input.accountId, input.region);
    const target: DrsTargetRef = { accountId: input.accountId, region: input.region };
    const members = requestedMembers(input);
    const loadInventory = await this.prepareInventory(id, target, members);

    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockForTransaction(manager, GatewayLock.GroupMembership);
        if (id !== null && !(await manager.exists(ProtectionGroupEntity, { where: { id } }))) {
          throw notFound(id);
        }
        await this.assertServersFree(manager, id, target, members, loadInventory);

        return this.store(manager, id, input, members);
      });
    } catch (error) {
      throw await this.translateWriteError(error, id, target, input);
    }
  }

  /**
   * Reads the DRS inventory before the transaction when a check will need it, so that no DRS call
   * runs while the transaction holds its lock. If a tag-selector group appears in the meantime, the
   * loader calls DRS from inside the transaction, which is slower but still correct.
   */
  private async prepareInventory(
    id: string | null,
    target: DrsTargetRef,
    members: RequestedMembers,
  ): Promise<InventoryLoader> {
    let loaded: Promise<SourceServer[]> | null = null;
    const load: InventoryLoader = () => (loaded ??= this.inventory.list(target.accountId, target.region));

    const needed =
      members.kind === GroupMemberKind.TagSelector ||
      (await this.memberships.findTagSelectorGroups(this.dataSource.manager, [target], id)).length > 0;
    if (needed) {
      await load();
    }

    return load;
  }

  private async assertServersFree(
    manager: EntityManager,
    id: string | null,
    target: DrsTargetRef,
    members: RequestedMembers,
    loadInventory: InventoryLoader,
  ): Promise<void> {
    const otherSelectorGroups = await this.memberships.findTagSelectorGroups(manager, [target], id);

    if (members.kind === GroupMemberKind.TagSelector) {
      const matched = (await loadInventory()).filter((server) =>
        matchesTagSelector(server.tags, members.tagSelector),
      );
      const [holder] = await this.memberships.findExplicitHolders(
        manager,
        target,
        matched.map((server) => server.sourceServerID ?? ''),
        id,
      );
      if (holder) {
        throw heldExplicitly(holder.sourceServerId, { id: holder.groupId, name: holder.groupName });
      }
      for (const server of matched) {
        const other = otherSelectorGroups.find((group) => matchesTagSelector(server.tags, group.tagSelector));
        if (other) {
          throw heldBySelector(server.sourceServerID ?? '', other);
        }
      }

      return;
    }

    const [holder] = await this.memberships.findExplicitHolders(manager, target, members.sourceServerIds, id);
    if (holder) {
      throw heldExplicitly(holder.sourceServerId, { id: holder.groupId, name: holder.groupName });
    }
    if (otherSelectorGroups.length === 0) {
      return;
    }
    const inventoryById = new Map((await loadInventory()).map((server) => [server.sourceServerID, server]));
    for (const sourceServerId of members.sourceServerIds) {
      // A listed server that DRS does not know (yet) cannot match any selector.
      const tags = inventoryById.get(sourceServerId)?.tags;
      const other = tags && otherSelectorGroups.find((group) => matchesTagSelector(tags, group.tagSelector));
      if (other) {
        throw heldBySelector(sourceServerId, other);
      }
    }
  }

  private async store(
    manager: EntityManager,
    id: string | null,
    input: ProtectionGroupInput,
    members: RequestedMembers,
  ): Promise<string> {
    const columns = {
      name: input.name,
      description: input.description ?? '',
      accountId: input.accountId,
      region: input.region,
      memberKind: members.kind,
      tagSelector: members.kind === GroupMemberKind.TagSelector ? members.tagSelector : null,
    };
    let groupId: string;
    if (id === null) {
      const inserted = await manager.save(manager.create(ProtectionGroupEntity, columns));
      groupId = inserted.id;
    } else {
      await manager.update(ProtectionGroupEntity, { id }, columns);
      await manager.delete(ProtectionGroupServerEntity, { groupId: id });
      groupId = id;
    }

    if (members.kind === GroupMemberKind.Explicit) {
      await manager.insert(
        ProtectionGroupServerEntity,
        members.sourceServerIds.map((sourceServerId, position) => ({
          groupId,
          sourceServerId,
          accountId: input.accountId,
          region: input.region,
          position,
        })),
      );
    }

    return groupId;
  }

  private async translateWriteError(
    error: unknown,
    id: string | null,
    target: DrsTargetRef,
    input: ProtectionGroupInput,
  ): Promise<unknown> {
    if (isUniqueViolation(error, GROUP_NAME_CONSTRAINT)) {
      return new DomainError(
        ErrorCode.GroupNameTaken,
        `A protection group named "${input.name}" already exists; choose another name`,
        { name: input.name },
      );
    }
    if (isUniqueViolation(error, SERVER_MEMBERSHIP_CONSTRAINT)) {
      const [holder] = await this.memberships.findExplicitHolders(
        this.dataSource.manager,
        target,
        input.sourceServerIds ?? [],
        id,
      );
      if (holder) {
        return heldExplicitly(holder.sourceServerId, { id: holder.groupId, name: holder.groupName });
      }
    }

    return error;
  }

  private async findPlanUsing(manager: EntityManager, groupId: string): Promise<NamedRef | null> {
    const [plan] = await this.plansUsing(manager, [groupId]);

    return plan ? { id: plan.planId, name: plan.planName } : null;
  }

  /** Plans that use the given groups, one row per group and plan, by plan name. */
  private async plansUsing(
    manager: EntityManager,
    groupIds: string[],
  ): Promise<Array<{ groupId: string; planId: string; planName: string }>> {
    if (groupIds.length === 0) {
      return [];
    }
    const rows: Array<{ group_id: string; plan_id: string; plan_name: string }> = await manager.query(
      `SELECT DISTINCT link.group_id, plan.id AS plan_id, plan.name AS plan_name
         FROM plan_wave_groups link
         JOIN plan_waves wave ON wave.id = link.wave_id
         JOIN recovery_plans plan ON plan.id = wave.plan_id
        WHERE link.group_id = ANY($1::uuid[])
        ORDER BY plan.name, plan.id`,
      [groupIds],
    );

    return rows.map((row) => ({ groupId: row.group_id, planId: row.plan_id, planName: row.plan_name }));
  }

  /** Builds responses for many groups with three queries in all, not three per group. */
  private async toResponses(groups: ProtectionGroupEntity[]): Promise<ProtectionGroupResponse[]> {
    const ids = groups.map((group) => group.id);
    const servers =
      ids.length === 0
        ? []
        : await this.dataSource.manager.find(ProtectionGroupServerEntity, {
            where: { groupId: In(ids) },
            order: { position: 'ASC' },
          });
    const usage = await this.plansUsing(this.dataSource.manager, ids);

    return groups.map((group) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      accountId: group.accountId,
      region: group.region,
      memberKind: group.memberKind,
      sourceServerIds:
        group.memberKind === GroupMemberKind.Explicit
          ? servers.filter((server) => server.groupId === group.id).map((server) => server.sourceServerId)
          : null,
      tagSelector: group.tagSelector,
      usedByPlans: usage
        .filter((row) => row.groupId === group.id)
        .map((row) => ({ id: row.planId, name: row.planName })),
      createdAt: group.createdAt.toISOString(),
      updatedAt: group.updatedAt.toISOString(),
    }));
  }
}
