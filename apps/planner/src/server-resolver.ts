import type { SourceServer } from '@drs/drs-adapter';
import { hostnameOf, osFamilyOf, targetKey } from '@drs/drs-adapter';
import {
  checkServerReadiness,
  DEFAULT_WAVE_POLICY,
  LaunchOrder,
  matchesTagSelector,
  missingServerWarning,
  ReadinessProblem,
  ReadinessWarning,
  WavePolicy,
} from '@drs/domain';
import type { PlanSnapshot } from '@drs/persistence';

export interface ResolvedServer {
  sourceServerId: string;
  accountId: string;
  region: string;
  hostname: string | null;
  osFamily: string;
  groupName: string;
}

export interface ResolvedWave {
  name: string;
  launchOrder: LaunchOrder;
  dependsOn: string[];
  policy: WavePolicy;
  deadlineSeconds: number | null;
  servers: ResolvedServer[];
}

export interface ResolvedPlan {
  waves: ResolvedWave[];
  warnings: ReadinessWarning[];
}

/** Source servers of each account and Region, keyed by `targetKey`. */
export type Inventory = Map<string, SourceServer[]>;

/**
 * Turns the plan's groups into concrete servers: explicit members by id, tag selectors by
 * matching the live inventory. A server is launched once, in the first wave that claims it;
 * members DRS no longer knows are left out with a warning. Sequential waves keep the order of
 * their groups and, within a group, the explicit order or the hostname order.
 */
export function resolvePlan(snapshot: PlanSnapshot, inventory: Inventory): ResolvedPlan {
  const warnings: ReadinessWarning[] = [];
  const claimed = new Map<string, string>();
  const waves: ResolvedWave[] = [];

  for (const wave of snapshot.waves) {
    const servers: ResolvedServer[] = [];
    for (const group of wave.groups) {
      const available = inventory.get(targetKey(group.accountId, group.region)) ?? [];
      const byId = new Map(available.map((server) => [server.sourceServerID ?? '', server]));
      let members: SourceServer[];
      if (group.sourceServerIds) {
        members = [];
        for (const id of group.sourceServerIds) {
          const server = byId.get(id);
          if (server) {
            members.push(server);
          } else {
            warnings.push(missingServerWarning(id, group.name));
          }
        }
      } else {
        members = available
          .filter((server) => matchesTagSelector(server.tags, group.tagSelector ?? {}))
          .sort((left, right) => (hostnameOf(left) ?? '').localeCompare(hostnameOf(right) ?? ''));
      }

      for (const server of members) {
        const id = server.sourceServerID as string;
        const claimedBy = claimed.get(id);
        if (claimedBy) {
          warnings.push({
            sourceServerId: id,
            hostname: hostnameOf(server),
            problem: ReadinessProblem.ServerNotFound,
            message: `${id}: matched by group "${group.name}" but already launched with group "${claimedBy}"; launched once`,
          });
          continue;
        }
        claimed.set(id, group.name);
        servers.push({
          sourceServerId: id,
          accountId: group.accountId,
          region: group.region,
          hostname: hostnameOf(server) ?? null,
          osFamily: osFamilyOf(server),
          groupName: group.name,
        });
        warnings.push(
          ...checkServerReadiness(
            {
              sourceServerId: id,
              hostname: hostnameOf(server),
              dataReplicationState: server.dataReplicationInfo?.dataReplicationState,
              lagDuration: server.dataReplicationInfo?.lagDuration,
              dataReplicationError: server.dataReplicationInfo?.dataReplicationError?.error,
              lastLaunchResult: server.lastLaunchResult,
              lastSeenByServiceDateTime: server.lifeCycle?.lastSeenByServiceDateTime,
            },
            snapshot.rpoSeconds,
          ),
        );
      }
    }
    waves.push({
      name: wave.name,
      launchOrder: wave.launchOrder,
      dependsOn: wave.dependsOn,
      policy: {
        failurePolicy: wave.failurePolicy ?? DEFAULT_WAVE_POLICY.failurePolicy,
        minSuccessPercent: wave.minSuccessPercent ?? DEFAULT_WAVE_POLICY.minSuccessPercent,
        optionalServerIds: wave.optionalServerIds ?? [],
      },
      deadlineSeconds: wave.deadlineSeconds ?? null,
      servers,
    });
  }

  return { waves, warnings };
}
