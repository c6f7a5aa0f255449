import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import IORedis from 'ioredis';

import { ServiceProcess } from './service-process';

export type StackService = 'drs-emulator' | 'api-gateway' | 'planner' | 'launcher' | 'status';

export interface LocalStackOptions {
  databaseUrl: string;
  redisUrl: string;
  /** BullMQ key prefix; a fresh one per run keeps runs that share a Redis apart. */
  queuePrefix: string;
  scenarios: string[];
  /** Emulator time scale: 0.01 makes a 20-minute Windows launch take 12 s. */
  timeScale: number;
  seed?: number;
  conflictFirstN?: number;
  /** ACCOUNT/REGION pairs the services work with. */
  drsTargets: string[];
  jobPollIntervalMs?: number;
  conflictBackoffBaseMs?: number;
  logLevel?: string;
  /** Folder for one log file per service. */
  logDir?: string;
  echo?: (line: string) => void;
  /** Base environment of every process (PATH and the like); the stack's own settings win. */
  extraEnv?: Record<string, string>;
  startTimeoutMs?: number;
  /** Port of the api-gateway (and dashboard); a free one when unset. */
  apiPort?: number;
  /** Extra options of node per process, after the defaults, for example `--cpu-prof` to profile one. */
  nodeArgs?: Partial<Record<StackService, string[]>>;
}

/**
 * Options of node per app: the services get the V8 old-space limit of the Dockerfile, compose file
 * and Kubernetes manifests. Without it V8 let garbage grow to several times the live heap of
 * about 50 MiB before a full collection.
 */
export const SERVICE_NODE_ARGS: Record<StackService, string[]> = {
  'api-gateway': ['--max-old-space-size=128'],
  planner: ['--max-old-space-size=128'],
  launcher: ['--max-old-space-size=128'],
  status: ['--max-old-space-size=128'],
  'drs-emulator': [],
};

/** Finds the repository root, from source (ts-jest) or from the build output under dist/. */
export function findRepositoryRoot(start: string = __dirname): string {
  let directory = resolve(start);
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'scenarios'))) {
    const parent = resolve(directory, '..');
    if (parent === directory) {
      throw new Error(`No repository root (a folder with package.json and scenarios/) above ${start}`);
    }
    directory = parent;
  }

  return directory;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, service: ServiceProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!service.running) {
      throw new Error(`${service.options.name} exited before ${url} responded.\n${service.recentOutput()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  throw new Error(`${url} did not respond within ${timeoutMs} ms (${lastError}).\n${service.recentOutput()}`);
}

/** Deletes every Redis key that starts with `prefix:`; a Redis that does not respond is left alone. */
export async function removeKeysWithPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        removed += await redis.del(...keys);
      }
    } while (cursor !== '0');
  } catch {
    // Nothing to clean when Redis is gone, for example after a test stopped its own server.
  } finally {
    redis.disconnect();
  }

  return removed;
}

/**
 * The DRS emulator and the four services as real processes on loopback, from the build in
 * dist/. The demo and the end-to-end tests use it; `stop` ends only the processes it started.
 */
export class LocalStack {
  readonly services = new Map<StackService, ServiceProcess>();
  emulatorUrl = '';
  apiUrl = '';
  statusUrl = '';

  private constructor(
    readonly options: LocalStackOptions,
    readonly rootDir: string,
  ) {}

  static async start(options: LocalStackOptions): Promise<LocalStack> {
    const stack = new LocalStack(options, findRepositoryRoot());
    try {
      await stack.startAll();
    } catch (error) {
      await stack.stop();
      throw error;
    }

    return stack;
  }

  service(name: StackService): ServiceProcess {
    const service = this.services.get(name);
    if (!service) {
      throw new Error(`service ${name} is not part of this stack`);
    }

    return service;
  }

  /** Starts a stopped or killed service again with the same settings, and waits until it is ready. */
  async restart(name: StackService): Promise<void> {
    const service = this.service(name);
    await service.stop();
    service.start();
    await this.waitReady(name, service);
  }

  /**
   * Stops every process this stack started, then removes the stack's keys from Redis (queues,
   * throttle pauses, tracker locks) so that repeated runs do not leave keys behind. Postgres
   * keeps the record of what ran.
   */
  async stop(): Promise<void> {
    const order: StackService[] = ['api-gateway', 'status', 'planner', 'launcher', 'drs-emulator'];
    for (const name of order) {
      await this.services.get(name)?.close();
    }
    await removeKeysWithPrefix(this.options.redisUrl, this.options.queuePrefix);
  }

  private async startAll(): Promise<void> {
    const options = this.options;
    if (options.logDir) {
      mkdirSync(options.logDir, { recursive: true });
    }
    const emulatorArgs = [
      ...options.scenarios.flatMap((scenario) => ['--scenario', scenario]),
      '--port',
      '0',
      '--time-scale',
      String(options.timeScale),
      '--seed',
      String(options.seed ?? 1),
      '--control',
    ];
    if (options.conflictFirstN) {
      emulatorArgs.push('--conflict-first-n', String(options.conflictFirstN));
    }
    const emulator = this.createProcess('drs-emulator', emulatorArgs, {});
    emulator.start();
    const match = await emulator.waitForLine(
      /listening on (http:\/\/[\d.]+:\d+)/,
      options.startTimeoutMs ?? 30_000,
    );
    this.emulatorUrl = match[1];

    const apiPort = options.apiPort ?? (await freePort());
    const statusPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.statusUrl = `http://127.0.0.1:${statusPort}`;
    const env: Record<string, string> = {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix,
      DRS_ENDPOINT: this.emulatorUrl,
      DRS_TARGETS: options.drsTargets.join(','),
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      STATUS_HOST: '127.0.0.1',
      STATUS_PORT: String(statusPort),
      JOB_POLL_INTERVAL_MS: String(options.jobPollIntervalMs ?? 250),
      CONFLICT_BACKOFF_BASE_MS: String(options.conflictBackoffBaseMs ?? 500),
      RECONCILE_INTERVAL_MS: '1000',
      LOG_LEVEL: options.logLevel ?? 'log',
    };
    const names: StackService[] = ['planner', 'launcher', 'status', 'api-gateway'];
    for (const name of names) {
      this.createProcess(name, [], env).start();
    }
    await Promise.all(names.map((name) => this.waitReady(name, this.service(name))));
  }

  private async waitReady(name: StackService, service: ServiceProcess): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    switch (name) {
      case 'api-gateway':
        return waitForHttp(`${this.apiUrl}/health`, timeoutMs, service);
      case 'status':
        return waitForHttp(`${this.statusUrl}/health`, timeoutMs, service);
      case 'planner':
      case 'launcher':
        await service.waitForLine(/taking jobs from queue/, timeoutMs);
        return;
      case 'drs-emulator':
        await waitForHttp(`${this.emulatorUrl}/__emulator/health`, timeoutMs, service);
        return;
    }
  }

  private createProcess(name: StackService, args: string[], env: Record<string, string>): ServiceProcess {
    const entry = join(this.rootDir, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(entry)) {
      throw new Error(`${entry} does not exist; run "npm run build" first`);
    }
    const service = new ServiceProcess({
      name,
      entry,
      nodeArgs: [...SERVICE_NODE_ARGS[name], ...(this.options.nodeArgs?.[name] ?? [])],
      args,
      cwd: this.rootDir,
      env: { ...this.options.extraEnv, ...env },
      logFile: this.options.logDir ? join(this.options.logDir, `${name}.log`) : undefined,
      echo: this.options.echo,
    });
    this.services.set(name, service);

    return service;
  }
}
