import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { TagSelector } from '@drs/domain';

export interface DrsTargetRef {
  accountId: string;
  region: string;
}

/** An explicit member server and the group that lists it. */
export interface ExplicitMembership {
  accountId: string;
  region: string;
  sourceServerId: string;
  groupId: string;
  groupName: string;
}

export interface TagSelectorGroupRef {
  id: string;
  name: string;
  accountId: string;
  region: string;
  tagSelector: TagSelector;
}

function targetArrays(targets: DrsTargetRef[]): [string[], string[]] {
  return [targets.map((target) => target.accountId), targets.map((target) => target.region)];
}

/**
 * Reads which group contains which server. A server belongs to a group either as an explicit member
 * (protection_group_servers) or by matching a tag selector of a group in its account and Region.
 */
@Injectable()
export class GroupMembershipRepository {
  /** Explicit members among `sourceServerIds` that a group other than `exceptGroupId` lists. */
  async findExplicitHolders(
    manager: EntityManager,
    target: DrsTargetRef,
    sourceServerIds: string[],
    exceptGroupId: string | null,
  ): Promise<ExplicitMembership[]> {
    if (sourceServerIds.length === 0) {
      return [];
    }
    const rows: Array<Record<string, string>> = await manager.query(
      `SELECT s.account_id, s.region, s.source_server_id, g.id AS group_id, g.name AS group_name
         FROM protection_group_servers s
         JOIN protection_groups g ON g.id = s.group_id
        WHERE s.account_id = $1 AND s.region = $2 AND s.source_server_id = ANY($3::text[])
          AND ($4::uuid IS NULL OR s.group_id <> $4::uuid)
        ORDER BY s.source_server_id`,
      [target.accountId, target.region, sourceServerIds, exceptGroupId],
    );

    return rows.map(toExplicitMembership);
  }

  /** Returns every explicit member of every group in the given targets. */
  async findExplicitMembers(manager: EntityManager, targets: DrsTargetRef[]): Promise<ExplicitMembership[]> {
    const [accountIds, regions] = targetArrays(targets);
    const rows: Array<Record<string, string>> = await manager.query(
      `SELECT s.account_id, s.region, s.source_server_id, g.id AS group_id, g.name AS group_name
         FROM protection_group_servers s
         JOIN protection_groups g ON g.id = s.group_id
         JOIN unnest($1::text[], $2::text[]) AS t(account_id, region)
           ON t.account_id = s.account_id AND t.region = s.region`,
      [accountIds, regions],
    );

    return rows.map(toExplicitMembership);
  }

  /** Tag-selector groups of the given targets other than `exceptGroupId`, oldest first. */
  async findTagSelectorGroups(
    manager: EntityManager,
    targets: DrsTargetRef[],
    exceptGroupId: string | null,
  ): Promise<TagSelectorGroupRef[]> {
    const [accountIds, regions] = targetArrays(targets);
    const rows: Array<{
      id: string;
      name: string;
      account_id: string;
      region: string;
      tag_selector: TagSelector;
    }> = await manager.query(
      `SELECT g.id, g.name, g.account_id, g.region, g.tag_selector
           FROM protection_groups g
           JOIN unnest($1::text[], $2::text[]) AS t(account_id, region)
             ON t.account_id = g.account_id AND t.region = g.region
          WHERE g.member_kind = 'TAG_SELECTOR' AND ($3::uuid IS NULL OR g.id <> $3::uuid)
          ORDER BY g.created_at, g.id`,
      [accountIds, regions, exceptGroupId],
    );

    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      accountId: row.account_id,
      region: row.region,
      tagSelector: row.tag_selector,
    }));
  }
}

function toExplicitMembership(row: Record<string, string>): ExplicitMembership {
  return {
    accountId: row.account_id,
    region: row.region,
    sourceServerId: row.source_server_id,
    groupId: row.group_id,
    groupName: row.group_name,
  };
}
