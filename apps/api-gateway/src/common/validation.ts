import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';

import { DomainError, ErrorCode } from '@drs/domain';

import type { FieldErrors } from './error-body';

/** Keeps the error body small when a large array has an invalid value in every element. */
const MAX_REPORTED_FIELDS = 100;

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parent}[${property}]`;
  }

  return parent === '' ? property : `${parent}.${property}`;
}

/** Flattens class-validator's tree of errors into one entry per invalid field, in request order. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrors[] {
  const fields: FieldErrors[] = [];
  for (const error of errors) {
    // A value that is not an object at all has no property name; it is the whole body.
    const path = error.property ? childPath(parent, error.property) : parent || 'body';
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) {
      fields.push({ field: path, errors: messages });
    }
    fields.push(...flattenValidationErrors(error.children ?? [], path));
  }

  return fields;
}

export function validationFailed(fields: FieldErrors[]): DomainError {
  const reported = fields.slice(0, MAX_REPORTED_FIELDS);
  const summary = reported
    .slice(0, 3)
    .map((field) => field.errors[0])
    .join('; ');
  const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
  const details: Record<string, unknown> = { fields: reported };
  if (fields.length > reported.length) {
    details.omittedFields = fields.length - reported.length;
  }

  return new DomainError(ErrorCode.ValidationFailed, `Request validation failed: ${summary}${more}`, details);
}

/** The global pipe: strips nothing silently, because an unknown field is an error the caller must see. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message per field: the first rule it breaks, not every rule that follows from it.
    // class-validator checks a property's rules from the last decorator up, so DTOs put the type check last.
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/** Validates an `:id` path parameter; a malformed id is a 400 in the stable body, like any other bad input. */
export const UUID_PARAM_PIPE = new ParseUUIDPipe({
  exceptionFactory: () =>
    validationFailed([
      { field: 'id', errors: ['id must be a UUID, such as 0b7e5a52-2d1c-4c39-9a55-3e1f3c0d2a61'] },
    ]),
});
