import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { AppConfig, loadConfig } from '@drs/config';
import { migrate } from '@drs/persistence';

import { createApiApp } from '../../apps/api-gateway/src/bootstrap';
import { createDrsEmulator, DrsEmulator } from '../../apps/drs-emulator/src';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = 'redis://127.0.0.1:6379';
/** The account and Region of the `three-tier-100` scenario. */
export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_REGION = 'us-east-1';

/**
 * One API gateway running in-process on its own throwaway database and queue prefix, talking to a
 * DRS emulator on a free port. Each test file starts one and closes it in `afterAll`.
 */
export interface ApiTestEnvironment {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  emulator: DrsEmulator;
  /** A supertest agent on the in-process server; paths include the `/api/v1` prefix. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startApiTestEnvironment(): Promise<ApiTestEnvironment> {
  const suffix = randomBytes(6).toString('hex');
  const databaseName = `drs_api_test_${suffix}`;
  const databaseUrl = `${POSTGRES_URL}/${databaseName}`;
  const queuePrefix = `drs-api-test-${suffix}`;

  await migrate(databaseUrl);
  const emulator = await createDrsEmulator({ scenarios: ['three-tier-100'], port: 0 });
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    EVENT_CHANNEL_PREFIX: queuePrefix,
    DRS_ENDPOINT: emulator.url,
    DRS_TARGETS: `${TEST_ACCOUNT_ID}/${TEST_REGION}`,
    DRS_CALL_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'error',
  });

  let app: INestApplication;
  try {
    app = await createApiApp(config);
  } catch (error) {
    await emulator.close();
    await dropDatabase(databaseName);
    throw error;
  }

  return {
    app,
    config,
    dataSource: app.get(DataSource),
    emulator,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await emulator.close();
      await dropDatabase(databaseName);
      await deleteRedisKeys(queuePrefix);
    },
  };
}

async function dropDatabase(databaseName: string): Promise<void> {
  const admin = new Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  try {
    // DROP DATABASE fails while any session is connected to it.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      databaseName,
    ]);
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}"`);
  } finally {
    await admin.end();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export async function countRows(dataSource: DataSource, table: string): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS count FROM ${table}`);

  return row.count;
}

/** Row counts of every table the API writes, to prove that a rejected request changed nothing. */
export async function countAllRows(dataSource: DataSource): Promise<Record<string, number>> {
  const tables = [
    'protection_groups',
    'protection_group_servers',
    'recovery_plans',
    'plan_waves',
    'plan_wave_groups',
    'executions',
    'execution_events',
    'outbox',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = await countRows(dataSource, table);
  }

  return counts;
}
