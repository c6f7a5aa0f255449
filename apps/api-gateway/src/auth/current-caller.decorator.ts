import { createParamDecorator, ExecutionContext } from '@nestjs/common';

import type { Caller } from '@drs/auth';

import type { GatewayRequest } from '../common/request-context';

/** The verified caller of a route that carries `RequireRole`; the guard has set it. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<GatewayRequest>().caller;
  if (!caller) {
    // Only a route marked Public can get here without a caller, and such a route has no caller to read.
    throw new Error('CurrentCaller used on a route without RequireRole');
  }

  return caller;
});
