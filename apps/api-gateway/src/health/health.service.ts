import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { HealthResponse } from './health.dto';

/** Load balancers and probes expect a prompt reply, so a slow database counts as down. */
const DATABASE_PROBE_TIMEOUT_MS = 3_000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthResponse> {
    try {
      await this.probeDatabase();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`health check failed: Postgres did not respond: ${reason}`);
      throw new ServiceUnavailableException({
        message: `Postgres did not respond to the health check: ${reason}`,
        details: { status: 'error', database: 'down' },
      });
    }

    return { status: 'ok', database: 'up' };
  }

  private async probeDatabase(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${DATABASE_PROBE_TIMEOUT_MS} ms`)),
        DATABASE_PROBE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
