import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse } from '@nestjs/swagger';

import { Role } from '@drs/domain';

import { ErrorBody } from '../common/error-body';

export const REQUIRED_ROLE = 'drs:required-role';
export const PUBLIC_ROUTE = 'drs:public-route';
/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/**
 * The least role a caller needs for this route. Every route carries it or `Public`; the global
 * guard closes a route that carries neither. Also documents the bearer token and the role.
 */
export const RequireRole = (role: Role) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-required-role', role),
    ApiResponse({
      status: 401,
      description: 'No bearer token, or one that is expired or not trusted (UNAUTHENTICATED)',
      type: ErrorBody,
    }),
    ApiResponse({ status: 403, description: `Needs role ${role} or higher (FORBIDDEN)`, type: ErrorBody }),
    ApiResponse({ status: 429, description: 'Too many requests (RATE_LIMITED)', type: ErrorBody }),
  );

/** A route open to anonymous callers: health, the OpenAPI document, sign-in, its providers and the JWKS only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
