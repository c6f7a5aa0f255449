import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Logger } from '@nestjs/common';

import { freePort } from '@drs/local-stack';
import { LIVENESS_JOB, QueueLiveness, startHealthServer } from '@drs/messaging';

import { uniqueQueuePrefix } from '../support/test-database';

const REDIS_URL = 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(QueueLiveness.name, () => {
  const prefix = uniqueQueuePrefix('liveness');
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerConnection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('probe-test', { connection: redis, prefix });
  let worker: Worker;

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    redis.disconnect();
    workerConnection.disconnect();
  });

  it('reports alive while probes travel and dead once the worker stops', async () => {
    const liveness = new QueueLiveness(queue, redis, prefix, 200);
    worker = new Worker(
      'probe-test',
      async (job) => {
        if (job.name === LIVENESS_JOB) {
          await liveness.handleProbe(job);
        }
      },
      { connection: workerConnection, prefix },
    );
    const port = await freePort();
    const server = await startHealthServer(
      '127.0.0.1',
      port,
      async () => [await liveness.report()],
      new Logger('test'),
    );
    liveness.start();
    try {
      await sleep(700);

      const alive = await liveness.report();
      expect(alive.alive).toBe(true);
      expect(alive.lastRoundTripMs).toBeGreaterThanOrEqual(0);
      const healthy = await fetch(`http://127.0.0.1:${port}/health`);
      expect(healthy.status).toBe(200);

      await worker.close();
      await sleep(900);

      const stale = await liveness.report();
      expect(stale.alive).toBe(false);
      const unhealthy = await fetch(`http://127.0.0.1:${port}/health`);
      expect(unhealthy.status).toBe(503);
      expect(((await unhealthy.json()) as { status: string }).status).toBe('error');
    } finally {
      liveness.stop();
      server.close();
    }
  });
});
