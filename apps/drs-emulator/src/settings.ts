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
}

export const DEFAULT_QUOTAS: Readonly<DrsQuotas> = {
  maxServersPerJob: 100,
  maxJobsInProgress: 20,
  maxServersInActiveJobs: 500,
};

export const QUOTA_CODES: Readonly<Record<keyof DrsQuotas, string>> = {
  maxServersPerJob: 'L-B827C881',
  maxJobsInProgress: 'L-D88FAC3A',
  maxServersInActiveJobs: 'L-05AFA8C6',
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
