import { EntityManager } from 'typeorm';

import type { ExecutionView } from '@drs/contracts';

/** Formats a timestamptz column as `Date.prototype.toISOString` does (UTC, milliseconds, `Z`), or null. */
function isoColumn(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Builds the whole view in Postgres as one JSON value. One statement reads one snapshot, so the
 * rows and `lastEventSeq` always agree, and the API and the status service skip entity mapping
 * and date parsing for every server, which dominated the cost of reading a large execution.
 */
const EXECUTION_VIEW_SQL = `
  SELECT json_build_object(
    'id', e.id,
    'planId', e.plan_id,
    'planName', e.plan_name,
    'planVersion', e.plan_version,
    'mode', e.mode,
    'status', e.status,
    'statusReason', e.status_reason,
    'cleanupStatus', e.cleanup_status,
    'createdAt', ${isoColumn('e.created_at')},
    'startedAt', ${isoColumn('e.started_at')},
    'endedAt', ${isoColumn('e.ended_at')},
    'readinessWarnings', e.readiness_warnings,
    'lastEventSeq', e.last_event_seq,
    'waves', COALESCE(waves.list, '[]'::json)
  ) AS view
  FROM executions e
  LEFT JOIN LATERAL (
    SELECT json_agg(
      json_build_object(
        'name', w.name,
        'position', w.position,
        'launchOrder', w.launch_order,
        'dependsOn', w.depends_on,
        'failurePolicy', w.failure_policy,
        'status', w.status,
        'statusReason', w.status_reason,
        'startedAt', ${isoColumn('w.started_at')},
        'endedAt', ${isoColumn('w.ended_at')},
        'servers', COALESCE(servers.list, '[]'::json)
      )
      ORDER BY w.position
    ) AS list
    FROM wave_runs w
    LEFT JOIN LATERAL (
      SELECT json_agg(
        json_build_object(
          'sourceServerId', s.source_server_id,
          'hostname', s.hostname,
          'accountId', s.account_id,
          'region', s.region,
          'osFamily', s.os_family,
          'groupName', s.group_name,
          'status', s.status,
          'attempt', s.attempt,
          'drsJobId', s.drs_job_id,
          'recoveryInstanceId', s.recovery_instance_id,
          'failureReason', s.failure_reason,
          'launchRequestedAt', ${isoColumn('s.launch_requested_at')},
          'launchStartedAt', ${isoColumn('s.launch_started_at')},
          'launchEndedAt', ${isoColumn('s.launch_ended_at')},
          'instanceTerminatedAt', ${isoColumn('s.instance_terminated_at')}
        )
        ORDER BY s.position
      ) AS list
      FROM execution_servers s
      WHERE s.wave_run_id = w.id AND s.execution_id = e.id
    ) servers ON true
    WHERE w.execution_id = e.id
  ) waves ON true
  WHERE e.id = $1`;

/** Loads an execution with its waves and servers, all from one snapshot of the database. */
export async function loadExecutionView(
  manager: EntityManager,
  executionId: string,
): Promise<ExecutionView | null> {
  const rows: Array<{ view: ExecutionView }> = await manager.query(EXECUTION_VIEW_SQL, [executionId]);

  return rows.length === 0 ? null : rows[0].view;
}

/**
 * Loads the execution view and its event sequence from one consistent snapshot of the database.
 * The view is one statement, which Postgres runs on one snapshot at any isolation level.
 */
export async function loadConsistentExecutionView(
  manager: EntityManager,
  executionId: string,
): Promise<ExecutionView | null> {
  return loadExecutionView(manager, executionId);
}

/**
 * A fingerprint of every row the view is built from: the execution and its wave and server rows,
 * each by id and `xmin`. Postgres gives every new row version the id of the transaction that
 * wrote it, so any insert, update or delete of those rows changes the fingerprint, whether or not
 * the writer appended an event. `$1` is the execution id.
 */
const EXECUTION_VIEW_VERSION_SQL = `
  SELECT md5(concat_ws(';',
    e.xmin::text,
    e.last_event_seq::text,
    (SELECT string_agg(w.id::text || '@' || w.xmin::text, ',' ORDER BY w.id)
       FROM wave_runs w WHERE w.execution_id = e.id),
    (SELECT string_agg(s.id::text || '@' || s.xmin::text, ',' ORDER BY s.id)
       FROM execution_servers s WHERE s.execution_id = e.id)
  )) AS version
  FROM executions e
  WHERE e.id = $1`;

/** The view as Postgres wrote it, with the fingerprint of the rows it was built from. */
export interface ExecutionViewText {
  /** The JSON text of an `ExecutionView`. */
  json: string;
  version: string;
}

/**
 * Loads the execution view as JSON text, skipping the parse into objects, together with its
 * fingerprint. Both come from the one snapshot of a single statement, so they always agree.
 */
export async function loadExecutionViewText(
  manager: EntityManager,
  executionId: string,
): Promise<ExecutionViewText | null> {
  const rows: Array<{ json: string; version: string }> = await manager.query(
    `WITH built AS (${EXECUTION_VIEW_SQL})
     SELECT built.view::text AS json, (${EXECUTION_VIEW_VERSION_SQL}) AS version FROM built`,
    [executionId],
  );

  return rows.length === 0 ? null : rows[0];
}

/**
 * Returns the fingerprint that `loadExecutionViewText` would return now, or null when the
 * execution does not exist. It reads only row headers and ids, far less than building the view.
 */
export async function loadExecutionViewVersion(
  manager: EntityManager,
  executionId: string,
): Promise<string | null> {
  const rows: Array<{ version: string }> = await manager.query(EXECUTION_VIEW_VERSION_SQL, [executionId]);

  return rows.length === 0 ? null : rows[0].version;
}
