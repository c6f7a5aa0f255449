import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { BULLMQ_CONNECTION } from '@drs/messaging';

/** Used when DRS throttles without a Retry-After value. */
const DEFAULT_THROTTLE_SECONDS = 5;

/**
 * Pauses every launcher for one account and Region after a ThrottlingException. The pause lives
 * in Redis so all launcher replicas honour it; SDK 3.523.0 ignores a numeric Retry-After, so we
 * read it ourselves.
 */
@Injectable()
export class ThrottleGate {
  private readonly logger = new Logger(ThrottleGate.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly redis: Redis,
  ) {}

  async pause(accountId: string, region: string, retryAfterSeconds: number | undefined): Promise<number> {
    const pauseMs = Math.ceil((retryAfterSeconds ?? DEFAULT_THROTTLE_SECONDS) * 1000);
    const key = this.key(accountId, region);
    const remaining = await this.redis.pttl(key);
    if (remaining < pauseMs) {
      await this.redis.set(key, String(Date.now() + pauseMs), 'PX', Math.max(1, pauseMs));
      this.logger.warn(`${accountId}/${region}: DRS throttled; launches paused for ${pauseMs} ms`);
    }

    return Math.max(remaining, pauseMs);
  }

  /** Milliseconds until launches to this account and Region may resume; 0 when not paused. */
  async remainingMs(accountId: string, region: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key(accountId, region)));
  }

  private key(accountId: string, region: string): string {
    return `${this.config.queuePrefix}:drs-throttle:${accountId}/${region}`;
  }
}
