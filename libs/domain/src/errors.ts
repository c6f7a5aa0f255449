/**
 * Every failure the orchestrator reports to a caller has one of these codes. The mapping to an
 * HTTP status is an exhaustive switch, so a new code does not compile until it has a status.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  GroupNameTaken = 'GROUP_NAME_TAKEN',
  ServerInOtherGroup = 'SERVER_IN_OTHER_GROUP',
  GroupInUse = 'GROUP_IN_USE',
  PlanNameTaken = 'PLAN_NAME_TAKEN',
  PlanHasCycle = 'PLAN_HAS_CYCLE',
  PlanInvalid = 'PLAN_INVALID',
  PlanHasActiveExecution = 'PLAN_HAS_ACTIVE_EXECUTION',
  PlanInUse = 'PLAN_IN_USE',
  ServerInActiveExecution = 'SERVER_IN_ACTIVE_EXECUTION',
  ExecutionNotCleanable = 'EXECUTION_NOT_CLEANABLE',
  /** A run-control action that the execution's current state does not allow. */
  InvalidExecutionState = 'INVALID_EXECUTION_STATE',
  UnknownDrsTarget = 'UNKNOWN_DRS_TARGET',
  DrsUnavailable = 'DRS_UNAVAILABLE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  RateLimited = 'RATE_LIMITED',
  ConfirmationRequired = 'CONFIRMATION_REQUIRED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

export interface ErrorDetails {
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function httpStatusForErrorCode(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.UnknownDrsTarget:
      return 400;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.GroupNameTaken:
    case ErrorCode.ServerInOtherGroup:
    case ErrorCode.GroupInUse:
    case ErrorCode.PlanNameTaken:
    case ErrorCode.PlanHasActiveExecution:
    case ErrorCode.PlanInUse:
    case ErrorCode.ServerInActiveExecution:
    case ErrorCode.ExecutionNotCleanable:
    case ErrorCode.InvalidExecutionState:
      return 409;
    case ErrorCode.PlanHasCycle:
    case ErrorCode.PlanInvalid:
    case ErrorCode.ConfirmationRequired:
      return 422;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.DrsUnavailable:
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
  }
}
