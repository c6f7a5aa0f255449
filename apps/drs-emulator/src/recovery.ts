import type {
  StartRecoveryRequest,
  StartRecoveryResponse,
  TerminateRecoveryInstancesRequest,
  TerminateRecoveryInstancesResponse,
} from '@aws-sdk/client-drs';
import { scaledDurationMs } from './clock';
import { conflictError, resourceNotFoundError, serviceQuotaExceededError, validationError } from './errors';
import {
  JobRecord,
  jobOutput,
  LaunchFailure,
  PlannedLaunch,
  PlannedTermination,
  planLaunchJob,
  planTerminateJob,
} from './jobs';
import { JsonObject } from './json';
import { OperationContext } from './operation-context';
import { QUOTA_CODES } from './settings';
import { pointInTimeSnapshotsOf } from './snapshots';
import { instanceStateAt, RecoveryInstanceRecord, ServerRecord } from './state';
import { FieldViolation } from './validation';

/** Replication stopped by the operator: the emulator treats such a server as having no data to launch from. */
const UNLAUNCHABLE_REPLICATION_STATES = new Set(['STOPPED']);
/**
 * Replication states in which no new snapshot can be taken. DRS then launches from the latest
 * point in time it holds, which is what recovering from a lost site depends on.
 */
const PREVIOUS_SNAPSHOT_REPLICATION_STATES = new Set(['DISCONNECTED', 'STALLED']);

/**
 * StartRecovery: checks the request against the account's servers, active jobs and quotas, then
 * creates a LAUNCH job whose whole schedule is drawn now. Checks run before any random draw, so a
 * rejected call leaves the seeded streams untouched.
 */
export function startRecovery(context: OperationContext, input: JsonObject): StartRecoveryResponse {
  const request = input as unknown as StartRecoveryRequest;
  const entries = request.sourceServers ?? [];
  const serverIDs = entries.map((entry) => entry.sourceServerID as string);

  rejectDuplicates(serverIDs, (index) => `sourceServers[${index}].sourceServerID`);
  checkServersPerJob(context, serverIDs.length);

  const servers = serverIDs.map((id) => {
    const server = context.state.servers.get(id);
    if (!server) {
      throw resourceNotFoundError(
        `Source server ${id} not found in account ${context.state.accountID}, Region ${context.state.region}.`,
        id,
        'SOURCE_SERVER',
      );
    }

    return server;
  });

  const snapshotTimes = entries.map((entry, index) =>
    entry.recoverySnapshotID
      ? findSnapshotTimeMs(context, servers[index], entry.recoverySnapshotID)
      : undefined,
  );

  for (const id of serverIDs) {
    rejectServerInActiveJob(context, id);
  }
  checkConcurrentJobQuotas(context, serverIDs.length);

  const isDrill = request.isDrill === true;
  const launches = entries.map((entry, index) =>
    planServerLaunch(context, servers[index], entry.recoverySnapshotID, snapshotTimes[index]),
  );
  const job = planLaunchJob({
    ...newJobFields(context, request.tags ?? {}),
    isDrill,
    launches,
  });
  context.state.addJob(job);

  context.logger.log(
    `job ${job.jobID}: ${isDrill ? 'drill' : 'recovery'} of ${launches.length} server(s) accepted in ${context.state.key()}`,
  );

  return { job: jobOutput(job, context.nowMs) };
}

/**
 * TerminateRecoveryInstances: creates a TERMINATE job. Each instance goes SHUTTING-DOWN, then
 * TERMINATED, and is no longer listed once the job completes.
 */
