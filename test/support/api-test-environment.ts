import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { saveUser } from '@drs/auth';
import { AppConfig, loadConfig } from '@drs/config';
import { Role } from '@drs/domain';
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
  /** A supertest agent on the in-process server, signed in as an admin; paths include the `/api/v1` prefix. */
  http(): ReturnType<typeof request>;
  /** A supertest agent without credentials. */
  anonymous(): ReturnType<typeof request>;
  /** A supertest agent signed in as a user with `role`. */
  as(role: Role): Promise<ReturnType<typeof request>>;
  /** An access token of a user with `role`, created on first use and signed in over REST. */
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

/**
 * Creates (or updates) a user with `role` the way `npm run users -- add` does, signs in through
 * `POST /api/v1/auth/token` and returns the access token.
 */
export async function createUserToken(
  app: INestApplication,
  role: Role,
  name: string = `test-${role}`,
): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await saveUser(app.get(DataSource), name, role, password);
  const response = await request(app.getHttpServer()).post('/api/v1/auth/token').send({ name, password });
  if (response.status !== 200) {
    throw new Error(`sign-in of ${name} returned ${response.status}: ${JSON.stringify(response.body)}`);
  }

  return response.body.accessToken;
}

/** `overrides` are extra environment variables, such as low rate limits or an OIDC issuer. */
export async function startApiTestEnvironment(
  overrides: Record<string, string> = {},
): Promise<ApiTestEnvironment> {
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
    ...overrides,
  });

  let app: INestApplication;
  try {
    app = await createApiApp(config);
  } catch (error) {
    await emulator.close();
    await dropDatabase(databaseName);
    throw error;
  }

  const tokens = new Map<Role, Promise<string>>();
  const tokenFor = (role: Role): Promise<string> => {
    let token = tokens.get(role);
    if (!token) {
      token = createUserToken(app, role);
      tokens.set(role, token);
    }

    return token;
  };
  const agentWith = (token: string) =>
    request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
  let adminToken: string;
  try {
    adminToken = await tokenFor(Role.Admin);
  } catch (error) {
    await app.close();
    await emulator.close();
    await dropDatabase(databaseName);
    throw error;
  }

  return {
    app,
    config,
    dataSource: app.get(DataSource),
    emulator,
    http: () => agentWith(adminToken),
    anonymous: () => request(app.getHttpServer()),
    as: async (role) => agentWith(await tokenFor(role)),
    tokenFor,
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

/** Row counts of every table in the database except `excluded`, found in the catalog rather than listed. */
export async function countRowsOfEveryTable(
  dataSource: DataSource,
  excluded: string[] = [],
): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    if (!excluded.includes(table)) {
      counts[table] = await countRows(dataSource, `"${table}"`);
    }
  }

  return counts;
}
