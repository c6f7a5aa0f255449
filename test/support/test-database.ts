import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { migrate } from '@drs/persistence';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A freshly migrated database of its own for one test file, dropped afterwards. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  await migrate(url);

  return {
    url,
    name,
    drop: async () => {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}

export function uniqueQueuePrefix(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}`;
}