export function terminateRecoveryInstances(
  context: OperationContext,
  input: JsonObject,
): TerminateRecoveryInstancesResponse {
  const request = input as unknown as TerminateRecoveryInstancesRequest;
  const instanceIDs = request.recoveryInstanceIDs ?? [];

  rejectDuplicates(instanceIDs, (index) => `recoveryInstanceIDs[${index}]`);
  checkServersPerJob(context, instanceIDs.length);

  const instances = instanceIDs.map((id) => findListedInstance(context, id));
  for (const instance of instances) {
    if (instance.termination) {
      throw conflictError(
        `Recovery instance ${instance.recoveryInstanceID} is already being terminated by job ${instance.termination.jobID}.`,
        instance.recoveryInstanceID,
        'RECOVERY_INSTANCE',
      );
    }
  }
  for (const sourceServerID of new Set(instances.map((instance) => instance.sourceServerID))) {
    rejectServerInActiveJob(context, sourceServerID);
  }
  checkConcurrentJobQuotas(context, instances.length);

  const terminations: PlannedTermination[] = instances.map((instance) => ({
    sourceServerID: instance.sourceServerID,
    recoveryInstanceID: instance.recoveryInstanceID,
    durationMs: drawDurationMs(
      context,
      context.settings.terminationMeanSeconds,
      context.settings.terminationJitter,
    ),
  }));
  const job = planTerminateJob({ ...newJobFields(context, {}), terminations });
  context.state.addJob(job);
  context.state.recordTermination(job);

  context.logger.log(
    `job ${job.jobID}: termination of ${terminations.length} recovery instance(s) accepted in ${context.state.key()}`,
  );

  return { job: jobOutput(job, context.nowMs) };
}

/** Returns when the named snapshot of the server was taken; a snapshot DRS does not hold is not found. */
function findSnapshotTimeMs(context: OperationContext, server: ServerRecord, snapshotID: string): number {
  const snapshot = pointInTimeSnapshotsOf(server.inventory.server, context.nowMs, context.seed).find(
    (candidate) => candidate.snapshotID === snapshotID,
  );
  if (!snapshot) {
    throw resourceNotFoundError(
      `Recovery snapshot ${snapshotID} not found for source server ${server.inventory.server.sourceServerID}; ` +
        'DescribeRecoverySnapshots lists the snapshots that exist.',
      snapshotID,
      'RECOVERY_SNAPSHOT',
    );
  }

  return snapshot.takenAtMs;
}

function planServerLaunch(
  context: OperationContext,
  server: ServerRecord,
  recoverySnapshotID: string | undefined,
  recoverySnapshotAtMs: number | undefined,
): PlannedLaunch {
  const { launchTiming } = server.inventory;
  // The duration is drawn for every server, failing or not, so one server's state does not shift
  // the draws of the servers after it.
  const durationMs = drawDurationMs(context, launchTiming.meanSeconds, launchTiming.jitter);
  const sourceServerID = server.inventory.server.sourceServerID as string;
  const usePreviousSnapshot = PREVIOUS_SNAPSHOT_REPLICATION_STATES.has(
    server.inventory.server.dataReplicationInfo?.dataReplicationState ?? '',
  );
  const latestSnapshot = usePreviousSnapshot
    ? pointInTimeSnapshotsOf(server.inventory.server, context.nowMs, context.seed).pop()
    : undefined;

  return {
    sourceServerID,
    recoverySnapshotID,
    usePreviousSnapshot,
    pointInTimeSnapshotAtMs: recoverySnapshotAtMs ?? latestSnapshot?.takenAtMs,
    durationMs,
    recoveryInstanceID: context.newInstanceID(),
    conversionServerID: context.newInstanceID(),
    failure: launchFailureOf(context, server),
  };
}

/**
 * Decides whether and where a launch fails. A server whose replication is STOPPED is accepted and
 * fails during the job, an assumption because DRS documents no behaviour for it. Scripted failures
 * and the launch-failure rate fail healthy servers too.
 */
function launchFailureOf(context: OperationContext, server: ServerRecord): LaunchFailure | undefined {
  const sourceServerID = server.inventory.server.sourceServerID as string;
  const replicationState = server.inventory.server.dataReplicationInfo?.dataReplicationState;
  if (replicationState && UNLAUNCHABLE_REPLICATION_STATES.has(replicationState)) {
    return {
      stage: 'snapshot',
      rawError: `Cannot create a snapshot: data replication of ${sourceServerID} is ${replicationState}.`,
    };
  }

  const scriptedPhase = context.faults.takeScriptedLaunchFailure(sourceServerID);
  if (scriptedPhase) {
    return {
      stage: scriptedPhase,
      rawError: `Injected fault: scripted ${scriptedPhase} failure of ${sourceServerID}.`,
    };
  }

  if (context.faults.drawLaunchFailure()) {
    return { stage: 'launch', rawError: 'Injected fault: the recovery instance failed to start.' };
  }

  return undefined;
}

