import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { ExecutionJobPayload, PlannerJob, QueueName } from '@drs/contracts';
import { DrsAdapter, DrsCallError } from '@drs/drs-adapter';
import { BULLMQ_CONNECTION, parseJobPayload, QueueRegistry, QueueWorkerHost } from '@drs/messaging';

import { ExecutionAdvancer } from './execution-advancer.service';
import { ExecutionStarter } from './execution-starter.service';
import { Reconciler } from './reconciler.service';

/**
 * Owns the planner queue's worker and the reconciler. Both start once Postgres, Redis and DRS
 * respond; on shutdown the worker stops taking jobs and lets the ones in progress finish.
 */
@Injectable()
export class PlannerWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(PlannerWorker.name);
  private readonly host: QueueWorkerHost;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) redis: Redis,
    dataSource: DataSource,
    drs: DrsAdapter,
    queues: QueueRegistry,
    private readonly starter: ExecutionStarter,
    private readonly advancer: ExecutionAdvancer,
    private readonly reconciler: Reconciler,
  ) {
    this.host = new QueueWorkerHost({
      config,
      redis,
      queues,
      queue: QueueName.Planner,
      concurrency: config.planner.concurrency,
      logger: this.logger,
      checks: [
        { name: 'Postgres', check: () => dataSource.query('SELECT 1') },
        { name: 'Redis', check: () => redis.ping() },
        ...drs.targets.map((target) => ({
          name: `DRS ${target.accountId}/${target.region}`,
          check: () => drs.ping(target.accountId, target.region),
        })),
      ],
      handlers: {
        [PlannerJob.StartExecution]: (job) => this.startExecution(job),
        [PlannerJob.AdvanceExecution]: async (job) => {
          const { executionId } = await parseJobPayload(job, ExecutionJobPayload);
          await this.advancer.advance(executionId);
        },
      },
    });
  }

  async start(): Promise<void> {
    if (!(await this.host.start())) {
      return;
    }
    this.reconciler.start();
    this.logger.log(
      `taking jobs from queue "${QueueName.Planner}" (concurrency ${this.config.planner.concurrency})`,
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.host.stop(signal);
  }

  private async startExecution(job: Job): Promise<void> {
    const { executionId } = await parseJobPayload(job, ExecutionJobPayload);
    try {
      await this.starter.start(executionId);
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (error instanceof DrsCallError && lastAttempt) {
        await this.starter.failToStart(executionId, `DRS could not be read: ${error.message}`);
        return;
      }
      throw error;
    }
  }
}
