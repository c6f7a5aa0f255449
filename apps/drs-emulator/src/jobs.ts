import type { Job, JobLog, JobLogEvent, JobLogEventData, JobStatus, LaunchStatus } from '@aws-sdk/client-drs';
import { toIsoString } from './clock';

export type JobType = 'LAUNCH' | 'TERMINATE';
export type JobInitiator = 'START_RECOVERY' | 'START_DRILL' | 'FAILBACK' | 'TERMINATE_RECOVERY_INSTANCES';
export type ParticipantOutcome = 'LAUNCHED' | 'FAILED' | 'TERMINATED';

/** Shares of a launch's duration at which its phases end. DRS documents no split; these are estimates. */
const SNAPSHOT_SHARE = 0.1;
const CONVERSION_END_SHARE = 0.6;

export interface PlannedLogEvent {
  atMs: number;
  event: JobLogEvent;
  eventData?: JobLogEventData;
}

/** One source server in a job, with its whole timeline fixed when the job is created. */
export interface JobParticipant {
  sourceServerID: string;
  /**
   * In a launch job, the instance that exists once the launch succeeds. In a terminate job, the
   * instance being terminated.
   */
  recoveryInstanceID?: string;
  startAtMs: number;
  finishAtMs: number;
  outcome: ParticipantOutcome;
  events: PlannedLogEvent[];
  /** Time of the existing point-in-time snapshot a launch starts from; absent when it takes a new one. */
  pointInTimeSnapshotAtMs?: number;
}

/**
 * A job and its precomputed schedule. Status, participant states and visible log items are all
 * functions of this record and the current time, so nothing needs a timer to move forward.
 */
export interface JobRecord {
  sequence: number;
  jobID: string;
  arn: string;
  accountID: string;
  region: string;
  type: JobType;
  initiatedBy: JobInitiator;
  isDrill: boolean;
  tags: Record<string, string>;
  createdAtMs: number;
  startedAtMs: number;
  endAtMs: number;
  participants: JobParticipant[];
  /** Set by DeleteJob: the job is then hidden from the API but still counted in the statistics. */
  deletedAtMs?: number;
}

export interface NewJobFields {
  sequence: number;
  jobID: string;
  accountID: string;
  region: string;
  tags: Record<string, string>;
  createdAtMs: number;
  /** Real time between creation and the job leaving PENDING. */
  startDelayMs: number;
}

export interface LaunchFailure {
  /**
   * `snapshot`: no usable data, so the snapshot step fails. `conversion`: the conversion server
   * fails. `launch`: the instance fails to start.
   */
  stage: 'snapshot' | 'conversion' | 'launch';
  rawError: string;
}

export interface PlannedLaunch {
  sourceServerID: string;
  recoverySnapshotID?: string;
  /** No snapshot can be taken now (replication disconnected or stalled): launch from the latest one. */
  usePreviousSnapshot?: boolean;
  /** Time of the snapshot named by recoverySnapshotID, or of the latest one when usePreviousSnapshot is set. */
  pointInTimeSnapshotAtMs?: number;
  durationMs: number;
  recoveryInstanceID: string;
  conversionServerID: string;
  failure?: LaunchFailure;
}

/** One recovery instance that StartFailbackLaunch returns to its origin. */
export interface PlannedFailback {
  sourceServerID: string;
  recoveryInstanceID: string;
  conversionServerID: string;
  durationMs: number;
}

export interface PlannedTermination {
  sourceServerID: string;
  recoveryInstanceID: string;
  durationMs: number;
}

export function jobArn(region: string, accountID: string, jobID: string): string {
  return `arn:aws:drs:${region}:${accountID}:job/${jobID}`;
}

/**
 * Plans a StartRecovery job. Every server starts when the job leaves PENDING and runs its own
 * duration. The log follows the order DRS's event names imply (the order itself is not
 * documented): snapshot, conversion, launch.
 */
export function planLaunchJob(
  fields: NewJobFields & { isDrill: boolean; launches: PlannedLaunch[] },
): JobRecord {
  const startedAtMs = fields.createdAtMs + fields.startDelayMs;
  const participants = fields.launches.map((launch) => planLaunchParticipant(launch, startedAtMs));

  return {
    ...baseRecord(fields, startedAtMs, participants),
    type: 'LAUNCH',
    initiatedBy: fields.isDrill ? 'START_DRILL' : 'START_RECOVERY',
    isDrill: fields.isDrill,
  };
}

/**
 * Plans a StartFailbackLaunch job: conversion on the failback client, then the launch into the
 * origin. DRS documents neither the events nor their timing; this reuses the launch events.
 */
