import { EntityManager } from 'typeorm';

import { ACTIVE_EXECUTION_STATUSES, DomainError, ErrorCode, ExecutionStatus } from '@drs/domain';

import type { SnapshotServer } from './plan-snapshot';

export interface ActiveExecutionRef {
  executionId: string;
  status: string;
  planName: string;
}

export interface ServerConflict extends ActiveExecutionRef {
  sourceServerId: string;
}

export async function findActiveExecutionOfPlan(
  manager: EntityManager,
  planId: string,
): Promise<ActiveExecutionRef | null> {
  const [row]: Array<{ id: string; status: string; plan_name: string }> = await manager.query(
    `SELECT id, status, plan_name FROM executions
      WHERE plan_id = $1 AND status = ANY($2::text[])
      ORDER BY created_at DESC LIMIT 1`,
    [planId, ACTIVE_EXECUTION_STATUSES],
  );

  return row ? { executionId: row.id, status: row.status, planName: row.plan_name } : null;
}

/**
 * Finds an active execution that already includes one of `servers`. A RUNNING execution lists its
 * servers in execution_servers; a PENDING one has only its plan snapshot until the planner runs,
 * so its explicit members are read from the snapshot.
 * The first of `servers` that is taken is reported, so the result does not change from call to call.
 * NOTE: servers that a tag selector matches are known only once the planner resolves it, so
 * they are not checked here.
 */
export async function findActiveExecutionWithServers(
  manager: EntityManager,
  servers: SnapshotServer[],
): Promise<ServerConflict | null> {
  if (servers.length === 0) {
    return null;
  }
  const parameters = [
    servers.map((server) => server.accountId),
    servers.map((server) => server.region),
    servers.map((server) => server.sourceServerId),
  ];

  const [listed]: Array<Record<string, string>> = await manager.query(
    `SELECT e.id AS execution_id, e.status, e.plan_name, s.source_server_id
       FROM execution_servers s
       JOIN executions e ON e.id = s.execution_id
       JOIN unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
              AS requested(account_id, region, source_server_id, ordinal)
         ON requested.account_id = s.account_id AND requested.region = s.region
        AND requested.source_server_id = s.source_server_id
      WHERE e.status = ANY($4::text[])
      ORDER BY requested.ordinal, e.created_at
      LIMIT 1`,
    [...parameters, ACTIVE_EXECUTION_STATUSES],
  );
  if (listed) {
    return toConflict(listed);
  }

  const [planned]: Array<Record<string, string>> = await manager.query(
    `SELECT e.id AS execution_id, e.status, e.plan_name, member.source_server_id
       FROM executions e
       CROSS JOIN LATERAL jsonb_array_elements(e.plan_snapshot -> 'waves') AS wave
       CROSS JOIN LATERAL jsonb_array_elements(wave -> 'groups') AS grp
       CROSS JOIN LATERAL jsonb_array_elements_text(
         CASE WHEN jsonb_typeof(grp -> 'sourceServerIds') = 'array' THEN grp -> 'sourceServerIds' ELSE '[]'::jsonb END
       ) AS member(source_server_id)
       JOIN unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
              AS requested(account_id, region, source_server_id, ordinal)
         ON requested.account_id = grp ->> 'accountId' AND requested.region = grp ->> 'region'
        AND requested.source_server_id = member.source_server_id
      WHERE e.status = $4
      ORDER BY requested.ordinal, e.created_at
      LIMIT 1`,
    [...parameters, ExecutionStatus.Pending],
  );

  return planned ? toConflict(planned) : null;
}

function toConflict(row: Record<string, string>): ServerConflict {
  return {
    executionId: row.execution_id,
    status: row.status,
    planName: row.plan_name,
    sourceServerId: row.source_server_id,
  };
}

export function planHasActiveExecution(planId: string, active: ActiveExecutionRef): DomainError {
  return new DomainError(
    ErrorCode.PlanHasActiveExecution,
    `Recovery plan "${active.planName}" already has execution ${active.executionId} in status ${active.status}; wait for it to end or cancel it`,
    { planId, executionId: active.executionId, executionStatus: active.status },
  );
}

export function serverInActiveExecution(conflict: ServerConflict): DomainError {
  return new DomainError(
    ErrorCode.ServerInActiveExecution,
    `Source server ${conflict.sourceServerId} is part of execution ${conflict.executionId} of plan "${conflict.planName}", which is ${conflict.status}; wait for it to end`,
    {
      sourceServerId: conflict.sourceServerId,
      executionId: conflict.executionId,
      executionStatus: conflict.status,
      planName: conflict.planName,
    },
  );
}
