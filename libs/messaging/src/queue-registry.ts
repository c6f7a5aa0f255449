import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { QueueName } from '@drs/contracts';

import { BULLMQ_CONNECTION } from './tokens';

/**
 * Kept jobs let a repeated add with the same job id be ignored for a while, which makes the
 * outbox relay safe to repeat; they are trimmed by age so Redis does not grow without bound.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3_600, count: 50_000 },
  removeOnFail: { age: 86_400 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
};

@Injectable()
export class QueueRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
  ) {}

  get(name: QueueName | string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }

    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    for (const [name, queue] of this.queues) {
      try {
        await queue.close();
      } catch (error) {
        this.logger.warn(`queue ${name}: close failed: ${(error as Error).message}`);
      }
    }
  }
}
