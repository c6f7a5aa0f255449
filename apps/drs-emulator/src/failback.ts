import type {
  DisconnectRecoveryInstanceRequest,
  ReverseReplicationRequest,
  ReverseReplicationResponse,
  SourceServer,
  StartFailbackLaunchRequest,
  StartFailbackLaunchResponse,
  StopFailbackRequest,
} from '@aws-sdk/client-drs';
import { toIsoString } from './clock';
import { conflictError, invalidRequestError, uninitializedAccountError } from './errors';
import { jobOutput, PlannedFailback, planFailbackJob } from './jobs';
import { cloneJson, JsonObject } from './json';
import { OperationContext } from './operation-context';
import {
  checkConcurrentJobQuotas,
  checkServersPerJob,
  drawDurationMs,
  findListedInstance,
  newJobFields,
  rejectDuplicates,
  rejectServerInActiveJob,
} from './recovery';
import { RecoveryInstanceRecord } from './state';

/**
 * DisconnectRecoveryInstance: stops replication from the instance at once, so its
 * dataReplicationInfo reports DISCONNECTED. An instance being terminated or failing back is
 * refused with ConflictException.
 */
export function disconnectRecoveryInstance(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as DisconnectRecoveryInstanceRequest;
  const instance = findListedInstance(context, request.recoveryInstanceID as string);
  rejectTerminatingInstance(instance);
  if (instance.failback && context.nowMs < instance.failback.completedAtMs) {
    throw conflictError(
      `Recovery instance ${instance.recoveryInstanceID} is failing back in job ${instance.failback.jobID}; ` +
        'disconnect it after that job completes, or call StopFailback first.',
      instance.recoveryInstanceID,
      'RECOVERY_INSTANCE',
    );
  }

  instance.disconnectedAtMs ??= context.nowMs;
  context.logger.log(
    `recovery instance ${instance.recoveryInstanceID} disconnected in ${context.state.key()}`,
  );

  return {};
}

/**
 * StartFailbackLaunch: a LAUNCH job initiated by FAILBACK. The instances' failback state is
 * FAILBACK_IN_PROGRESS while the job runs and FAILBACK_COMPLETED after it. The emulator has no
 * failback client, so every running, connected instance counts as ready for launch (an assumption).
 */
export function startFailbackLaunch(
  context: OperationContext,
  input: JsonObject,
): StartFailbackLaunchResponse {
  const request = input as unknown as StartFailbackLaunchRequest;
  const instanceIDs = request.recoveryInstanceIDs ?? [];

  rejectDuplicates(instanceIDs, (index) => `recoveryInstanceIDs[${index}]`);
  checkServersPerJob(context, instanceIDs.length);

  const instances = instanceIDs.map((id) => findListedInstance(context, id));
  for (const instance of instances) {
    rejectTerminatingInstance(instance);
    rejectDisconnectedInstance(instance);
    if (instance.failback && context.nowMs >= instance.failback.completedAtMs) {
      throw conflictError(
        `Recovery instance ${instance.recoveryInstanceID} already failed back in job ${instance.failback.jobID}; ` +
          'call StopFailback to reset its failback state first.',
        instance.recoveryInstanceID,
        'RECOVERY_INSTANCE',
      );
    }
  }
  for (const sourceServerID of new Set(instances.map((instance) => instance.sourceServerID))) {
    rejectServerInActiveJob(context, sourceServerID);
  }
  checkConcurrentJobQuotas(context, instances.length);

  const failbacks: PlannedFailback[] = instances.map((instance) => {
    const timing = context.state.servers.get(instance.sourceServerID)?.inventory.launchTiming;
    if (!timing) {
      throw new Error(`recovery instance ${instance.recoveryInstanceID} names an unknown source server`);
    }

    return {
      sourceServerID: instance.sourceServerID,
      recoveryInstanceID: instance.recoveryInstanceID,
      conversionServerID: context.newInstanceID(),
      durationMs: drawDurationMs(context, timing.meanSeconds, timing.jitter),
    };
  });
  const job = planFailbackJob({ ...newJobFields(context, request.tags ?? {}), failbacks });
  context.state.addJob(job);

  context.logger.log(
    `job ${job.jobID}: failback of ${failbacks.length} recovery instance(s) accepted in ${context.state.key()}`,
  );

  return { job: jobOutput(job, context.nowMs) };
}

/** StopFailback: returns the instance's failback state to FAILBACK_NOT_STARTED. A running failback job keeps running. */
export function stopFailback(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as StopFailbackRequest;
  const instance = findListedInstance(context, request.recoveryInstanceID as string);

  instance.failback = undefined;
  context.logger.log(
    `failback of recovery instance ${instance.recoveryInstanceID} stopped in ${context.state.key()}`,
  );

  return {};
}

