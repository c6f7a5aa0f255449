import { SetMetadata } from '@nestjs/common';

import { Role } from '@drs/domain';

export const REQUIRED_ROLE = 'drs:required-role';
export const PUBLIC_ROUTE = 'drs:public-route';

/** The least role a caller needs for this route. Every route carries it or `Public`. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** A route open to anonymous callers: health, the OpenAPI document and sign-in only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
