import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';

import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { CleanupJobPayload, LauncherJob, LaunchBatchJobPayload, QueueName } from '@drs/contracts';
import { DrsAdapter } from '@drs/drs-adapter';
import {
  BULLMQ_CONNECTION,
  createPausedWorker,
  LIVENESS_JOB,
  parseJobPayload,
  QueueLiveness,
  QueueRegistry,
  startHealthServer,
  waitForDependencies,
} from '@drs/messaging';

import { BatchLauncher } from './batch-launcher.service';
import { DrillCleaner } from './drill-cleaner.service';
import { JobTracker } from './job-tracker.service';

/**
 * Owns the launcher queue's worker and the job tracker: both start once Postgres, Redis and DRS
 * answer; on shutdown the worker stops taking jobs and finishes those in progress.
 */
@Injectable()
export class LauncherWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(LauncherWorker.name);
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;
  private stopping = false;
  private liveness: QueueLiveness | null = null;
  private healthServer: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_CONNECTION) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly drs: DrsAdapter,
    private readonly queues: QueueRegistry,
    private readonly launcher: BatchLauncher,
    private readonly cleaner: DrillCleaner,
    private readonly tracker: JobTracker,
  ) {}

  async start(): Promise<void> {
    const ready = await waitForDependencies(
      [
        { name: 'Postgres', check: () => this.dataSource.query('SELECT 1') },
        { name: 'Redis', check: () => this.redis.ping() },
        ...this.drs.targets.map((target) => ({
          name: `DRS ${target.accountId}/${target.region}`,
          check: () => this.drs.ping(target.accountId, target.region),
        })),
      ],
      this.logger,
      { shouldStop: () => this.stopping },
    );
    if (!ready) {
      return;
    }

    const { worker, connection } = createPausedWorker({
      redisUrl: this.config.redisUrl,
      prefix: this.config.queuePrefix,
      queue: QueueName.Launcher,
      concurrency: this.config.launcher.concurrency,
      logger: this.logger,
      handlers: {
        [LIVENESS_JOB]: (job) => (this.liveness as QueueLiveness).handleProbe(job),
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
    this.liveness = new QueueLiveness(
      this.queues.get(QueueName.Launcher),
      this.redis,
      this.config.queuePrefix,
      this.config.health.livenessIntervalMs,
    );
    this.worker = worker;
    this.workerConnection = connection;
    void worker
      .run()
      .catch((error: Error) => this.logger.error(`launcher worker stopped: ${error.message}`, error.stack));
    this.tracker.start();
    this.liveness.start();
    if (this.config.health.port > 0) {
      const liveness = this.liveness;
      this.healthServer = await startHealthServer(
        this.config.health.host,
        this.config.health.port,
        async () => [await liveness.report()],
        this.logger,
      );
    }
    this.logger.log(
      `taking jobs from queue "${QueueName.Launcher}" (concurrency ${this.config.launcher.concurrency}), ` +
        `polling DRS jobs every ${this.config.launcher.jobPollIntervalMs} ms`,
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    this.liveness?.stop();
    this.healthServer?.close();
    if (this.worker) {
      this.logger.log(`stopping on ${signal ?? 'shutdown'}: finishing jobs in progress`);
      try {
        await this.worker.close();
      } catch (error) {
        this.logger.warn(`launcher worker close failed: ${(error as Error).message}`);
      }
    }
    if (this.workerConnection) {
      this.workerConnection.disconnect();
    }
  }
}
