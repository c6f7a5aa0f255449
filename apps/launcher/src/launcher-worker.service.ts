import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { CleanupJobPayload, LauncherJob, LaunchBatchJobPayload, QueueName } from '@drs/contracts';
import { DrsAdapter } from '@drs/drs-adapter';
import { BULLMQ_CONNECTION, parseJobPayload, QueueRegistry, QueueWorkerHost } from '@drs/messaging';

import { BatchLauncher } from './batch-launcher.service';
import { DrillCleaner } from './drill-cleaner.service';
import { JobTracker } from './job-tracker.service';

/**
 * Owns the launcher queue's worker and the job tracker. Both start once Postgres, Redis and DRS
 * respond; on shutdown the worker stops taking jobs and finishes those in progress.
 */
@Injectable()
export class LauncherWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(LauncherWorker.name);
  private readonly host: QueueWorkerHost;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) redis: Redis,
    dataSource: DataSource,
    drs: DrsAdapter,
    queues: QueueRegistry,
    private readonly launcher: BatchLauncher,
    private readonly cleaner: DrillCleaner,
    private readonly tracker: JobTracker,
  ) {
    this.host = new QueueWorkerHost({
      config,
      redis,
      queues,
      queue: QueueName.Launcher,
      concurrency: config.launcher.concurrency,
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
        [LauncherJob.LaunchBatch]: async (job) => {
          const { batchId } = await parseJobPayload(job, LaunchBatchJobPayload);
          await this.launcher.launch(batchId);
        },
        [LauncherJob.CleanupExecution]: async (job) => {
          const { executionId, retry } = await parseJobPayload(job, CleanupJobPayload);
          await this.cleaner.clean(executionId, retry ?? 0);
        },
      },
    });
  }

  async start(): Promise<void> {
    if (!(await this.host.start())) {
      return;
    }
    this.tracker.start();
    this.logger.log(
      `taking jobs from queue "${QueueName.Launcher}" (concurrency ${this.config.launcher.concurrency}), ` +
        `polling DRS jobs every ${this.config.launcher.jobPollIntervalMs} ms`,
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.host.stop(signal);
  }
}
