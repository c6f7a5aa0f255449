/**
 * DRS service quotas that the emulator enforces, per account and Region. The defaults are the
 * values listed for these quota codes in late 2025, taken from third-party copies of the AWS quota
 * table rather than from AWS directly. AWS has changed them before, so they are settings.
 */
export interface DrsQuotas {
  /** Max source servers in a single Job (L-B827C881). */
  maxServersPerJob: number;
  /** Concurrent jobs in progress (L-D88FAC3A). */
  maxJobsInProgress: number;
  /** Max source servers in all Jobs (L-05AFA8C6). */
  maxServersInActiveJobs: number;
  /** Max number of launch actions per resource (L-0588D03B). */
  maxLaunchActionsPerResource: number;
}

export const DEFAULT_QUOTAS: Readonly<DrsQuotas> = {
  maxServersPerJob: 100,
  maxJobsInProgress: 20,
  maxServersInActiveJobs: 500,
  maxLaunchActionsPerResource: 200,
};

export const QUOTA_CODES: Readonly<Record<keyof DrsQuotas, string>> = {
  maxServersPerJob: 'L-B827C881',
  maxJobsInProgress: 'L-D88FAC3A',
  maxServersInActiveJobs: 'L-05AFA8C6',
  maxLaunchActionsPerResource: 'L-0588D03B',
};

/** Timing and limits of the simulated service, fixed when the emulator starts. */
export interface EngineSettings {
  /** Factor applied to every simulated duration: 0.01 turns a 300-second launch into 3 seconds. */
  timeScale: number;
  quotas: DrsQuotas;
  /** Emulated seconds a job stays PENDING before it starts. */
  jobStartDelaySeconds: number;
  /** Mean emulated seconds to terminate one recovery instance. */
  terminationMeanSeconds: number;
  /** Relative spread of termination durations, as in the scenarios' launchTiming. */
  terminationJitter: number;
}

export const DEFAULT_JOB_START_DELAY_SECONDS = 1;
export const DEFAULT_TERMINATION_MEAN_SECONDS = 60;
export const DEFAULT_TERMINATION_JITTER = 0.2;

/**
 * Point-in-time snapshots: DRS keeps snapshots of a replicating server at shrinking intervals over
 * days. The emulator simplifies this to one snapshot every 10 minutes of clock time, kept for 24
 * hours; both numbers are assumptions, not documented values.
 */
export const SNAPSHOT_INTERVAL_SECONDS = 600;
export const SNAPSHOT_RETENTION_SECONDS = 24 * 3600;

/** An invalid settings patch from the control API or the emulator options; the message lists every problem. */
export class SettingsError extends Error {}

/** Reads a partial quota object from untrusted JSON: known names only, each a positive integer. */
export function parseQuotaPatch(value: unknown): Partial<DrsQuotas> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsError('the quotas body must be a JSON object');
  }

  const problems: string[] = [];
  const patch: Partial<DrsQuotas> = {};
  for (const [name, quota] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_QUOTAS, name)) {
      problems.push(`unknown quota "${name}"; expected ${Object.keys(DEFAULT_QUOTAS).join(', ')}`);
      continue;
    }
    if (typeof quota !== 'number' || !Number.isInteger(quota) || quota < 1) {
      problems.push(`${name} must be a positive integer, not ${JSON.stringify(quota)}`);
      continue;
    }
    patch[name as keyof DrsQuotas] = quota;
  }

  if (problems.length > 0) {
    throw new SettingsError(`invalid quotas: ${problems.join('; ')}`);
  }

  return patch;
}
