import type { LaunchStatus } from '@aws-sdk/client-drs';
import { toIsoString } from './clock';
import { jobActsOnExistingInstances, JobRecord, JobType, participantStatusAt } from './jobs';
import { AccountRegionState } from './state';

/** One StartRecovery call, whatever its outcome. */
export interface StartRecoveryCallRecord {
  at: string;
  /** The account and Region the call was signed for, even when the emulator does not hold them. */
  accountID: string;
  region: string;
  jobID: string | null;
  sourceServerIDs: string[];
  isDrill: boolean;
  tags: Record<string, string>;
  /** `accepted`, or the name of the exception returned. */
  outcome: string;
}

export interface JobServerStats {
  sourceServerID: string;
  launchStatus: LaunchStatus;
  /** When the server went IN_PROGRESS; null while still PENDING. */
  startedAt: string | null;
  /** When the server reached its final state; null until then. */
  finishedAt: string | null;
  recoveryInstanceID: string | null;
}

/** One fault the emulator injected into a call. */
export interface InjectedFaultRecord {
  at: string;
  operation: string;
  /** `throttle`, `internalError`, `conflict`, `hang`, `drop`, `conflictFirstN` or `latency`. */
  fault: string;
  /** The added delay of a `latency` fault. */
  delayMs?: number;
}

export interface JobStats {
  jobID: string;
  type: JobType;
  accountID: string;
  region: string;
  createdAt: string;
  endedAt: string | null;
  tags: Record<string, string>;
  servers: JobServerStats[];
  /** Present once DeleteJob removed the job from the API. */
  deletedAt?: string;
}

/** The body of `GET /__emulator/stats`. Times are ISO strings on the emulator's clock. */
export interface EmulatorStats {
  callsByOperation: Record<string, number>;
  startRecoveryCalls: StartRecoveryCallRecord[];
  jobs: JobStats[];
  /** Number of LAUNCH jobs each source server took part in. */
  jobsPerServer: Record<string, number>;
  /** Highest number of jobs active at once in any one account and Region. */
  maxJobsInFlight: number;
  /** Highest number of servers in active jobs at once in any one account and Region. */
  maxServersInFlight: number;
  quotaRefusals: number;
  /** ServiceQuotaExceededException responses by quota code, such as `L-05AFA8C6`. */
  quotaRefusalsByCode: Record<string, number>;
  conflicts: number;
  /** ThrottlingException responses, from the rate limit and from injected faults. */
  throttles: number;
  throttlesByOperation: Record<string, number>;
  /** Every error response by exception name. */
  errorsByException: Record<string, number>;
  /** Injected faults in the order they happened. */
  injectedFaults: InjectedFaultRecord[];
}

/** Counters of the calls the emulator handled, cleared by a reset. */
export class CallLog {
  private callsByOperation: Record<string, number> = {};
  private startRecoveryCalls: StartRecoveryCallRecord[] = [];
  private quotaRefusals = 0;
  private quotaRefusalsByCode: Record<string, number> = {};
  private conflicts = 0;
  private throttlesByOperation: Record<string, number> = {};
  private errorsByException: Record<string, number> = {};
  private injectedFaults: InjectedFaultRecord[] = [];

  countCall(operationName: string): void {
    increment(this.callsByOperation, operationName);
  }

  /** Counts an error response; `quotaCode` is the member of a ServiceQuotaExceededException. */
  countError(operationName: string, exceptionName: string, quotaCode?: string): void {
    increment(this.errorsByException, exceptionName);
    if (exceptionName === 'ServiceQuotaExceededException') {
      this.quotaRefusals += 1;
      increment(this.quotaRefusalsByCode, quotaCode ?? 'unknown');
    }
    if (exceptionName === 'ConflictException') {
      this.conflicts += 1;
    }
    if (exceptionName === 'ThrottlingException') {
      increment(this.throttlesByOperation, operationName);
    }
  }

  recordFault(record: InjectedFaultRecord): void {
    this.injectedFaults.push(record);
  }

  recordStartRecovery(record: StartRecoveryCallRecord): void {
    this.startRecoveryCalls.push(record);
  }

  clear(): void {
    this.callsByOperation = {};
    this.startRecoveryCalls = [];
    this.quotaRefusals = 0;
    this.quotaRefusalsByCode = {};
    this.conflicts = 0;
    this.throttlesByOperation = {};
    this.errorsByException = {};
    this.injectedFaults = [];
  }