export function planFailbackJob(fields: NewJobFields & { failbacks: PlannedFailback[] }): JobRecord {
  const startedAtMs = fields.createdAtMs + fields.startDelayMs;
  const participants = fields.failbacks.map((failback): JobParticipant => {
    const server = { sourceServerID: failback.sourceServerID };
    const conversion = { ...server, conversionServerID: failback.conversionServerID };
    const conversionDoneAtMs = startedAtMs + failback.durationMs * CONVERSION_END_SHARE;
    const finishAtMs = startedAtMs + failback.durationMs;

    return {
      sourceServerID: failback.sourceServerID,
      recoveryInstanceID: failback.recoveryInstanceID,
      startAtMs: startedAtMs,
      finishAtMs,
      outcome: 'LAUNCHED',
      events: [
        { atMs: startedAtMs, event: 'CONVERSION_START', eventData: conversion },
        { atMs: conversionDoneAtMs, event: 'CONVERSION_END', eventData: conversion },
        {
          atMs: conversionDoneAtMs,
          event: 'LAUNCH_START',
          eventData: { ...server, targetInstanceID: failback.recoveryInstanceID },
        },
      ],
    };
  });

  return {
    ...baseRecord(fields, startedAtMs, participants),
    type: 'LAUNCH',
    initiatedBy: 'FAILBACK',
    isDrill: false,
  };
}

/** Plans a TerminateRecoveryInstances job: one cleanup per instance. */
export function planTerminateJob(fields: NewJobFields & { terminations: PlannedTermination[] }): JobRecord {
  const startedAtMs = fields.createdAtMs + fields.startDelayMs;
  const participants = fields.terminations.map((termination): JobParticipant => {
    const finishAtMs = startedAtMs + termination.durationMs;
    const eventData = {
      sourceServerID: termination.sourceServerID,
      targetInstanceID: termination.recoveryInstanceID,
    };

    return {
      sourceServerID: termination.sourceServerID,
      recoveryInstanceID: termination.recoveryInstanceID,
      startAtMs: startedAtMs,
      finishAtMs,
      outcome: 'TERMINATED',
      events: [
        { atMs: startedAtMs, event: 'CLEANUP_START', eventData },
        { atMs: finishAtMs, event: 'CLEANUP_END', eventData },
      ],
    };
  });

  return {
    ...baseRecord(fields, startedAtMs, participants),
    type: 'TERMINATE',
    initiatedBy: 'TERMINATE_RECOVERY_INSTANCES',
    isDrill: false,
  };
}

/** Returns whether the job names its recovery instances before they are LAUNCHED: terminate and failback jobs act on existing ones. */
export function jobActsOnExistingInstances(job: JobRecord): boolean {
  return job.type === 'TERMINATE' || job.initiatedBy === 'FAILBACK';
}

/** Returns whether the job is still active at `nowMs`; an active job keeps its servers out of other jobs. */
export function isJobActiveAt(job: JobRecord, nowMs: number): boolean {
  return nowMs < job.endAtMs;
}

export function jobStatusAt(job: JobRecord, nowMs: number): JobStatus {
  if (nowMs < job.startedAtMs) {
    return 'PENDING';
  }

  return isJobActiveAt(job, nowMs) ? 'STARTED' : 'COMPLETED';
}

export function participantStatusAt(participant: JobParticipant, nowMs: number): LaunchStatus {
  if (nowMs < participant.startAtMs) {
    return 'PENDING';
  }
  if (nowMs < participant.finishAtMs) {
    return 'IN_PROGRESS';
  }

  return participant.outcome;
}

/** The job as DescribeJobs returns it at `nowMs`. */
export function jobOutput(job: JobRecord, nowMs: number): Job {
  const status = jobStatusAt(job, nowMs);

  return {
    jobID: job.jobID,
    arn: job.arn,
    type: job.type,
    initiatedBy: job.initiatedBy,
    creationDateTime: toIsoString(job.createdAtMs),
    endDateTime: status === 'COMPLETED' ? toIsoString(job.endAtMs) : undefined,
    status,
    participatingServers: job.participants.map((participant) => {
      const launchStatus = participantStatusAt(participant, nowMs);
      // A recovery launch names its instance only once the instance exists.
      const showInstance = jobActsOnExistingInstances(job) || launchStatus === 'LAUNCHED';

      return {
        sourceServerID: participant.sourceServerID,
        launchStatus,
        recoveryInstanceID: showInstance ? participant.recoveryInstanceID : undefined,
      };
    }),
    tags: { ...job.tags },
  };
}

/**
 * Returns the job log items that have happened by `nowMs`, oldest first. JOB_START comes first and
 * JOB_END last. Between them, the events of different servers interleave by time, while each
 * server's own events keep their order.
 */
