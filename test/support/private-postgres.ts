import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '@drs/local-stack';

const run = promisify(execFile);

function postgresBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort().pop();
  if (!version) {
    throw new Error(`no PostgreSQL installation under ${root}`);
  }

  return join(root, version, 'bin', tool);
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free loopback port, so a
 * chaos run can restart it without touching the shared server. The server refuses to run as
 * root, so when the test runs as root the cluster belongs to the `postgres` system user.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly asPostgresUser: boolean,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const asPostgresUser = process.getuid?.() === 0;
    const baseDir = mkdtempSync(join(tmpdir(), 'drs-pg-'));
    chmodSync(baseDir, 0o777);
    const dataDir = join(baseDir, 'data');
    const cluster = new PrivatePostgres(await freePort(), dataDir, asPostgresUser);
    await cluster.exec(postgresBin('initdb'), [
      '-D',
      dataDir,
      '--auth=trust',
      '--username=postgres',
      '--no-sync',
    ]);
    await cluster.startServer();

    return cluster;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Stops the server at once, as a crash would (immediate mode), then starts it again. */
  async restart(downMs: number): Promise<void> {
    await this.exec(postgresBin('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startServer();
  }

  async stop(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await this.exec(postgresBin('pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    }
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  private async startServer(): Promise<void> {
    await this.exec(postgresBin('pg_ctl'), [
      '-D',
      this.dataDir,
      '-w',
      '-l',
      join(this.dataDir, '..', 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${join(this.dataDir, '..')} -c fsync=off`,
      'start',
    ]);
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    if (this.asPostgresUser) {
      await run('runuser', ['-u', 'postgres', '--', tool, ...args]);
    } else {
      await run(tool, args);
    }
  }
}
