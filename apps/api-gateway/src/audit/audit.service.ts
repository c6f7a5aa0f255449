import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditOutcome } from './audit-recorder';
import { AuditRecordList, ListAuditRecordsQuery } from './audit.dto';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor: string | null;
  actor_role: string | null;
  actor_issuer: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  method: string;
  path: string;
  source_address: string;
  outcome: AuditOutcome;
  status_code: number;
  error_code: string | null;
  message: string | null;
  details: Record<string, unknown>;
  total: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first. Filters on actor, action and target are exact matches. */
  async list(query: ListAuditRecordsQuery): Promise<AuditRecordList> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const filter = (column: string, operator: string, value: unknown) => {
      if (value !== undefined) {
        parameters.push(value);
        conditions.push(`${column} ${operator} $${parameters.length}`);
      }
    };
    filter('actor', '=', query.actor);
    filter('action', '=', query.action);
    filter('target_type', '=', query.targetType);
    filter('target_id', '=', query.targetId);
    filter('outcome', '=', query.outcome);
    filter('occurred_at', '>=', query.from);
    filter('occurred_at', '<', query.to);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    parameters.push(query.limit, query.offset);

    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM audit_records ${where}
        ORDER BY id DESC LIMIT $${parameters.length - 1} OFFSET $${parameters.length}`,
      parameters,
    );
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : Number(
            (
              await this.dataSource.query(
                `SELECT count(*) AS total FROM audit_records ${where}`,
                parameters.slice(0, -2),
              )
            )[0].total,
          );

    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actor: row.actor,
        actorRole: row.actor_role,
        actorIssuer: row.actor_issuer,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        method: row.method,
        path: row.path,
        sourceAddress: row.source_address,
        outcome: row.outcome,
        statusCode: row.status_code,
        errorCode: row.error_code,
        message: row.message,
        details: row.details,
      })),
      total,
    };
  }
}
