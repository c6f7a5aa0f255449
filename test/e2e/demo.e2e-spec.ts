import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestDatabase, TestDatabase } from '../support/test-database';

const root = join(__dirname, '..', '..');

/** Runs the built drsctl as `npm run demo` does, and returns its exit code and output. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('drsctl demo', () => {
  let database: TestDatabase;
  let reportDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_demo');
    reportDir = mkdtempSync(join(tmpdir(), 'drs-demo-'));
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('recovers all of orders and none of hr-portal from the CLI', async () => {
    const { code, output } = await runCli(
      ['demo', '--time-scale', '0.004', '--seed', '3', '--report-dir', reportDir],
      { DATABASE_URL: database.url },
    );

    expect(output).not.toContain('drsctl demo failed');
    expect(code).toBe(0);
    const reportFile = readdirSync(reportDir).find((file) => file.endsWith('.json')) as string;
    const report = JSON.parse(readFileSync(join(reportDir, reportFile), 'utf8'));
    expect(report.status).toBe('SUCCEEDED');
    expect(report.servers).toEqual({ total: 100, launched: 100, failed: 0, withRecoveryInstance: 100 });
    expect(report.serversOutsidePlanLaunched).toBe(0);
    expect(report.waves.map((wave: { name: string; servers: number }) => [wave.name, wave.servers])).toEqual([
      ['database', 10],
      ['app', 30],
      ['web', 50],
      ['monitoring', 10],
    ]);
    expect(report.drsCallsByOperation.StartRecovery).toBe(4);
    expect(report.cleanup).toEqual({ status: 'COMPLETED', terminated: 100 });

    const warnedServers = new Set(
      report.readinessWarnings.map((warning: { sourceServerId: string }) => warning.sourceServerId),
    );
    expect(warnedServers).toEqual(
      new Set(['s-5ef79536266957e51', 's-2d5910d304ee2302a', 's-58382a1284b650a49']),
    );
    const printed = output;
    expect(printed).toContain('Readiness warnings: 3 server(s)');
    expect(printed).toContain('StartRecovery calls: 4 for 4 DRS launch job(s)');
  });
});
