/**
 * What a failed DRS call means for the orchestrator, decided by the SDK error's name and HTTP
 * status, never by its message text.
 */
export enum DrsFailureKind {
  /** A server is already in an active job (ConflictException); retry later. */
  Conflict = 'CONFLICT',
  /** ThrottlingException; wait `retryAfterSeconds` before the next call to this account and Region. */
  Throttled = 'THROTTLED',
  /** ServiceQuotaExceededException: too many jobs or servers in flight. */
  QuotaExceeded = 'QUOTA_EXCEEDED',
  /** The request itself is wrong (ValidationException, ResourceNotFoundException); retrying will not help. */
  Rejected = 'REJECTED',
  /** The account is not initialized for DRS or the credentials may not call it. */
  AccessDenied = 'ACCESS_DENIED',
  /** 5xx, timeout, reset connection: the request may or may not have taken effect. */
  Unknown = 'UNKNOWN',
}

export class DrsCallError extends Error {
  constructor(
    readonly kind: DrsFailureKind,
    readonly operation: string,
    message: string,
    readonly details: {
      errorName: string;
      httpStatusCode?: number;
      resourceId?: string;
      quotaCode?: string;
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
    this.name = 'DrsCallError';
  }
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  resourceId?: string;
  quotaCode?: string;
  retryAfterSeconds?: string | number;
  $metadata?: { httpStatusCode?: number };
}

function parseRetryAfter(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds;
  }
  // Retry-After may also be an HTTP date.
  const date = Date.parse(String(value));

  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export function classifyDrsError(operation: string, error: unknown): DrsCallError {
  const sdk = (error ?? {}) as SdkErrorShape;
  const errorName = sdk.name ?? 'Error';
  const httpStatusCode = sdk.$metadata?.httpStatusCode;
  const details = {
    errorName,
    httpStatusCode,
    resourceId: sdk.resourceId,
    quotaCode: sdk.quotaCode,
    retryAfterSeconds: parseRetryAfter(sdk.retryAfterSeconds),
  };
  const message = `${operation} failed: ${errorName}${sdk.message ? `: ${sdk.message}` : ''}`;

  switch (errorName) {
    case 'ConflictException':
      return new DrsCallError(DrsFailureKind.Conflict, operation, message, details);
    case 'ThrottlingException':
      return new DrsCallError(DrsFailureKind.Throttled, operation, message, details);
    case 'ServiceQuotaExceededException':
      return new DrsCallError(DrsFailureKind.QuotaExceeded, operation, message, details);
    case 'ValidationException':
    case 'ResourceNotFoundException':
      return new DrsCallError(DrsFailureKind.Rejected, operation, message, details);
    case 'AccessDeniedException':
    case 'UninitializedAccountException':
      return new DrsCallError(DrsFailureKind.AccessDenied, operation, message, details);
  }
  if (httpStatusCode === 429) {
    return new DrsCallError(DrsFailureKind.Throttled, operation, message, details);
  }
  if (httpStatusCode !== undefined && httpStatusCode >= 400 && httpStatusCode < 500) {
    return new DrsCallError(DrsFailureKind.Rejected, operation, message, details);
  }

  return new DrsCallError(DrsFailureKind.Unknown, operation, message, details);
}
