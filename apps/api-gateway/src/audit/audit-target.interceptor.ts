import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';

import type { GatewayRequest } from '../common/request-context';

/** Names the resource a call created (its `id` in the response) as the audit record's target. */
@Injectable()
export class AuditTargetInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<GatewayRequest>();

    return next.handle().pipe(
      tap((result: unknown) => {
        const id = (result as { id?: unknown } | null)?.id;
        if (request.audit && request.audit.targetId === null && typeof id === 'string') {
          request.audit.targetId = id;
        }
      }),
    );
  }
}
