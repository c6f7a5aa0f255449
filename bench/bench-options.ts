export interface BenchOptions {
  /** Emulator time scale: 0.01 makes a 20-minute Windows launch take 12 s. */
  timeScale: number;
  jobPollIntervalMs: number;
  seed: number;
  subscribers: number;
  subscriberProcesses: number;
  apiLoadSeconds: number;
  reportDir: string;
  verbose: boolean;
  /** Exit with status 1 when a target is missed. */
  check: boolean;
  /** Stack to run: `small` (three-tier-100 and the 250-server wave), `enterprise`, or both. */
  stage: 'all' | 'small' | 'enterprise';
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Starts the DRS emulator and the four services on 127.0.0.1 with a fresh database and queue
prefix, runs the benchmark scenarios, prints a table and writes reports/bench-<time>.json.

Options:
  --time-scale X        emulator time scale (default 0.01: a 20-minute launch takes 12 s)
  --poll-interval-ms N  JOB_POLL_INTERVAL_MS of the launcher (default 250)
  --seed N              emulator random seed (default 1)
  --subscribers N       WebSocket subscribers during three-tier-100 (default 200)
  --api-seconds N       length of each measured API load run in seconds (default 10)
  --report-dir D        folder for the JSON report and service logs (default reports)
  --stage S             all (default); small: three-tier-100 and the 250-server wave only;
                        enterprise: enterprise-1000 and the API load only
  --check               exit with status 1 when a target is missed
  --verbose             print every line the services log

Environment: DATABASE_URL and REDIS_URL name the Postgres server and Redis to use; the
benchmark creates its own databases on that server and drops them at the end.`;

export class BenchUsageError extends Error {}

function numberOption(flag: string, value: string | undefined, isValid: (parsed: number) => boolean): number {
  const parsed = Number(value);
  if (value === undefined || !isValid(parsed)) {
    throw new BenchUsageError(`${flag} got an invalid value "${value ?? ''}"`);
  }

  return parsed;
}

export function parseBenchOptions(args: string[]): BenchOptions {
  const options: BenchOptions = {
    timeScale: 0.01,
    jobPollIntervalMs: 250,
    seed: 1,
    subscribers: 200,
    subscriberProcesses: 4,
    apiLoadSeconds: 10,
    reportDir: 'reports',
    verbose: false,
    check: false,
    stage: 'all',
  };
  for (let index = 0; index < args.length; index++) {
    const flag = args[index];
    const value = args[index + 1];
    switch (flag) {
      case '--time-scale':
        options.timeScale = numberOption(flag, value, (parsed) => parsed > 0 && parsed <= 1);
        index++;
        break;
      case '--poll-interval-ms':
        options.jobPollIntervalMs = numberOption(
          flag,
          value,
          (parsed) => Number.isInteger(parsed) && parsed >= 10,
        );
        index++;
        break;
      case '--seed':
        options.seed = numberOption(flag, value, (parsed) => Number.isInteger(parsed) && parsed >= 0);
        index++;
        break;
      case '--subscribers':
        options.subscribers = numberOption(flag, value, (parsed) => Number.isInteger(parsed) && parsed >= 1);
        index++;
        break;
      case '--api-seconds':
        options.apiLoadSeconds = numberOption(
          flag,
          value,
          (parsed) => Number.isInteger(parsed) && parsed >= 1,
        );
        index++;
        break;
      case '--report-dir':
        if (!value) {
          throw new BenchUsageError('--report-dir needs a folder');
        }
        options.reportDir = value;
        index++;
        break;
      case '--stage':
        if (value !== 'all' && value !== 'small' && value !== 'enterprise') {
          throw new BenchUsageError(`--stage must be all, small or enterprise, got "${value ?? ''}"`);
        }
        options.stage = value;
        index++;
        break;
      case '--check':
        options.check = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      default:
        throw new BenchUsageError(`unknown option "${flag}"`);
    }
  }

  return options;
}
