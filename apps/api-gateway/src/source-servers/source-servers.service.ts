import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { DomainError, ErrorCode, isoDurationToSeconds, matchesTagSelector } from '@drs/domain';
import { DrsAdapter, hostnameOf, osFamilyOf, SourceServer } from '@drs/drs-adapter';

import {
  DrsTargetRef,
  ExplicitMembership,
  GroupMembershipRepository,
  TagSelectorGroupRef,
} from '../inventory/group-membership.repository';
import { SourceServerInventory } from '../inventory/source-server-inventory.service';
import { NamedRef } from '../common/named-ref.dto';
import { ListSourceServersQuery, SourceServerItem, SourceServerList } from './source-servers.dto';

function membershipKey(accountId: string, region: string, sourceServerId: string): string {
  return `${accountId}/${region}/${sourceServerId}`;
}

@Injectable()
export class SourceServersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly drs: DrsAdapter,
    private readonly inventory: SourceServerInventory,
    private readonly memberships: GroupMembershipRepository,
  ) {}

  /** Lists the source servers of every configured target, or of the one asked for, with their group. */
  async list(query: ListSourceServersQuery): Promise<SourceServerList> {
    const targets = this.selectTargets(query);
    const inventories = await Promise.all(
      targets.map(async (target) => ({
        target,
        servers: await this.inventory.list(target.accountId, target.region),
      })),
    );

    const explicitMembers = await this.memberships.findExplicitMembers(this.dataSource.manager, targets);
    const explicitByServer = new Map(
      explicitMembers.map((member) => [
        membershipKey(member.accountId, member.region, member.sourceServerId),
        member,
      ]),
    );
    const tagGroups = await this.memberships.findTagSelectorGroups(this.dataSource.manager, targets, null);

    const items = inventories.flatMap(({ target, servers }) =>
      servers.map((server) => this.toItem(target, server, explicitByServer, tagGroups)),
    );

    return { items };
  }

  private selectTargets(query: ListSourceServersQuery): DrsTargetRef[] {
    const targets = this.drs.targets
      .filter((target) => query.accountId === undefined || target.accountId === query.accountId)
      .filter((target) => query.region === undefined || target.region === query.region)
      .map((target) => ({ accountId: target.accountId, region: target.region }));
    if (targets.length === 0) {
      const requested = `${query.accountId ?? 'any account'} in ${query.region ?? 'any Region'}`;
      const known = this.drs.targets.map((target) => `${target.accountId}/${target.region}`).join(', ');
      throw new DomainError(
        ErrorCode.UnknownDrsTarget,
        `No configured DRS target matches ${requested}; configured targets: ${known}`,
        { accountId: query.accountId ?? null, region: query.region ?? null },
      );
    }

    return targets;
  }

  private toItem(
    target: DrsTargetRef,
    server: SourceServer,
    explicitByServer: Map<string, ExplicitMembership>,
    tagGroups: TagSelectorGroupRef[],
  ): SourceServerItem {
    const sourceServerId = server.sourceServerID ?? '';
    const replication = server.dataReplicationInfo;

    return {
      sourceServerId,
      accountId: target.accountId,
      region: target.region,
      hostname: hostnameOf(server) ?? null,
      osFamily: osFamilyOf(server),
      os: server.sourceProperties?.os?.fullString ?? null,
      replicationState: replication?.dataReplicationState ?? null,
      lagDuration: replication?.lagDuration ?? null,
      lagSeconds: isoDurationToSeconds(replication?.lagDuration),
      lastSeenAt: server.lifeCycle?.lastSeenByServiceDateTime ?? null,
      tags: server.tags ?? {},
      protectionGroup: this.groupOf(target, sourceServerId, server.tags, explicitByServer, tagGroups),
    };
  }

  /** An explicit membership wins; otherwise the oldest tag-selector group of the target that matches. */
  private groupOf(
    target: DrsTargetRef,
    sourceServerId: string,
    tags: Record<string, string> | undefined,
    explicitByServer: Map<string, ExplicitMembership>,
    tagGroups: TagSelectorGroupRef[],
  ): NamedRef | null {
    const explicit = explicitByServer.get(membershipKey(target.accountId, target.region, sourceServerId));
    if (explicit) {
      return { id: explicit.groupId, name: explicit.groupName };
    }
    const matching = tagGroups.find(
      (group) =>
        group.accountId === target.accountId &&
        group.region === target.region &&
        matchesTagSelector(tags, group.tagSelector),
    );

    return matching ? { id: matching.id, name: matching.name } : null;
  }
}
