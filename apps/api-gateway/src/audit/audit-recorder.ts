import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';

import type { ErrorLocals, GatewayRequest } from '../common/request-context';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REFUSED_ACCESS_STATUSES = new Set([401, 403]);

export enum AuditOutcome {
  Accepted = 'ACCEPTED',
  Refused = 'REFUSED',
  Failed = 'FAILED',
}

function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode >= 500) {
    return AuditOutcome.Failed;
  }

  return statusCode >= 400 ? AuditOutcome.Refused : AuditOutcome.Accepted;
}

/** Postgres text and jsonb cannot hold NUL characters, which a caller may send in any field. */
function withoutNul(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : value.split('\u0000').join('');
}

function detailsWithoutNul(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      key,
      typeof value === 'string' ? withoutNul(value) : value,
    ]),
  );
}

/**
 * Names the resource a write created (the `id` of its response body) as the audit record's target.
 * Nest sends a handler's result with `response.json`, so the wrapper receives the value that a
 * global interceptor would. An interceptor ran its Observable pipeline on every request, reads
 * included, and took about 8% of the gateway's CPU in a profile of execution reads.
 */
function captureCreatedTarget(request: GatewayRequest, response: Response): void {
  const send = response.json.bind(response);
  response.json = ((body: unknown) => {
    const id = (body as { id?: unknown } | null)?.id;
    if (response.statusCode < 400 && request.audit?.targetId === null && typeof id === 'string') {
      request.audit.targetId = id;
    }

    return send(body);
  }) as Response['json'];
}

/** Returns the path without its query string, which may contain anything a caller typed. */
function pathOf(request: Request): string {
  return request.originalUrl.split('?')[0].slice(0, 500);
}

/**
 * Writes one audit record per mutating call (any method but GET, HEAD and OPTIONS) and per read
 * rejected with 401 or 403. The record is written once the response is sent, so rejections by
 * the guard, the validation pipe or a middleware are on record too.
 * NOTE: the record is written after the response; if Postgres fails at that moment the call is
 * only in the log (as an error). Writing it in the transaction of the change would close that gap.
 */
@Injectable()
export class AuditRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditRecorder.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  middleware(): (request: Request, response: Response, next: NextFunction) => void {
    return (request, response, next) => {
      if (!READ_METHODS.has(request.method)) {
        captureCreatedTarget(request as GatewayRequest, response);
      }
      response.once('finish', () => {
        if (READ_METHODS.has(request.method) && !REFUSED_ACCESS_STATUSES.has(response.statusCode)) {
          return;
        }
        const write = this.record(request as GatewayRequest, response).finally(() =>
          this.pending.delete(write),
        );
        this.pending.add(write);
      });
      next();
    };
  }

  /** Resolves once every record started so far is written; tests and shutdown wait for it. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async record(request: GatewayRequest, response: Response): Promise<void> {
    const audit = request.audit;
    const caller = request.caller;
    const locals = response.locals as ErrorLocals;
    const statusCode = response.statusCode;
    const path = pathOf(request);
    const action = audit?.action ?? `${request.method} unknown route`;
    try {
      await this.dataSource.query(
        `INSERT INTO audit_records
           (actor, actor_role, actor_issuer, action, target_type, target_id, method, path, source_address,
            outcome, status_code, error_code, message, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          withoutNul(caller?.name ?? audit?.claimedActor),
          caller?.role ?? null,
          caller?.issuer ?? null,
          action,
          audit?.targetType ?? null,
          withoutNul(audit?.targetId),
          request.method.slice(0, 16),
          withoutNul(path),
          request.ip ?? 'unknown',
          outcomeOf(statusCode),
          statusCode,
          locals.errorCode ?? null,
          statusCode >= 400 ? withoutNul(locals.errorMessage?.slice(0, 1_000)) : null,
          detailsWithoutNul(audit?.details ?? {}),
        ],
      );
    } catch (error) {
      this.logger.error(
        `audit record of ${action} by ${caller?.name ?? 'anonymous'} (${statusCode}) was not written: ${(error as Error).message}`,
      );
    }
  }
}
