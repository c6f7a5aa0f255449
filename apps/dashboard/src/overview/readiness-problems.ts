import {
  checkServerReadiness,
  isoDurationToSeconds,
  ReadinessProblem,
  type ReadinessWarning,
} from '@drs/domain';

import type { RecoveryPlan, SourceServer } from '../api/resources';

/**
 * The RPO for a plan that sets none. NOTE: the planner reads it from DEFAULT_RPO_SECONDS (300
 * unless configured), which the API does not expose, so a stack configured otherwise differs.
 */
export const DEFAULT_RPO_SECONDS = 300;

/** A source server with at least one problem that would show as a readiness warning, or no group. */
export interface ServerProblem {
  server: SourceServer;
  /** The RPO its lag was checked against: the strictest plan that launches its group. */
  rpoSeconds: number;
  warnings: ReadinessWarning[];
  inNoGroup: boolean;
}

export interface ReadinessSummary {
  problems: ServerProblem[];
  /** Servers whose replication is not CONTINUOUS (stalled, disconnected, initiating …). */
  notReplicating: number;
  lagAboveRpo: number;
  inNoGroup: number;
}

/**
 * Maps each protection group to its RPO: the smallest `rpoSeconds` among the plans whose waves
 * launch it, with the default for a plan that sets none.
 */
export function rpoByGroup(plans: readonly RecoveryPlan[]): Map<string, number> {
  const rpo = new Map<string, number>();
  for (const plan of plans) {
    const planRpo = plan.rpoSeconds ?? DEFAULT_RPO_SECONDS;
    for (const wave of plan.waves) {
      for (const group of wave.protectionGroups) {
        rpo.set(group.id, Math.min(rpo.get(group.id) ?? Number.POSITIVE_INFINITY, planRpo));
      }
    }
  }

  return rpo;
}

/**
 * Checks every source server with the planner's readiness rule (`checkServerReadiness`) against
 * the RPO of its group's plans, and flags servers that belong to no protection group.
 */
export function findReadinessProblems(
  servers: readonly SourceServer[],
  plans: readonly RecoveryPlan[],
): ReadinessSummary {
  const rpoOfGroup = rpoByGroup(plans);
  const problems: ServerProblem[] = [];
  let notReplicating = 0;
  let lagAboveRpo = 0;
  let inNoGroup = 0;

  for (const server of servers) {
    const groupRpo = server.protectionGroup ? rpoOfGroup.get(server.protectionGroup.id) : undefined;
    const rpoSeconds = groupRpo ?? DEFAULT_RPO_SECONDS;
    const warnings = checkServerReadiness(
      {
        sourceServerId: server.sourceServerId,
        hostname: server.hostname ?? undefined,
        dataReplicationState: server.replicationState ?? undefined,
        lagDuration: server.lagDuration ?? undefined,
        lastSeenByServiceDateTime: server.lastSeenAt ?? undefined,
      },
      rpoSeconds,
    );
    const noGroup = server.protectionGroup === null;
    if (warnings.length === 0 && !noGroup) {
      continue;
    }
    problems.push({ server, rpoSeconds, warnings, inNoGroup: noGroup });

    if (
      warnings.some(
        (warning) =>
          warning.problem === ReadinessProblem.ReplicationNotContinuous ||
          warning.problem === ReadinessProblem.Disconnected,
      )
    ) {
      notReplicating += 1;
    }
    if (warnings.some((warning) => warning.problem === ReadinessProblem.LagAboveRpo)) {
      lagAboveRpo += 1;
    }
    if (noGroup) {
      inNoGroup += 1;
    }
  }

  return { problems, notReplicating, lagAboveRpo, inNoGroup };
}

/** Labels a server's problems briefly for a table cell, such as "Lag 750 s above the RPO of 300 s". */
export function problemLabels(problem: ServerProblem): string[] {
  const labels = problem.warnings.map((warning) => {
    switch (warning.problem) {
      case ReadinessProblem.ReplicationNotContinuous:
        return `Replication ${problem.server.replicationState ?? 'unknown'}`;
      case ReadinessProblem.Disconnected:
        return 'Replication agent disconnected';
      case ReadinessProblem.LagAboveRpo: {
        const lag = problem.server.lagSeconds ?? isoDurationToSeconds(problem.server.lagDuration);
        return `Lag ${lag ?? problem.server.lagDuration} s above the RPO of ${problem.rpoSeconds} s`;
      }
      case ReadinessProblem.InOtherDrsJob:
        return 'Already in a DRS launch job';
      default:
        return warning.message;
    }
  });
  if (problem.inNoGroup) {
    labels.push('In no protection group');
  }

  return labels;
}
