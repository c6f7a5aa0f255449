import { Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Redis } from 'ioredis';

import { createRedisConnection } from './redis-connection';

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkerOptions {
  redisUrl: string;
  prefix: string;
  queue: string;
  concurrency: number;
  handlers: Record<string, JobHandler>;
  logger: Logger;
}

/** Thrown for a job whose payload does not match its contract; BullMQ does not retry it. */
export class InvalidJobPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobPayloadError';
  }
}

/** Validates a job payload against its contract class and returns the typed payload. */
export async function parseJobPayload<T extends object>(job: Job, contract: new () => T): Promise<T> {
  const payload = plainToInstance(contract, job.data as object);
  const errors = await validate(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const fields = errors.map((error) => error.property).join(', ');
    throw new InvalidJobPayloadError(`job ${job.id} (${job.name}): invalid payload fields: ${fields}`);
  }

  return payload;
}

/**
 * Creates a BullMQ worker that does not take jobs until `worker.run()` is called, so a process
 * can first check that Postgres, Redis and DRS answer. Job names without a handler fail loudly.
 */
export function createPausedWorker(options: WorkerOptions): { worker: Worker; connection: Redis } {
  const connection = createRedisConnection(options.redisUrl, `${options.queue}-worker`);
  const worker = new Worker(
    options.queue,
    async (job) => {
      const handler = options.handlers[job.name];
      if (!handler) {
        throw new InvalidJobPayloadError(
          `job ${job.id}: no handler for job name "${job.name}" on ${options.queue}`,
        );
      }
      await handler(job);
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency, autorun: false },
  );
  worker.on('failed', (job, error) => {
    if (error instanceof InvalidJobPayloadError) {
      void job?.discard();
    }
    options.logger.warn(
      `job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed on attempt ${job?.attemptsMade ?? '?'}: ${error.message}`,
    );
  });
  worker.on('error', (error) => options.logger.warn(`worker ${options.queue}: ${error.message}`));

  return { worker, connection };
}
