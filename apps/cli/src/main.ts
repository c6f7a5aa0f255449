#!/usr/bin/env node
import 'reflect-metadata';

import { InvalidUserError } from '@drs/auth';
import { ConfigError, loadConfig } from '@drs/config';

import { ApiError } from './api-client';
import { runDemo } from './demo';
import { parseStackArguments, runStack, STACK_USAGE, StackArguments } from './stack-command';
import { runUsersCommand, UsageError, USERS_USAGE } from './users-command';

const USAGE = `Usage: drsctl <command> [options]

Commands:
  demo    Run a full drill of the example plan against the DRS emulator and print its report.
          --time-scale X   emulator time scale (default 0.01: a 20-minute launch takes 12 s)
          --seed N         emulator random seed (default 1)
          --report-dir D   folder for the JSON report and service logs (default reports)
          --verbose        print every line the services log
  stack   Start the emulator and the services, with the dashboard, until Ctrl+C (see "drsctl stack --help").
  users   Manage the users of the built-in sign-in: add, list, remove, hash (see "drsctl users --help").

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/drs_orchestrator),
REDIS_URL (default redis://127.0.0.1:6379).`;

interface DemoArguments {
  timeScale: number;
  seed: number;
  reportDir: string;
  verbose: boolean;
}

function parseDemoArguments(args: string[]): DemoArguments {
  const parsed: DemoArguments = { timeScale: 0.01, seed: 1, reportDir: 'reports', verbose: false };
  for (let index = 0; index < args.length; index++) {
    const flag = args[index];
    const value = args[index + 1];
    switch (flag) {
      case '--time-scale':
        parsed.timeScale = Number(value);
        if (value === undefined || !(parsed.timeScale > 0 && parsed.timeScale <= 1)) {
          throw new Error(
            `--time-scale needs a number above 0 and at most 1${value === undefined ? '' : `, got "${value}"`}`,
          );
        }
        index++;
        break;
      case '--seed':
        parsed.seed = Number(value);
        if (value === undefined || !Number.isInteger(parsed.seed) || parsed.seed < 0) {
          throw new Error(
            `--seed needs a non-negative integer${value === undefined ? '' : `, got "${value}"`}`,
          );
        }
        index++;
        break;
      case '--report-dir':
        if (!value) {
          throw new Error('--report-dir needs a folder');
        }
        parsed.reportDir = value;
        index++;
        break;
      case '--verbose':
        parsed.verbose = true;
        break;
      default:
        throw new Error(`unknown option "${flag}"`);
    }
  }

  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  if (command === '--help' || command === 'help' || (command === 'demo' && args.includes('--help'))) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'users') {
    return runUsers(args);
  }
  if (command === 'stack') {
    return runStackCommand(args);
  }
  if (command !== 'demo') {
    console.error(`drsctl: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }

  let demoArguments: DemoArguments;
  let config;
  try {
    demoArguments = parseDemoArguments(args);
    config = loadConfig(process.env);
  } catch (error) {
    console.error(`drsctl demo: ${error instanceof ConfigError ? error.message : (error as Error).message}`);
    return 2;
  }

  try {
    return await runDemo({ config, ...demoArguments, inheritedEnv: inheritedEnvironment() });
  } catch (error) {
    const message = error instanceof ApiError ? error.message : (error as Error).message;
    console.error(`drsctl demo failed: ${message}`);
    return 1;
  }
}

async function runStackCommand(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(STACK_USAGE);
    return 0;
  }
  let options: StackArguments;
  let config;
  try {
    options = parseStackArguments(args);
    config = loadConfig(process.env);
  } catch (error) {
    console.error(`drsctl stack: ${(error as Error).message}\n\n${STACK_USAGE}`);
    return 2;
  }
  try {
    return await runStack(config, options, inheritedEnvironment());
  } catch (error) {
    console.error(`drsctl stack failed: ${(error as Error).message}`);
    return 1;
  }
}

function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function runUsers(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help') {
    console.log(USERS_USAGE);
    return args.length === 0 ? 2 : 0;
  }
  try {
    return await runUsersCommand(args, loadConfig(process.env).databaseUrl, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`drsctl users: ${error.message}\n\n${USERS_USAGE}`);
      return 2;
    }
    const known = error instanceof ConfigError || error instanceof InvalidUserError;
    console.error(`drsctl users: ${known ? error.message : ((error as Error).message ?? String(error))}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`drsctl: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
