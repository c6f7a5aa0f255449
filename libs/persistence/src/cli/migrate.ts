/**
 * Creates the database named in DATABASE_URL when it does not exist, then applies pending
 * migrations. Safe to run again: a second run reports that nothing was pending.
 */
import { Client } from 'pg';

import { ConfigError, loadConfig } from '@drs/config';

import { createDataSource, describeDatabaseConnectionError } from '../data-source';

export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const databaseName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(databaseName)) {
    throw new Error(
      `Database name "${databaseName}" in DATABASE_URL may only contain letters, digits, _ and -`,
    );
  }
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${databaseName}"`);
      return true;
    }

    return false;
  } finally {
    await admin.end();
  }
}

export async function migrate(databaseUrl: string): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(databaseUrl);
  const dataSource = createDataSource({ databaseUrl, poolSize: 1, applicationName: 'drs-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    return { created, applied: applied.map((migration) => migration.name) };
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  let databaseUrl: string;
  try {
    databaseUrl = loadConfig(process.env).databaseUrl;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }

  const database = new URL(databaseUrl).pathname.slice(1);
  try {
    const { created, applied } = await migrate(databaseUrl);
    if (created) {
      console.log(`Created database "${database}".`);
    }
    if (applied.length === 0) {
      console.log(`Database "${database}" is up to date; no migration was pending.`);
    } else {
      console.log(`Applied ${applied.length} migration(s) to "${database}": ${applied.join(', ')}`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      console.error(describeDatabaseConnectionError(databaseUrl, error));
    } else {
      console.error(`Migration of "${database}" failed:`, error);
    }
    process.exit(1);
  }
}

if (require.main === module) {
  void main();
}
