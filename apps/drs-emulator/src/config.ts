/** Start-up settings of the emulator process, read from command-line flags with environment fallbacks. */
export interface EmulatorCliConfig {
  scenarios: string[];
  port: number;
  host: string;
  timeScale: number;
  seed: number;
  control: boolean;
  conflictFirstN: number;
  clock: 'real' | 'manual';
  help: boolean;
}

export class ConfigError extends Error {}

export const DEFAULT_SCENARIO = 'seed-demo-6';
export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = '127.0.0.1';

export const USAGE = `Usage: node dist/apps/drs-emulator/src/main.js [options]

A local AWS Elastic Disaster Recovery (DRS) endpoint for @aws-sdk/client-drs and the AWS CLI.

Options (environment variable in brackets; flags win):
  --scenario NAME|PATH    scenario to load, by name from scenarios/ or by file path; repeat to load
                          several [DRS_EMULATOR_SCENARIO, comma-separated] (default ${DEFAULT_SCENARIO})
  --port N                TCP port, 0 for a free one [DRS_EMULATOR_PORT] (default ${DEFAULT_PORT})
  --host HOST             address to listen on [DRS_EMULATOR_HOST] (default ${DEFAULT_HOST})
  --time-scale X          factor applied to simulated durations; 0.01 makes a 300-second launch take
                          3 seconds [DRS_EMULATOR_TIME_SCALE] (default 1)
  --seed N                seed of the random ids and launch durations [DRS_EMULATOR_SEED] (default 1)
  --control               serve the control API under /__emulator/ [DRS_EMULATOR_CONTROL=true]
  --conflict-first-n N    answer the first N StartRecovery calls with ConflictException
                          [DRS_EMULATOR_CONFLICT_FIRST_N] (default 0)
  --clock real|manual     manual: time moves only through POST /__emulator/clock/advance
                          [DRS_EMULATOR_CLOCK] (default real)
  --help                  print this help and exit`;

type FlagName =
  | 'scenario'
  | 'port'
  | 'host'
  | 'time-scale'
  | 'seed'
  | 'control'
  | 'conflict-first-n'
  | 'clock';

const VALUE_FLAGS: ReadonlySet<string> = new Set([
  'scenario',
  'port',
  'host',
  'time-scale',
  'seed',
  'conflict-first-n',
  'clock',
]);

/**
 * Parses flags and environment variables into a config. Every invalid flag or variable is listed
 * in one ConfigError, so the user sees all problems at once.
 */
export function parseEmulatorConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): EmulatorCliConfig {
  const problems: string[] = [];
  const flags = readFlags(argv, problems);

  const single = (name: FlagName, variable: string): { text: string; source: string } | undefined => {
    const values = flags.get(name);
    if (values && values.length > 0) {
      return { text: values[values.length - 1], source: `--${name}` };
    }
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') {
      return { text: fromEnv, source: variable };
    }

    return undefined;
  };

  const scenarioFlags = flags.get('scenario') ?? [];
  const scenarioEnv = (env.DRS_EMULATOR_SCENARIO ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  let scenarios = [DEFAULT_SCENARIO];
  if (scenarioFlags.length > 0) {
    scenarios = scenarioFlags;
  } else if (scenarioEnv.length > 0) {
    scenarios = scenarioEnv;
  }
  if (scenarios.some((name) => name.trim() === '')) {
    problems.push('--scenario must name a scenario or a file');
  }

  const port = readInteger(single('port', 'DRS_EMULATOR_PORT'), DEFAULT_PORT, 0, 65535, problems);
  const seed = readInteger(
    single('seed', 'DRS_EMULATOR_SEED'),
    1,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    problems,
  );
  const conflictFirstN = readInteger(
    single('conflict-first-n', 'DRS_EMULATOR_CONFLICT_FIRST_N'),
    0,
    0,
    Number.MAX_SAFE_INTEGER,
    problems,
  );
  const timeScale = readTimeScale(single('time-scale', 'DRS_EMULATOR_TIME_SCALE'), problems);

  const hostSetting = single('host', 'DRS_EMULATOR_HOST');
  const host = hostSetting?.text.trim() ?? DEFAULT_HOST;
  if (host === '') {
    problems.push(`${hostSetting?.source} must not be empty`);
  }

  const clockSetting = single('clock', 'DRS_EMULATOR_CLOCK');
  const clock = clockSetting?.text ?? 'real';
  if (clock !== 'real' && clock !== 'manual') {
    problems.push(`${clockSetting?.source} must be "real" or "manual", not "${clock}"`);
  }

  const control =
    flags.has('control') || readBoolean(env.DRS_EMULATOR_CONTROL, 'DRS_EMULATOR_CONTROL', problems);

  if (problems.length > 0) {
    throw new ConfigError(problems.join('; '));
  }

  return {
    scenarios,
    port,
    host,
    timeScale,
    seed,
    control,
    conflictFirstN,
    clock: clock as 'real' | 'manual',
    help: flags.has('help'),
  };
}

/** Accepts `--name value` and `--name=value`; `--control` and `--help` take no value. */
function readFlags(argv: readonly string[], problems: string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '-h' || argument === '--help') {
      add('help', '');
      continue;
    }
    if (!argument.startsWith('--')) {
      problems.push(`unexpected argument "${argument}"`);
      continue;
    }

    const [name, inlineValue] = splitFlag(argument.slice(2));
    if (name === 'control') {
      if (inlineValue !== undefined) {
        problems.push('--control takes no value; leave it out to keep the control API off');
      }
      add(name, '');
      continue;
    }
    if (!VALUE_FLAGS.has(name)) {
      problems.push(`unknown option --${name}`);
      continue;
    }

    if (inlineValue !== undefined) {
      add(name, inlineValue);
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) {
      problems.push(`--${name} needs a value`);
      continue;
    }
    add(name, next);
    index += 1;
  }

  return flags;
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');

  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function readInteger(
  setting: { text: string; source: string } | undefined,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (!setting) {
    return fallback;
  }

  const value = Number(setting.text);
  if (!/^-?\d+$/.test(setting.text.trim()) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    problems.push(`${setting.source} must be an integer ${range}, not "${setting.text}"`);
    return fallback;
  }

  return value;
}

function readTimeScale(setting: { text: string; source: string } | undefined, problems: string[]): number {
  if (!setting) {
    return 1;
  }

  const value = Number(setting.text);
  if (setting.text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    problems.push(`${setting.source} must be a number greater than 0, such as 0.01, not "${setting.text}"`);
    return 1;
  }

  return value;
}

function readBoolean(text: string | undefined, source: string, problems: string[]): boolean {
  if (text === undefined || text === '') {
    return false;
  }

  const normalized = text.trim().toLowerCase();
  if (normalized === 'true' || normalized === '1') {
    return true;
  }
  if (normalized === 'false' || normalized === '0') {
    return false;
  }

  problems.push(`${source} must be true or false, not "${text}"`);

  return false;
}
