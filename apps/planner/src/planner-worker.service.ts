import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';

import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { ExecutionJobPayload, PlannerJob, QueueName } from '@drs/contracts';
import { DrsAdapter, DrsCallError } from '@drs/drs-adapter';
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

import { ExecutionAdvancer } from './execution-advancer.service';
import { ExecutionStarter } from './execution-starter.service';
import { Reconciler } from './reconciler.service';

/**
 * Owns the planner queue's worker: starts it only once Postgres, Redis and DRS answer, and on
 * shutdown stops taking jobs and lets the ones in progress finish before the connections close.
 */
@Injectable()
export class PlannerWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(PlannerWorker.name);
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
    private readonly starter: ExecutionStarter,
    private readonly advancer: ExecutionAdvancer,
    private readonly reconciler: Reconciler,
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
      queue: QueueName.Planner,
      concurrency: this.config.planner.concurrency,
      logger: this.logger,
      handlers: {
        [LIVENESS_JOB]: (job) => (this.liveness as QueueLiveness).handleProbe(job),
        [PlannerJob.StartExecution]: (job) => this.startExecution(job),
        [PlannerJob.AdvanceExecution]: async (job) => {
          const { executionId } = await parseJobPayload(job, ExecutionJobPayload);
          await this.advancer.advance(executionId);
        },
      },
    });
    this.liveness = new QueueLiveness(
      this.queues.get(QueueName.Planner),
      this.redis,
      this.config.queuePrefix,
      this.config.health.livenessIntervalMs,
    );
    this.worker = worker;
    this.workerConnection = connection;
    void worker
      .run()
      .catch((error: Error) => this.logger.error(`planner worker stopped: ${error.message}`, error.stack));
    this.reconciler.start();
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
      `taking jobs from queue "${QueueName.Planner}" (concurrency ${this.config.planner.concurrency})`,
    );
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

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    this.liveness?.stop();
    this.healthServer?.close();
    if (this.worker) {
      this.logger.log(`stopping on ${signal ?? 'shutdown'}: finishing jobs in progress`);
      try {
        await this.worker.close();
      } catch (error) {
        this.logger.warn(`planner worker close failed: ${(error as Error).message}`);
      }
    }
    if (this.workerConnection) {
      this.workerConnection.disconnect();
    }
  }
}
