import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runDemo } from '../../apps/cli/src/demo';
import { loadConfig } from '@drs/config';

import { inheritedPath } from '../support/stack-helpers';
import { createTestDatabase, TestDatabase } from '../support/test-database';

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

  it('recovers all of orders and none of hr-portal', async () => {
    const lines: string[] = [];

    const exitCode = await runDemo({
      config: loadConfig({ DATABASE_URL: database.url }),
      timeScale: 0.004,
      seed: 3,
      reportDir,
      verbose: false,
      inheritedEnv: inheritedPath(),
      print: (line) => lines.push(line),
    });

    expect(exitCode).toBe(0);
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
    const printed = lines.join('\n');
    expect(printed).toContain('Readiness warnings: 3 server(s)');
    expect(printed).toContain('StartRecovery calls: 4 for 4 DRS launch job(s)');
  });
});
