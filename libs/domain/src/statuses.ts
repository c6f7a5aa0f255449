export enum ExecutionMode {
  Drill = 'DRILL',
  Recovery = 'RECOVERY',
}

export enum ExecutionStatus {
  Pending = 'PENDING',
  Running = 'RUNNING',
  /** Stopped by an operator between batches and waves; DRS jobs in flight are still tracked. */
  Paused = 'PAUSED',
  /** Stopped by a wave's `halt` failure policy; waits for the operator to retry, skip or cancel. */
  Halted = 'HALTED',
  Succeeded = 'SUCCEEDED',
  /** Every wave ended and met its policy, but some servers did not launch or a wave was skipped. */
  Partial = 'PARTIAL',
  Failed = 'FAILED',
  Cancelled = 'CANCELLED',
}

export const ACTIVE_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  ExecutionStatus.Pending,
  ExecutionStatus.Running,
  ExecutionStatus.Paused,
  ExecutionStatus.Halted,
];

export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  ExecutionStatus.Succeeded,
  ExecutionStatus.Partial,
  ExecutionStatus.Failed,
  ExecutionStatus.Cancelled,
];

export enum WaveStatus {
  Pending = 'PENDING',
  Running = 'RUNNING',
  Succeeded = 'SUCCEEDED',
  /** Met its policy although some servers failed (optional ones, or within the minimum share). */
  Partial = 'PARTIAL',
  Failed = 'FAILED',
  /** Skipped by an operator; the waves that depend on it may start. */
  Skipped = 'SKIPPED',
  /** The execution was cancelled before the wave ended. */
  Cancelled = 'CANCELLED',
}

export const FINAL_WAVE_STATUSES: readonly WaveStatus[] = [
  WaveStatus.Succeeded,
  WaveStatus.Partial,
  WaveStatus.Failed,
  WaveStatus.Skipped,
  WaveStatus.Cancelled,
];

/** What a wave's failure does to the rest of the run. */
export enum FailurePolicy {
  /** The execution halts until an operator retries, skips the wave or cancels. */
  Halt = 'halt',
  /** The failure is recorded and the waves that depend on this one start anyway. */
  Continue = 'continue',
}

/** How the servers of one wave are sent to DRS. */
export enum LaunchOrder {
  /** All servers together, in as few DRS jobs as the per-job quota allows. */
  Parallel = 'parallel',
  /** One server after another, each waiting for the previous one to be final (boot order). */
  Sequential = 'sequential',
}

/**
 * Our view of one server in one execution. `Launching` to `Launched`/`Failed` mirror DRS's
 * `participatingServers[].launchStatus`; the states before them are ours.
 */
export enum ServerStatus {
  /** Waiting for its wave to start. */
  Pending = 'PENDING',
  /** Its wave started; the batch is queued for the launcher. */
  Queued = 'QUEUED',
  /** Sent to DRS in a job; DRS reports the server PENDING. */
  Launching = 'LAUNCHING',
  /** DRS reports IN_PROGRESS. */
  InProgress = 'IN_PROGRESS',
  Launched = 'LAUNCHED',
  Failed = 'FAILED',
  /** Never sent to DRS because its wave was skipped or the execution ended first. */
  Skipped = 'SKIPPED',
}

export const FINAL_SERVER_STATUSES: readonly ServerStatus[] = [
  ServerStatus.Launched,
  ServerStatus.Failed,
  ServerStatus.Skipped,
];

export enum BatchStatus {
  /** Created with its wave; a sequential wave releases its batches one at a time. */
  Planned = 'PLANNED',
  /** Handed to the launch queue. */
  Queued = 'QUEUED',
  /** Launch intent recorded; the StartRecovery outcome is not yet known. */
  Submitting = 'SUBMITTING',
  /** DRS accepted the job; tracked until it completes. */
  Submitted = 'SUBMITTED',
  Completed = 'COMPLETED',
  Failed = 'FAILED',
  Skipped = 'SKIPPED',
}

export const FINAL_BATCH_STATUSES: readonly BatchStatus[] = [
  BatchStatus.Completed,
  BatchStatus.Failed,
  BatchStatus.Skipped,
];

export enum CleanupStatus {
  NotRequested = 'NOT_REQUESTED',
  Requested = 'REQUESTED',
  InProgress = 'IN_PROGRESS',
  Completed = 'COMPLETED',
  Failed = 'FAILED',
}

export enum CleanupJobStatus {
  Submitting = 'SUBMITTING',
  Submitted = 'SUBMITTED',
  Completed = 'COMPLETED',
  Failed = 'FAILED',
}

export function isFinalServerStatus(status: ServerStatus): boolean {
  return FINAL_SERVER_STATUSES.includes(status);
}

export function isTerminalExecutionStatus(status: ExecutionStatus): boolean {
  return TERMINAL_EXECUTION_STATUSES.includes(status);
}
