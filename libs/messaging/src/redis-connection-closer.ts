import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { BULLMQ_CONNECTION } from './tokens';

/**
 * Closes the shared Redis connection after the queues have closed (they close in
 * onModuleDestroy but leave a connection they were given open, which keeps the process alive).
 */
@Injectable()
export class RedisConnectionCloser implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnectionCloser.name);

  constructor(@Inject(BULLMQ_CONNECTION) private readonly connection: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.connection.status === 'end') {
      return;
    }
    try {
      await this.connection.quit();
    } catch (error) {
      this.logger.warn(`closing the shared Redis connection failed: ${(error as Error).message}`);
      this.connection.disconnect();
    }
  }
}
