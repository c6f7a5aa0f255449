import { EntityManager, In } from 'typeorm';

import {
  GroupMemberKind,
  PlanSnapshot,
  PlanWaveEntity,
  PlanWaveGroupEntity,
  ProtectionGroupEntity,
  ProtectionGroupServerEntity,
  RecoveryPlanEntity,
} from '@drs/persistence';

/** An explicit member server of a snapshot, with the target it lives in. */
export interface SnapshotServer {
  accountId: string;
  region: string;
  sourceServerId: string;
}

/**
 * Copies a plan with its waves, groups and explicit members into the snapshot an execution runs.
 * Tag selectors are copied as they are; the planner resolves them against DRS when it starts.
 */
export async function buildPlanSnapshot(
  manager: EntityManager,
  plan: RecoveryPlanEntity,
  defaultRpoSeconds: number,
): Promise<PlanSnapshot> {
  const waves = await manager.find(PlanWaveEntity, {
    where: { planId: plan.id },
    order: { position: 'ASC' },
  });
  const waveIds = waves.map((wave) => wave.id);
  const links =
    waveIds.length === 0
      ? []
      : await manager.find(PlanWaveGroupEntity, {
          where: { waveId: In(waveIds) },
          order: { position: 'ASC' },
        });
  const groupIds = links.map((link) => link.groupId);
  const groups =
    groupIds.length === 0 ? [] : await manager.find(ProtectionGroupEntity, { where: { id: In(groupIds) } });
  const servers =
    groupIds.length === 0
      ? []
      : await manager.find(ProtectionGroupServerEntity, {
          where: { groupId: In(groupIds) },
          order: { position: 'ASC' },
        });
  const groupsById = new Map(groups.map((group) => [group.id, group]));

  return {
    planId: plan.id,
    name: plan.name,
    version: plan.version,
    rpoSeconds: plan.rpoSeconds ?? defaultRpoSeconds,
    waves: waves.map((wave) => ({
      name: wave.name,
      launchOrder: wave.launchOrder,
      dependsOn: wave.dependsOn,
      failurePolicy: wave.failurePolicy,
      minSuccessPercent: wave.minSuccessPercent,
      optionalServerIds: wave.optionalServerIds,
      deadlineSeconds: wave.deadlineSeconds,
      groups: links
        .filter((link) => link.waveId === wave.id)
        .map((link) => {
          const group = groupsById.get(link.groupId);
          // Unreachable while the foreign key on plan_wave_groups rejects deleting a linked group.
          if (!group) {
            throw new Error(`Protection group ${link.groupId} of wave "${wave.name}" was not found`);
          }
          const explicit = group.memberKind === GroupMemberKind.Explicit;

          return {
            id: group.id,
            name: group.name,
            accountId: group.accountId,
            region: group.region,
            sourceServerIds: explicit
              ? servers.filter((server) => server.groupId === group.id).map((server) => server.sourceServerId)
              : null,
            tagSelector: explicit ? null : group.tagSelector,
          };
        }),
    })),
  };
}

export function explicitServersOf(snapshot: PlanSnapshot): SnapshotServer[] {
  return snapshot.waves.flatMap((wave) =>
    wave.groups.flatMap((group) =>
      (group.sourceServerIds ?? []).map((sourceServerId) => ({
        accountId: group.accountId,
        region: group.region,
        sourceServerId,
      })),
    ),
  );
}