  /** Combines the counters with the jobs of every account and Region as they stand at `nowMs`. */
  buildStats(regions: AccountRegionState[], nowMs: number): EmulatorStats {
    const jobs = regions.flatMap((region) => region.jobs).sort((a, b) => a.createdAtMs - b.createdAtMs);

    const jobsPerServer: Record<string, number> = {};
    for (const job of jobs) {
      if (job.type !== 'LAUNCH') {
        continue;
      }
      for (const participant of job.participants) {
        jobsPerServer[participant.sourceServerID] = (jobsPerServer[participant.sourceServerID] ?? 0) + 1;
      }
    }

    let maxJobsInFlight = 0;
    let maxServersInFlight = 0;
    for (const region of regions) {
      const peaks = peakConcurrency(region.jobs, nowMs);
      maxJobsInFlight = Math.max(maxJobsInFlight, peaks.jobs);
      maxServersInFlight = Math.max(maxServersInFlight, peaks.servers);
    }

    return {
      callsByOperation: { ...this.callsByOperation },
      startRecoveryCalls: this.startRecoveryCalls.map((record) => ({
        ...record,
        sourceServerIDs: [...record.sourceServerIDs],
        tags: { ...record.tags },
      })),
      jobs: jobs.map((job) => jobStats(job, nowMs)),
      jobsPerServer,
      maxJobsInFlight,
      maxServersInFlight,
      quotaRefusals: this.quotaRefusals,
      quotaRefusalsByCode: { ...this.quotaRefusalsByCode },
      conflicts: this.conflicts,
      throttles: Object.values(this.throttlesByOperation).reduce((sum, count) => sum + count, 0),
      throttlesByOperation: { ...this.throttlesByOperation },
      errorsByException: { ...this.errorsByException },
      injectedFaults: this.injectedFaults.map((record) => ({ ...record })),
    };
  }
}

function jobStats(job: JobRecord, nowMs: number): JobStats {
  const stats: JobStats = {
    jobID: job.jobID,
    type: job.type,
    accountID: job.accountID,
    region: job.region,
    createdAt: toIsoString(job.createdAtMs),
    endedAt: nowMs >= job.endAtMs ? toIsoString(job.endAtMs) : null,
    tags: { ...job.tags },
    servers: job.participants.map((participant) => {
      const launchStatus = participantStatusAt(participant, nowMs);
      const launched = jobActsOnExistingInstances(job) || launchStatus === 'LAUNCHED';

      return {
        sourceServerID: participant.sourceServerID,
        launchStatus,
        startedAt: nowMs >= participant.startAtMs ? toIsoString(participant.startAtMs) : null,
        finishedAt: nowMs >= participant.finishAtMs ? toIsoString(participant.finishAtMs) : null,
        recoveryInstanceID: launched ? (participant.recoveryInstanceID ?? null) : null,
      };
    }),
  };
  if (job.deletedAtMs !== undefined) {
    stats.deletedAt = toIsoString(job.deletedAtMs);
  }

  return stats;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Sweeps the jobs' active intervals up to `nowMs` and returns the highest number of jobs, and of
 * servers in them, active at the same moment. A job that ends at the instant another starts does
 * not overlap it.
 */
function peakConcurrency(jobs: JobRecord[], nowMs: number): { jobs: number; servers: number } {
  const changes: { atMs: number; jobs: number; servers: number }[] = [];
  for (const job of jobs) {
    const servers = job.participants.length;
    changes.push({ atMs: job.createdAtMs, jobs: 1, servers });
    if (job.endAtMs <= nowMs) {
      changes.push({ atMs: job.endAtMs, jobs: -1, servers: -servers });
    }
  }
  changes.sort((a, b) => a.atMs - b.atMs || a.jobs - b.jobs);

  let jobsActive = 0;
  let serversActive = 0;
  let peakJobs = 0;
  let peakServers = 0;
  for (const change of changes) {
    jobsActive += change.jobs;
    serversActive += change.servers;
    peakJobs = Math.max(peakJobs, jobsActive);
    peakServers = Math.max(peakServers, serversActive);
  }

  return { jobs: peakJobs, servers: peakServers };
}