/**
 * ReverseReplication: "applies only to protected instances that originated in EC2" (DRS API
 * reference). It creates a source server in the origin account and Region, taken from the source
 * server's sourceCloudProperties, that replicates from the recovery instance back to the origin.
 * That account and Region must be loaded, or the call returns UninitializedAccountException.
 */
export function reverseReplication(context: OperationContext, input: JsonObject): ReverseReplicationResponse {
  const request = input as unknown as ReverseReplicationRequest;
  const instance = findListedInstance(context, request.recoveryInstanceID as string);
  if (instance.originEnvironment !== 'AWS') {
    throw invalidRequestError(
      'recoveryInstanceID',
      `names ${instance.recoveryInstanceID}, which originated ${instance.originEnvironment}; ` +
        'ReverseReplication applies only to instances that originated in EC2',
    );
  }
  rejectTerminatingInstance(instance);
  rejectDisconnectedInstance(instance);
  if (instance.reversal) {
    throw conflictError(
      `Replication of recovery instance ${instance.recoveryInstanceID} is already reversed to ` +
        `${instance.reversal.reversedDirectionSourceServerArn}.`,
      instance.recoveryInstanceID,
      'RECOVERY_INSTANCE',
    );
  }

  const original = context.state.servers.get(instance.sourceServerID);
  if (!original) {
    throw new Error(`recovery instance ${instance.recoveryInstanceID} names an unknown source server`);
  }
  const cloud = original.inventory.server.sourceCloudProperties;
  const originAccountID = cloud?.originAccountID ?? context.state.accountID;
  const originRegion = cloud?.originRegion ?? context.state.region;
  const origin = context.findState(originAccountID, originRegion);
  if (!origin) {
    throw uninitializedAccountError(originAccountID, originRegion);
  }

  const sourceServerID = context.newSourceServerID();
  const arn = `arn:aws:drs:${originRegion}:${originAccountID}:source-server/${sourceServerID}`;
  const reversed = reversedSourceServer(context, instance, original.inventory.server, sourceServerID, arn);
  origin.addServer({ ...original.inventory, server: reversed });
  original.reversedDirectionSourceServerArn = arn;
  instance.reversal = { reversedDirectionSourceServerArn: arn, reversedAtMs: context.nowMs };

  context.logger.log(
    `replication of recovery instance ${instance.recoveryInstanceID} reversed to ${sourceServerID} in ${origin.key()}`,
  );

  return { reversedDirectionSourceServerArn: arn };
}

/** Builds the source server that replicates a recovery instance back to its origin, as DescribeSourceServers shows it. */
function reversedSourceServer(
  context: OperationContext,
  instance: RecoveryInstanceRecord,
  original: SourceServer,
  sourceServerID: string,
  arn: string,
): SourceServer {
  const now = toIsoString(context.nowMs);
  const sourceProperties = original.sourceProperties ? cloneJson(original.sourceProperties) : {};
  sourceProperties.identificationHints = {
    ...sourceProperties.identificationHints,
    awsInstanceID: instance.recoveryInstanceID,
  };

  return {
    sourceServerID,
    arn,
    tags: {},
    lastLaunchResult: 'NOT_STARTED',
    replicationDirection: 'FAILBACK',
    reversedDirectionSourceServerArn: original.arn,
    dataReplicationInfo: {
      dataReplicationState: 'CONTINUOUS',
      lagDuration: 'PT0S',
      replicatedDisks: cloneJson(original.dataReplicationInfo?.replicatedDisks ?? []),
    },
    lifeCycle: { addedToServiceDateTime: now, firstByteDateTime: now, lastSeenByServiceDateTime: now },
    sourceProperties,
    sourceCloudProperties: { originAccountID: context.state.accountID, originRegion: context.state.region },
    stagingArea: { status: 'NOT_EXTENDED' },
    agentVersion: original.agentVersion,
  };
}

function rejectTerminatingInstance(instance: RecoveryInstanceRecord): void {
  if (instance.termination) {
    throw conflictError(
      `Recovery instance ${instance.recoveryInstanceID} is being terminated by job ${instance.termination.jobID}.`,
      instance.recoveryInstanceID,
      'RECOVERY_INSTANCE',
    );
  }
}

function rejectDisconnectedInstance(instance: RecoveryInstanceRecord): void {
  if (instance.disconnectedAtMs !== undefined) {
    throw conflictError(
      `Recovery instance ${instance.recoveryInstanceID} is disconnected from DRS; its replication cannot be used.`,
      instance.recoveryInstanceID,
      'RECOVERY_INSTANCE',
    );
  }
}
