import type { Request } from 'express';

import type { Caller } from '@drs/auth';

/** What the audit trail records about the route a request reached; set by the auth guard. */
export interface AuditContext {
  /** Controller path and handler, such as `executions.start`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The name a caller gave at sign-in, for a request that carries no token. */
  claimedActor?: string;
  /** Request fields worth keeping, such as the plan and mode of a start; never a secret. */
  details: Record<string, unknown>;
}

export interface GatewayRequest extends Request {
  caller?: Caller;
  audit?: AuditContext;
}

/** Set by the exception filter and the middlewares that answer errors, for the audit trail. */
export interface ErrorLocals {
  errorCode?: string;
  errorMessage?: string;
}
