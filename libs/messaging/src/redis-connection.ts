import IORedis, { Redis } from 'ioredis';

/**
 * A connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ requires of worker
 * connections: a command waits through a Redis restart instead of failing the worker.
 */
export function createRedisConnection(redisUrl: string, connectionName: string): Redis {
  return new IORedis(redisUrl, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/**
 * A connection for queue producers and short Redis commands. A command waits for one reconnect
 * and then fails, so an API request does not hang while Redis is down; the outbox keeps the job
 * and the reconciler sends it later.
 */
export function createProducerConnection(redisUrl: string, connectionName: string): Redis {
  return new IORedis(redisUrl, {
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

export function describeRedisConnectionError(redisUrl: string, error: unknown): string {
  const url = new URL(redisUrl);
  const reason =
    (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));

  return (
    `Cannot reach Redis at ${url.hostname}:${url.port || '6379'} (${reason}). Start it, for example with ` +
    `"redis-server --daemonize yes --bind 127.0.0.1 --port 6379", or set REDIS_URL.`
  );
}