export function jobLogOutput(job: JobRecord, nowMs: number): JobLog[] {
  const planned: PlannedLogEvent[] = [{ atMs: job.startedAtMs, event: 'JOB_START' }];
  for (const participant of job.participants) {
    planned.push(...participant.events);
  }
  planned.push({ atMs: job.endAtMs, event: 'JOB_END' });

  // Array.prototype.sort is stable, so equal times keep the insertion order above.
  return planned
    .filter((entry) => entry.atMs <= nowMs)
    .sort((a, b) => a.atMs - b.atMs)
    .map((entry) => ({
      event: entry.event,
      logDateTime: toIsoString(entry.atMs),
      eventData: entry.eventData ? { ...entry.eventData } : undefined,
    }));
}

function baseRecord(
  fields: NewJobFields,
  startedAtMs: number,
  participants: JobParticipant[],
): Omit<JobRecord, 'type' | 'initiatedBy' | 'isDrill'> {
  const endAtMs = participants.reduce(
    (latest, participant) => Math.max(latest, participant.finishAtMs),
    startedAtMs,
  );

  return {
    sequence: fields.sequence,
    jobID: fields.jobID,
    arn: jobArn(fields.region, fields.accountID, fields.jobID),
    accountID: fields.accountID,
    region: fields.region,
    tags: { ...fields.tags },
    createdAtMs: fields.createdAtMs,
    startedAtMs,
    endAtMs,
    participants,
  };
}

function planLaunchParticipant(launch: PlannedLaunch, startAtMs: number): JobParticipant {
  const server = { sourceServerID: launch.sourceServerID };
  const snapshotDoneAtMs = startAtMs + launch.durationMs * SNAPSHOT_SHARE;
  const conversionDoneAtMs = startAtMs + launch.durationMs * CONVERSION_END_SHARE;
  const launchDoneAtMs = startAtMs + launch.durationMs;
  const events: PlannedLogEvent[] = [];

  if (launch.failure?.stage === 'snapshot') {
    const failureData = { ...server, rawError: launch.failure.rawError };
    if (launch.recoverySnapshotID || launch.usePreviousSnapshot) {
      events.push({
        atMs: snapshotDoneAtMs,
        event: 'USING_PREVIOUS_SNAPSHOT_FAILED',
        eventData: failureData,
      });
    } else {
      events.push({ atMs: startAtMs, event: 'SNAPSHOT_START', eventData: server });
      events.push({ atMs: snapshotDoneAtMs, event: 'SNAPSHOT_FAIL', eventData: failureData });
    }
    events.push({ atMs: snapshotDoneAtMs, event: 'LAUNCH_FAILED', eventData: failureData });

    return {
      sourceServerID: launch.sourceServerID,
      recoveryInstanceID: launch.recoveryInstanceID,
      startAtMs,
      finishAtMs: snapshotDoneAtMs,
      outcome: 'FAILED',
      events,
    };
  }

  const pointInTimeSnapshotAtMs = launch.pointInTimeSnapshotAtMs;
  if (launch.recoverySnapshotID || launch.usePreviousSnapshot) {
    events.push({ atMs: startAtMs, event: 'USING_PREVIOUS_SNAPSHOT', eventData: server });
  } else {
    events.push({ atMs: startAtMs, event: 'SNAPSHOT_START', eventData: server });
    events.push({ atMs: snapshotDoneAtMs, event: 'SNAPSHOT_END', eventData: server });
  }

  const conversion = { ...server, conversionServerID: launch.conversionServerID };
  events.push({ atMs: snapshotDoneAtMs, event: 'CONVERSION_START', eventData: conversion });

  if (launch.failure?.stage === 'conversion') {
    const failureData = { ...conversion, rawError: launch.failure.rawError };
    events.push({ atMs: conversionDoneAtMs, event: 'CONVERSION_FAIL', eventData: failureData });
    events.push({ atMs: conversionDoneAtMs, event: 'LAUNCH_FAILED', eventData: failureData });

    return {
      sourceServerID: launch.sourceServerID,
      recoveryInstanceID: launch.recoveryInstanceID,
      startAtMs,
      finishAtMs: conversionDoneAtMs,
      outcome: 'FAILED',
      events,
      pointInTimeSnapshotAtMs,
    };
  }

  events.push({ atMs: conversionDoneAtMs, event: 'CONVERSION_END', eventData: conversion });
  events.push({
    atMs: conversionDoneAtMs,
    event: 'LAUNCH_START',
    eventData: { ...server, targetInstanceID: launch.recoveryInstanceID },
  });

  if (launch.failure?.stage === 'launch') {
    events.push({
      atMs: launchDoneAtMs,
      event: 'LAUNCH_FAILED',
      eventData: { ...server, rawError: launch.failure.rawError },
    });
  }

  return {
    sourceServerID: launch.sourceServerID,
    recoveryInstanceID: launch.recoveryInstanceID,
    startAtMs,
    finishAtMs: launchDoneAtMs,
    outcome: launch.failure ? 'FAILED' : 'LAUNCHED',
    events,
    pointInTimeSnapshotAtMs,
  };
}
