import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
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
 * How often the counts of this process are added to the shared counters in Redis. Other
 * replicas see this process's requests at most this much later.
 */
export const RATE_LIMIT_SYNC_INTERVAL_MS = 100;

/** One subject's requests in one fixed window, as counted by this process. */
interface WindowCounter {
  redisKey: string;
  window: number;
  /** The shared count that Redis returned at the last sync, which includes this process's synced requests. */
  sharedCount: number;
  /** Requests counted here since the last sync that Redis has not seen yet. */
  unsynced: number;
}

/**
 * Fixed-window request counters. Each process counts in memory and adds its counts to shared
 * counters in Redis every RATE_LIMIT_SYNC_INTERVAL_MS, so that every replica of the API counts
 * together without a Redis round trip per request.
 *
 * With one gateway process the limits hold exactly, because its own count is always complete.
 * With N processes, a subject can exceed a limit by what the other processes accepted since
 * their last sync, that is by at most (N - 1) times its requests in one sync interval. Sign-ins
 * are rare and guard passwords, so `consumeSignIn` counts them in Redis directly and holds
 * across replicas exactly. When Redis does not respond, each process still enforces every
 * limit on its own counts and logs a warning once per window.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private lastWarningWindow = -1;
  private readonly counters = new Map<string, WindowCounter>();
  private readonly syncTimer: NodeJS.Timeout;
  private syncing: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly redis: Redis,
  ) {
    this.syncTimer = setInterval(() => void this.sync(), RATE_LIMIT_SYNC_INTERVAL_MS);
    this.syncTimer.unref();
  }

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

  /**
   * Counts one request of `subject` in `scope` and returns whether it stays within the limit,
   * without waiting for Redis. Rejected requests count too, as they did with Redis alone.
   */
  consume(scope: RateLimitScope, subject: string): RateLimitDecision {
    const limit = this.limitOf(scope);
    const { window, retryAfterSeconds } = this.currentWindow();
    const counter = this.counterOf(scope, subject, window);
    counter.unsynced += 1;

    return { allowed: counter.sharedCount + counter.unsynced <= limit, limit, retryAfterSeconds };
  }

  /** Counts one sign-in attempt of `address` in Redis at once, so the limit is exact across replicas. */
  async consumeSignIn(address: string): Promise<RateLimitDecision> {
    const limit = this.limitOf(RateLimitScope.SignIn);
    const { window, retryAfterSeconds } = this.currentWindow();
    const counter = this.counterOf(RateLimitScope.SignIn, address, window);
    counter.unsynced += 1;
    await this.sync();

    return { allowed: counter.sharedCount + counter.unsynced <= limit, limit, retryAfterSeconds };
  }

  onModuleDestroy(): void {
    clearInterval(this.syncTimer);
  }

  /**
   * Adds the unsynced counts to Redis in one pipeline and stores the shared totals it returns.
   * A sync that starts while another runs waits for it and then runs, so a caller that awaits
   * it always finds its own count in Redis.
   */
  async sync(): Promise<void> {
    while (this.syncing !== null) {
      await this.syncing;
    }
    this.syncing = this.syncOnce().finally(() => {
      this.syncing = null;
    });
    await this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const { window } = this.currentWindow();
    const pending: Array<{ counter: WindowCounter; sent: number }> = [];
    for (const [key, counter] of this.counters) {
      if (counter.window < window && counter.unsynced === 0) {
        this.counters.delete(key);
      } else if (counter.unsynced > 0) {
        pending.push({ counter, sent: counter.unsynced });
      }
    }
    if (pending.length === 0) {
      return;
    }

    const windowMs = this.windowMs();
    const pipeline = this.redis.multi();
    for (const { counter, sent } of pending) {
      pipeline.incrby(counter.redisKey, sent).pexpire(counter.redisKey, windowMs * 2);
    }
    let results: Array<[Error | null, unknown]> | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      this.warnOnce(window, (error as Error).message);
      this.dropEndedWindows(pending, window);
      return;
    }
    pending.forEach(({ counter, sent }, index) => {
      const [error, total] = results?.[index * 2] ?? [new Error('no reply'), null];
      if (error !== null) {
        this.warnOnce(window, error.message);
        return;
      }
      counter.unsynced -= sent;
      counter.sharedCount = Number(total);
    });
  }

  /**
   * Forgets unsynced counts of windows that have ended while Redis did not respond; they can no
   * longer affect a decision. Counts of the current window are kept and sent at the next sync.
   */
  private dropEndedWindows(pending: Array<{ counter: WindowCounter }>, window: number): void {
    for (const { counter } of pending) {
      if (counter.window < window) {
        counter.unsynced = 0;
      }
    }
  }

  private warnOnce(window: number, reason: string): void {
    if (this.lastWarningWindow !== window) {
      this.lastWarningWindow = window;
      this.logger.warn(`rate limits are counted per process only: Redis did not respond: ${reason}`);
    }
  }

  private counterOf(scope: RateLimitScope, subject: string, window: number): WindowCounter {
    const key = `${scope} ${window} ${subject}`;
    let counter = this.counters.get(key);
    if (counter === undefined) {
      // Hashed, so that names and addresses do not appear in Redis keys.
      const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
      counter = {
        redisKey: `${this.config.queuePrefix}:rate:${scope}:${digest}:${window}`,
        window,
        sharedCount: 0,
        unsynced: 0,
      };
      this.counters.set(key, counter);
    }

    return counter;
  }

  private windowMs(): number {
    return this.config.rateLimit.windowSeconds * 1000;
  }

  private currentWindow(): { window: number; retryAfterSeconds: number } {
    const windowMs = this.windowMs();
    const now = Date.now();
    const window = Math.floor(now / windowMs);

    return { window, retryAfterSeconds: Math.ceil(((window + 1) * windowMs - now) / 1000) };
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
