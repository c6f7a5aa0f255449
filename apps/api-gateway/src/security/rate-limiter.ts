import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { DomainError, ErrorCode } from '@drs/domain';
import { BULLMQ_CONNECTION } from '@drs/messaging';

export enum RateLimitScope {
  Address = 'address',
  User = 'user',
  SignIn = 'sign-in',
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window request counters in Redis, so that every replica of the API counts together.
 * When Redis does not respond, requests are let through and a warning is logged once per window,
 * because Redis being down should not lock operators out in the middle of a recovery.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private lastWarningWindow = -1;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly redis: Redis,
  ) {}

  limitOf(scope: RateLimitScope): number {
    const settings = this.config.rateLimit;
    switch (scope) {
      case RateLimitScope.Address:
        return settings.maxRequestsPerAddress;
      case RateLimitScope.User:
        return settings.maxRequestsPerUser;
      case RateLimitScope.SignIn:
        return settings.maxSignInsPerAddress;
    }
  }

  /** Counts one request of `subject` in `scope` and returns whether it stays within the limit. */
  async consume(scope: RateLimitScope, subject: string): Promise<RateLimitDecision> {
    const limit = this.limitOf(scope);
    const windowMs = this.config.rateLimit.windowSeconds * 1000;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const retryAfterSeconds = Math.ceil(((window + 1) * windowMs - now) / 1000);
    // Hashed, so that names and addresses do not appear in Redis keys.
    const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
    const key = `${this.config.queuePrefix}:rate:${scope}:${digest}:${window}`;

    try {
      const results = await this.redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs * 2)
        .exec();
      const count = Number(results?.[0]?.[1] ?? 0);

      return { allowed: count <= limit, limit, retryAfterSeconds };
    } catch (error) {
      if (this.lastWarningWindow !== window) {
        this.lastWarningWindow = window;
        this.logger.warn(`rate limits are not enforced: Redis did not respond: ${(error as Error).message}`);
      }

      return { allowed: true, limit, retryAfterSeconds };
    }
  }
}

export function rateLimited(scope: RateLimitScope, decision: RateLimitDecision): DomainError {
  const limitedParty =
    scope === RateLimitScope.User
      ? 'this user'
      : scope === RateLimitScope.SignIn
        ? 'sign-ins from this address'
        : 'this address';

  return new DomainError(
    ErrorCode.RateLimited,
    `Too many requests for ${limitedParty}: the limit is ${decision.limit} per window; retry in ${decision.retryAfterSeconds} s`,
    { scope, limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds },
  );
}
