import type { Server } from 'node:http';

import { Logger } from '@nestjs/common';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { AppConfig } from '@drs/config';

import { DependencyCheck, waitForDependencies } from './dependency-wait';
import { startHealthServer } from './health-server';
import { QueueRegistry } from './queue-registry';
import { LIVENESS_JOB, QueueLiveness } from './queue-liveness';
import { createPausedWorker, JobHandler } from './worker-factory';

export interface QueueWorkerHostOptions {
  config: AppConfig;
  /** The shared producer connection: liveness stamps and probe jobs go through it. */
  redis: Redis;
  queues: QueueRegistry;
  queue: string;
  concurrency: number;
  /** Dependencies that must respond before the first job is taken. */
  checks: DependencyCheck[];
  handlers: Record<string, JobHandler>;
  logger: Logger;
}

/**
 * Runs the worker of one queue for a process: it starts taking jobs only once every dependency
 * responds, sends liveness probes through its own queue, serves the health endpoint when
 * HEALTH_PORT is set, and on shutdown stops taking jobs and finishes those in progress.
 */
export class QueueWorkerHost {
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;
  private liveness: QueueLiveness | null = null;
  private healthServer: Server | null = null;
  private stopping = false;

  constructor(private readonly options: QueueWorkerHostOptions) {}

  /** Starts the worker; returns false when shutdown began before the dependencies responded. */
  async start(): Promise<boolean> {
    const { config, logger } = this.options;
    const ready = await waitForDependencies(this.options.checks, logger, { shouldStop: () => this.stopping });
    if (!ready) {
      return false;
    }

    const liveness = new QueueLiveness(
      this.options.queues.get(this.options.queue),
      this.options.redis,
      config.queuePrefix,
      config.health.livenessIntervalMs,
    );
    const { worker, connection } = createPausedWorker({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      queue: this.options.queue,
      concurrency: this.options.concurrency,
      logger,
      handlers: { [LIVENESS_JOB]: liveness.handleProbe, ...this.options.handlers },
    });
    this.liveness = liveness;
    this.worker = worker;
    this.workerConnection = connection;
    void worker
      .run()
      .catch((error: Error) =>
        logger.error(`${this.options.queue} worker stopped: ${error.message}`, error.stack),
      );
    liveness.start();
    if (config.health.port > 0) {
      this.healthServer = await startHealthServer(
        config.health.host,
        config.health.port,
        async () => [await liveness.report()],
        logger,
      );
    }

    return true;
  }

  async stop(signal?: string): Promise<void> {
    const { logger } = this.options;
    this.stopping = true;
    this.liveness?.stop();
    this.healthServer?.close();
    if (this.worker) {
      logger.log(`stopping on ${signal ?? 'shutdown'}: finishing jobs in progress`);
      try {
        await this.worker.close();
      } catch (error) {
        logger.warn(`${this.options.queue} worker close failed: ${(error as Error).message}`);
      }
    }
    this.workerConnection?.disconnect();
  }
}
