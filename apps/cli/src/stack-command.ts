import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import type { AppConfig } from '@drs/config';
import { findRepositoryRoot, LocalStack } from '@drs/local-stack';
import { migrate } from '@drs/persistence';

import { checkServices } from './demo';
import { runUsersCommand } from './users-command';

export const STACK_USAGE = `Usage: drsctl stack [options]

Starts the DRS emulator and the four services on 127.0.0.1 and keeps them running until Ctrl+C,
so that the dashboard and the REST API can be tried by hand. Creates (or resets) the users admin,
operator and viewer, with roles of the same names and one password. Stops when its parent process
(such as npm) exits.
  --scenario NAME   emulator scenario from scenarios/ (repeatable; default three-tier-100)
  --port N          port of the API and dashboard (default 3000)
  --time-scale X    emulator time scale (default 0.01: a 20-minute launch takes 12 s)
  --password P      password of the created users (default: a random one, printed)
  --report-dir D    folder for the service logs (default reports)`;

export interface StackArguments {
  scenarios: string[];
  port: number;
  timeScale: number;
  password: string | null;
  reportDir: string;
}

export function parseStackArguments(args: string[]): StackArguments {
  const parsed: StackArguments = {
    scenarios: [],
    port: 3000,
    timeScale: 0.01,
    password: null,
    reportDir: 'reports',
  };
  for (let index = 0; index < args.length; index++) {
    const flag = args[index];
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${flag} needs a value`);
    }
    switch (flag) {
      case '--scenario':
        if (!/^[\w.-]+$/.test(value)) {
          throw new Error(
            `--scenario needs the name of a file in scenarios/, such as seed-demo-6, got "${value}"`,
          );
        }
        parsed.scenarios.push(value.replace(/\.json$/, ''));
        break;
      case '--port':
        parsed.port = Number(value);
        if (!Number.isInteger(parsed.port) || parsed.port < 1 || parsed.port > 65_535) {
          throw new Error(`--port needs a port number from 1 to 65535, got "${value}"`);
        }
        break;
      case '--time-scale':
        parsed.timeScale = Number(value);
        if (!(parsed.timeScale > 0 && parsed.timeScale <= 1)) {
          throw new Error(`--time-scale needs a number above 0 and at most 1, got "${value}"`);
        }
        break;
      case '--password':
        parsed.password = value;
        break;
      case '--report-dir':
        parsed.reportDir = value;
        break;
      default:
        throw new Error(`unknown option "${flag}"`);
    }
    index++;
  }
  if (parsed.scenarios.length === 0) {
    parsed.scenarios.push('three-tier-100');
  }

  return parsed;
}

/** ACCOUNT/REGION of every account in the scenarios, which the services then work with. */
function scenarioTargets(root: string, scenarios: string[]): string[] {
  const targets = new Set<string>();
  for (const scenario of scenarios) {
    const file = join(root, 'scenarios', `${scenario}.json`);
    let parsed: { accounts?: Array<{ accountID: string; region: string }> };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
    } catch (error) {
      throw new Error(`Scenario "${scenario}" could not be read from ${file}: ${(error as Error).message}`);
    }
    for (const account of parsed.accounts ?? []) {
      targets.add(`${account.accountID}/${account.region}`);
    }
  }

  return [...targets];
}

/** Runs the stack until SIGINT or SIGTERM and returns the exit code. */
export async function runStack(
  config: AppConfig,
  options: StackArguments,
  inheritedEnv: Record<string, string>,
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  await checkServices(config);
  await migrate(config.databaseUrl);
  const root = findRepositoryRoot();
  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const reportDir = isAbsolute(options.reportDir) ? options.reportDir : join(root, options.reportDir);
  const logDir = join(reportDir, 'logs', `stack-${runId}`);
  const password = options.password ?? randomBytes(12).toString('base64url');
  for (const role of ['admin', 'operator', 'viewer']) {
    await runUsersCommand(
      ['add', role, '--role', role],
      config.databaseUrl,
      { DRSCTL_PASSWORD: password },
      () => undefined,
    );
  }

  print(`Starting the DRS emulator (${options.scenarios.join(', ')}) and the four services...`);
  const stack = await LocalStack.start({
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    queuePrefix: `stack-${runId}`,
    scenarios: options.scenarios,
    timeScale: options.timeScale,
    drsTargets: scenarioTargets(root, options.scenarios),
    apiPort: options.port,
    logDir,
    extraEnv: inheritedEnv,
  });
  print(`Dashboard: ${stack.apiUrl}/  (API documentation: ${stack.apiUrl}/api/docs)`);
  print(`Sign in as admin, operator or viewer with the password ${password}`);
  print(`Service logs: ${logDir}. Press Ctrl+C to stop.`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // npm does not pass SIGTERM on to its child, so a stack started by "npm run stack" would
    // outlive a stopped npm. A new parent process id means the parent has exited.
    const parentId = process.ppid;
    const parentWatch = setInterval(() => {
      if (process.ppid !== parentId) {
        print('The parent process exited.');
        resolve();
      }
    }, 1_000);
    parentWatch.unref();
  });
  print('Stopping the services...');
  await stack.stop();

  return 0;
}
