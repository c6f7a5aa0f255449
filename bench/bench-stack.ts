import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { Client } from 'pg';

import { LocalStack, StackService } from '@drs/local-stack';
import { describeDatabaseConnectionError, migrate } from '@drs/persistence';

import { ApiClient } from '../apps/cli/src/api-client';
import { runUsersCommand } from '../apps/cli/src/users-command';
import { BenchOptions } from './bench-options';
import { ExecutionCompletions } from './execution-completions';
import { peakResidentMebibytes } from './process-memory';

/** The benchmark acts as this user, with the least role that may create plans and start drills. */
const BENCH_USER = 'bench-operator';
/**
 * The API's per-user and per-address limits (3,000 and 10,000 requests a minute by default) would
 * turn most of a 300-requests-per-second load test into 429 responses, so the benchmark's stack
 * raises them; the limiter still runs on every request.
 */
const BENCH_RATE_LIMIT = '10000000';
const SERVICES: StackService[] = ['api-gateway', 'planner', 'launcher', 'status', 'drs-emulator'];

export interface BenchStackSettings {
  label: string;
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  scenarios: string[];
  drsTargets: string[];
  options: BenchOptions;
  logRoot: string;
  log: (line: string) => void;
}

function databaseUrlFor(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;

  return url.toString();
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * The emulator and the four services of one benchmark stage on their own database and queue
 * prefix, with a signed-in user. `close` stops the processes and drops the database.
 */
export class BenchStack {
  private constructor(
    readonly settings: BenchStackSettings,
    readonly stack: LocalStack,
    readonly api: ApiClient,
    readonly completions: ExecutionCompletions,
    private readonly databaseUrl: string,
  ) {}

  get token(): string {
    return this.api.accessToken as string;
  }

  static async open(settings: BenchStackSettings): Promise<BenchStack> {
    const databaseUrl = databaseUrlFor(settings.databaseUrl, `drs_bench_${settings.runId}_${settings.label}`);
    try {
      await migrate(databaseUrl);
    } catch (error) {
      throw new Error(describeDatabaseConnectionError(databaseUrl, error));
    }

    let stack: LocalStack | null = null;
    try {
      stack = await LocalStack.start({
        databaseUrl,
        redisUrl: settings.redisUrl,
        queuePrefix: `bench-${settings.runId}-${settings.label}`,
        scenarios: settings.scenarios,
        timeScale: settings.options.timeScale,
        seed: settings.options.seed,
        drsTargets: settings.drsTargets,
        jobPollIntervalMs: settings.options.jobPollIntervalMs,
        logDir: join(settings.logRoot, settings.label),
        echo: settings.options.verbose ? settings.log : undefined,
        extraEnv: {
          PATH: process.env.PATH ?? '',
          RATE_LIMIT_PER_USER: BENCH_RATE_LIMIT,
          RATE_LIMIT_PER_ADDRESS: BENCH_RATE_LIMIT,
        },
        startTimeoutMs: 60_000,
      });
      const password = randomBytes(18).toString('base64url');
      await runUsersCommand(
        ['add', BENCH_USER, '--role', 'operator'],
        databaseUrl,
        { DRSCTL_PASSWORD: password },
        () => undefined,
      );
      const api = new ApiClient(stack.apiUrl);
      await api.signIn(BENCH_USER, password);
      const completions = await ExecutionCompletions.connect(stack.statusUrl, api.accessToken as string);

      return new BenchStack(settings, stack, api, completions, databaseUrl);
    } catch (error) {
      await stack?.stop();
      await dropDatabase(databaseUrl);
      throw error;
    }
  }

  /** Peak resident memory of every process of the stack so far, in MiB. */
  peakMemory(): Record<string, number | null> {
    const peaks: Record<string, number | null> = {};
    for (const name of SERVICES) {
      const pid = this.stack.services.get(name)?.pid;
      peaks[name] = pid === undefined ? null : peakResidentMebibytes(pid);
    }

    return peaks;
  }

  async close(): Promise<void> {
    this.completions.close();
    await this.stack.stop();
    await dropDatabase(this.databaseUrl);
  }
}
