import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

import { ErrorBody } from './error-body';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, UNKNOWN_DRS_TARGET); nothing was changed',
  404: 'No such resource (NOT_FOUND)',
  409: 'Conflicts with the current state; the body names what it conflicts with',
  422: 'The plan is well-formed but cannot be used (PLAN_HAS_CYCLE, PLAN_INVALID), or a confirmation is missing (CONFIRMATION_REQUIRED)',
  503: 'A dependency such as DRS did not respond (DRS_UNAVAILABLE)',
};

/** Documents the error responses of a route; all of them have the `ErrorBody` shape. */
export function ApiErrorResponses(...statuses: Array<keyof typeof DESCRIPTIONS>): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBody })),
  );
}
