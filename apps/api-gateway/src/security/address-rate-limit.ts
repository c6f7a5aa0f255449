import type { NextFunction, Request, Response } from 'express';

import { httpStatusForErrorCode } from '@drs/domain';

import type { ErrorLocals } from '../common/request-context';
import { RateLimiter, RateLimitScope, rateLimited } from './rate-limiter';

/**
 * Counts every request per client address before it is parsed or routed, so that one address
 * cannot flood the API with anonymous or malformed requests. Health probes are not counted.
 */
export function addressRateLimit(
  rateLimiter: RateLimiter,
  exemptPaths: string[],
): (request: Request, response: Response, next: NextFunction) => void {
  const exempt = new Set(exemptPaths.map((path) => `/${path}`));

  return (request, response, next) => {
    if (exempt.has(request.path)) {
      next();
      return;
    }
    const decision = rateLimiter.consume(RateLimitScope.Address, request.ip ?? 'unknown');
    if (decision.allowed) {
      next();
      return;
    }
    const error = rateLimited(RateLimitScope.Address, decision);
    const locals = response.locals as ErrorLocals;
    locals.errorCode = error.code;
    locals.errorMessage = error.message;
    response
      .status(httpStatusForErrorCode(error.code))
      .setHeader('Retry-After', String(decision.retryAfterSeconds))
      .json({
        statusCode: httpStatusForErrorCode(error.code),
        code: error.code,
        message: error.message,
        details: error.details,
      });
  };
}
