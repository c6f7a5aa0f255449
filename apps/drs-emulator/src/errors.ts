import { JsonValue } from './json';
import { FieldViolation, describeViolations } from './validation';

/** The exceptions of the DRS model, plus the two errors the emulator returns outside the model. */
export type DrsExceptionName =
  | 'ValidationException'
  | 'UninitializedAccountException'
  | 'ServiceQuotaExceededException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'ThrottlingException'
  | 'InternalServerException'
  | 'UnknownOperationException'
  | 'NotImplementedException';

export type ValidationReason = 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other';

/**
 * Kinds of resource named by `resourceType` in ConflictException and ResourceNotFoundException.
 * DRS documents no values for this member; these are the emulator's.
 */
export type DrsResourceType =
  | 'SOURCE_SERVER'
  | 'RECOVERY_INSTANCE'
  | 'JOB'
  | 'RECOVERY_SNAPSHOT'
  | 'LAUNCH_ACTION'
  | 'LAUNCH_CONFIGURATION_TEMPLATE';

/** HTTP statuses of the two exceptions that the DRS model does not define. */
export const UNMODELLED_EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  UnknownOperationException: 404,
  NotImplementedException: 501,
};

/**
 * An error response of the DRS API. The server takes the HTTP status from the exception's shape in
 * the model and writes `members` into the body, except header-bound members such as
 * `retryAfterSeconds`, which become the `Retry-After` header.
 */
export class DrsApiError extends Error {
  constructor(
    readonly exceptionName: DrsExceptionName,
    message: string,
    readonly members: Record<string, JsonValue | undefined> = {},
  ) {
    super(message);
    this.name = exceptionName;
  }
}

export function validationError(violations: FieldViolation[]): DrsApiError {
  return new DrsApiError('ValidationException', describeViolations(violations), {
    reason: 'fieldValidationFailed',
    fieldList: violations.map((violation) => ({ name: violation.name, message: violation.message })),
  });
}

export function requestValidationError(reason: ValidationReason, message: string): DrsApiError {
  return new DrsApiError('ValidationException', message, { reason });
}

/** Builds the ValidationException for a well-formed request that the current state does not allow, such as ReverseReplication of an on-premises server. */
export function invalidRequestError(fieldName: string, fieldMessage: string): DrsApiError {
  return new DrsApiError('ValidationException', `Invalid request: ${fieldName} ${fieldMessage}.`, {
    reason: 'other',
    fieldList: [{ name: fieldName, message: fieldMessage }],
  });
}

export function uninitializedAccountError(accountID: string, region: string): DrsApiError {
  return new DrsApiError(
    'UninitializedAccountException',
    `Account ${accountID} is not initialized for Elastic Disaster Recovery in ${region}. ` +
      'Load a scenario that contains this account and Region, or sign with another access key or Region.',
  );
}

export function conflictError(
  message: string,
  resourceId: string,
  resourceType: DrsResourceType,
): DrsApiError {
  return new DrsApiError('ConflictException', message, { resourceId, resourceType });
}

export function resourceNotFoundError(
  message: string,
  resourceId: string,
  resourceType: DrsResourceType,
): DrsApiError {
  return new DrsApiError('ResourceNotFoundException', message, { resourceId, resourceType });
}

export function serviceQuotaExceededError(
  message: string,
  quotaCode: string,
  resource?: { resourceId: string; resourceType: DrsResourceType },
): DrsApiError {
  return new DrsApiError('ServiceQuotaExceededException', message, {
    quotaCode,
    serviceCode: 'drs',
    resourceId: resource?.resourceId,
    resourceType: resource?.resourceType,
  });
}

export function accessDeniedError(accessKeyId: string, operationName: string): DrsApiError {
  return new DrsApiError(
    'AccessDeniedException',
    `Access key ${accessKeyId} is not authorized to perform drs:${operationName}. ` +
      'The emulator denies this key through its control API (POST /__emulator/access).',
  );
}

export function throttlingError(message: string, retryAfterSeconds: number): DrsApiError {
  return new DrsApiError('ThrottlingException', message, {
    quotaCode: undefined,
    serviceCode: 'drs',
    retryAfterSeconds: String(retryAfterSeconds),
  });
}

export function internalServerError(message: string, retryAfterSeconds: number): DrsApiError {
  return new DrsApiError('InternalServerException', message, { retryAfterSeconds });
}

export function unknownOperationError(method: string, path: string): DrsApiError {
  return new DrsApiError(
    'UnknownOperationException',
    `No DRS operation is bound to ${method} ${path}. Check the endpoint URL and the operation name.`,
  );
}

export function notImplementedError(operationName: string): DrsApiError {
  return new DrsApiError(
    'NotImplementedException',
    `The DRS emulator does not implement ${operationName} yet. See apps/drs-emulator/README.md for the emulated operations.`,
  );
}
