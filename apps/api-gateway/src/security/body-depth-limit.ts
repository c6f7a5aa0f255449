import type { NextFunction, Request, Response } from 'express';

import { DomainError, ErrorCode } from '@drs/domain';

/**
 * Deep enough for any body the API defines (a plan nests four levels). class-transformer and
 * class-validator recurse once per level, so a deeply nested body would exhaust the stack.
 */
export const MAX_BODY_DEPTH = 32;

/** Depth of nested arrays and objects in a parsed JSON value, counted without recursion. */
function depthExceeds(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth + 1 > maxDepth) {
      return true;
    }
    for (const child of Object.values(current)) {
      pending.push({ value: child, depth: depth + 1 });
    }
  }

  return false;
}

/** Rejects a parsed body nested deeper than MAX_BODY_DEPTH with a 400 through the error boundary. */
export function bodyDepthLimit(): (request: Request, response: Response, next: NextFunction) => void {
  return (request, _response, next) => {
    if (depthExceeds(request.body, MAX_BODY_DEPTH)) {
      next(
        new DomainError(
          ErrorCode.ValidationFailed,
          `Request body is nested deeper than ${MAX_BODY_DEPTH} levels; no request of this API needs that`,
          { maxDepth: MAX_BODY_DEPTH },
        ),
      );
      return;
    }
    next();
  };
}
