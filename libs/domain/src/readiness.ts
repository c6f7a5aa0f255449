import { isoDurationToSeconds } from './iso-duration';

/** What the planner knows about one source server when it checks readiness. */
export interface ServerReadinessInput {
  sourceServerId: string;
  hostname?: string;
  dataReplicationState?: string;
  lagDuration?: string;
  dataReplicationError?: string;
  lastLaunchResult?: string;
  lastSeenByServiceDateTime?: string;
}

export enum ReadinessProblem {
  ReplicationNotContinuous = 'REPLICATION_NOT_CONTINUOUS',
  Disconnected = 'DISCONNECTED',
  LagAboveRpo = 'LAG_ABOVE_RPO',
  InOtherDrsJob = 'IN_OTHER_DRS_JOB',
  ServerNotFound = 'SERVER_NOT_FOUND',
}

export interface ReadinessWarning {
  sourceServerId: string;
  hostname?: string;
  problem: ReadinessProblem;
  message: string;
}

/**
 * Returns the readiness warnings of one server. A warning does not stop the launch: DRS launches
 * from the most recent point in time it holds, and the operator decides whether that is enough.
 */
export function checkServerReadiness(server: ServerReadinessInput, rpoSeconds: number): ReadinessWarning[] {
  const warnings: ReadinessWarning[] = [];
  const name = server.hostname ? `${server.hostname} (${server.sourceServerId})` : server.sourceServerId;
  const warn = (problem: ReadinessProblem, message: string) =>
    warnings.push({ sourceServerId: server.sourceServerId, hostname: server.hostname, problem, message });
  const state = server.dataReplicationState;
  const lagSeconds = isoDurationToSeconds(server.lagDuration);

  if (state === 'DISCONNECTED') {
    const lastSeen = server.lastSeenByServiceDateTime
      ? `, last seen ${server.lastSeenByServiceDateTime}`
      : '';
    warn(
      ReadinessProblem.Disconnected,
      `${name}: replication agent is disconnected${lastSeen}; a launch uses data up to ${server.lagDuration ?? 'an unknown'} old`,
    );
  } else if (state !== undefined && state !== 'CONTINUOUS') {
    const error = server.dataReplicationError ? ` (${server.dataReplicationError})` : '';
    warn(
      ReadinessProblem.ReplicationNotContinuous,
      `${name}: replication is ${state}${error}, not CONTINUOUS`,
    );
  }

  if (lagSeconds !== null && lagSeconds > rpoSeconds) {
    warn(
      ReadinessProblem.LagAboveRpo,
      `${name}: replication lag ${server.lagDuration} (${lagSeconds} s) exceeds the plan's RPO of ${rpoSeconds} s`,
    );
  }

  if (server.lastLaunchResult === 'PENDING') {
    warn(
      ReadinessProblem.InOtherDrsJob,
      `${name}: already in a DRS launch job; its launch waits until that job ends`,
    );
  }

  return warnings;
}

export function missingServerWarning(sourceServerId: string, groupName: string): ReadinessWarning {
  return {
    sourceServerId,
    problem: ReadinessProblem.ServerNotFound,
    message: `${sourceServerId}: member of group "${groupName}" but not found in DRS; it is left out of this execution`,
  };
}