/** meanSeconds × (1 + jitter × u), u uniform in [-1, 1], converted to real time by the time scale. */
export function drawDurationMs(context: OperationContext, meanSeconds: number, jitter: number): number {
  const spread = context.timingRandom.between(-1, 1);

  return scaledDurationMs(meanSeconds * (1 + jitter * spread), context.settings.timeScale);
}

export function newJobFields(context: OperationContext, tags: Record<string, string>) {
  return {
    sequence: context.nextJobSequence(),
    jobID: context.newJobID(),
    accountID: context.state.accountID,
    region: context.state.region,
    tags,
    createdAtMs: context.nowMs,
    startDelayMs: scaledDurationMs(context.settings.jobStartDelaySeconds, context.settings.timeScale),
  };
}

export function findListedInstance(
  context: OperationContext,
  recoveryInstanceID: string,
): RecoveryInstanceRecord {
  const instance = context.state.instances.get(recoveryInstanceID);
  if (!instance || instanceStateAt(instance, context.nowMs) === undefined) {
    throw resourceNotFoundError(
      `Recovery instance ${recoveryInstanceID} not found in account ${context.state.accountID}, ` +
        `Region ${context.state.region}.`,
      recoveryInstanceID,
      'RECOVERY_INSTANCE',
    );
  }

  return instance;
}

export function rejectServerInActiveJob(context: OperationContext, sourceServerID: string): void {
  const holder: JobRecord | undefined = context.state.activeJobHoldingServer(sourceServerID, context.nowMs);
  if (holder) {
    throw conflictError(
      `Source server ${sourceServerID} is already in active job ${holder.jobID}; ` +
        'a source server can be in one job at a time. Retry after that job completes.',
      sourceServerID,
      'SOURCE_SERVER',
    );
  }
}

export function rejectDuplicates(ids: string[], fieldName: (index: number) => string): void {
  const seen = new Set<string>();
  const violations: FieldViolation[] = [];
  ids.forEach((id, index) => {
    if (seen.has(id)) {
      violations.push({
        name: fieldName(index),
        constraint: 'count',
        message: `repeats ${id}; list each resource once`,
      });
    }
    seen.add(id);
  });

  if (violations.length > 0) {
    throw validationError(violations);
  }
}

export function checkServersPerJob(context: OperationContext, count: number): void {
  const limit = context.settings.quotas.maxServersPerJob;
  if (count > limit) {
    throw serviceQuotaExceededError(
      `A job can include at most ${limit} servers; this request has ${count}. Split it into several jobs.`,
      QUOTA_CODES.maxServersPerJob,
    );
  }
}

export function checkConcurrentJobQuotas(context: OperationContext, newServers: number): void {
  const { maxJobsInProgress, maxServersInActiveJobs } = context.settings.quotas;
  const active = context.state.activeJobsAt(context.nowMs);

  if (active.length >= maxJobsInProgress) {
    throw serviceQuotaExceededError(
      `${active.length} jobs are in progress, the maximum is ${maxJobsInProgress}. Retry after a job completes.`,
      QUOTA_CODES.maxJobsInProgress,
    );
  }

  const serversInActiveJobs = active.reduce((sum, job) => sum + job.participants.length, 0);
  if (serversInActiveJobs + newServers > maxServersInActiveJobs) {
    throw serviceQuotaExceededError(
      `Active jobs include ${serversInActiveJobs} servers; adding ${newServers} would exceed the maximum of ` +
        `${maxServersInActiveJobs}. Retry after a job completes.`,
      QUOTA_CODES.maxServersInActiveJobs,
    );
  }
}
