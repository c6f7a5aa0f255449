import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  databaseUrl: string;
  /** Connections per process. */
  poolSize?: number;
  applicationName?: string;
}

export function dataSourceOptions(options: DataSourceOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: options.databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

/** Returns one line that names what could not be reached and how to start it. */
export function describeDatabaseConnectionError(databaseUrl: string, error: unknown): string {
  const url = new URL(databaseUrl);
  const address = `${url.hostname}:${url.port || '5432'}`;
  const code = (error as { code?: string }).code;
  // 3D000 is PostgreSQL's "invalid_catalog_name": the server responded but the database is missing.
  if (code === '3D000') {
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return `Database "${database}" does not exist on the Postgres at ${address}; create and migrate it with "npm run db:migrate".`;
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));

  return (
    `Cannot reach Postgres at ${address} (${reason}). Start it, for example with ` +
    `"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", or set DATABASE_URL.`
  );
}
