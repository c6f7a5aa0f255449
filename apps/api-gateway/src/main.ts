import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

import { AppConfig, ConfigError, loadConfig } from '@drs/config';
import { describeDatabaseConnectionError } from '@drs/persistence';

import { createApiApp } from './bootstrap';

/** Socket errors that mean Postgres could not be reached at all. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** Postgres's SQLSTATE for a database that does not exist. */
const INVALID_CATALOG_NAME = '3D000';

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = new Logger('ApiGateway');

  try {
    const app = await createApiApp(config);
    app.enableShutdownHooks();
    await app.listen(config.apiPort, config.apiHost);
    // With API_PORT=0 the system picks the port, so report the one actually bound.
    const address = app.getHttpServer().address() as AddressInfo;
    logger.log(`API gateway listening on http://${config.apiHost}:${address.port}`);
  } catch (error) {
    logger.error(describeStartFailure(config, error));
    process.exit(1);
  }
}

function describeStartFailure(config: AppConfig, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return describeDatabaseConnectionError(config.databaseUrl, error);
  }
  if (code === INVALID_CATALOG_NAME) {
    const database = new URL(config.databaseUrl).pathname.slice(1);
    return `Database "${database}" does not exist; create it and its tables with "npm run db:migrate"`;
  }

  return `API gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

void main();
