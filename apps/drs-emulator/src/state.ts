import type { EC2InstanceState, LastLaunchResult, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import { toIsoString } from './clock';
import { isJobActiveAt, JobParticipant, JobRecord, participantStatusAt } from './jobs';
import { cloneJson } from './json';
import { Inventory, InventoryServer } from './scenario';

export interface ServerRecord {
  sequence: number;
  /** The server as the scenario describes it; launches are overlaid on a copy when it is described. */
  inventory: InventoryServer;
  /** Current tags; TagResource and UntagResource change them without touching the loaded scenario. */
  tags: Record<string, string>;
  /** Launch jobs that included this server, oldest first. */
  launches: { job: JobRecord; participant: JobParticipant }[];
  /** Recovery instances launched for this server by the emulator, oldest first. */
  instances: RecoveryInstanceRecord[];
}

export interface InstanceTermination {
  jobID: string;
  requestedAtMs: number;
  terminatedAtMs: number;
  /** When the terminate job completes and DRS stops listing the instance. */
  removedAtMs: number;
}

export interface RecoveryInstanceRecord {
  sequence: number;
  recoveryInstanceID: string;
  sourceServerID: string;
  jobID: string;
  arn: string;
  isDrill: boolean;
  tags: Record<string, string>;
  launchedAtMs: number;
  pointInTimeSnapshotAtMs: number;
  source: SourceServer;
  termination?: InstanceTermination;
}

/** Source servers, jobs and recovery instances of one account in one Region. */
export class AccountRegionState {
  readonly servers = new Map<string, ServerRecord>();
  readonly jobs: JobRecord[] = [];
  readonly jobsById = new Map<string, JobRecord>();
  /** In creation order, which is the order DescribeRecoveryInstances pages through. */
  readonly instances = new Map<string, RecoveryInstanceRecord>();
  private instanceSequence = 0;

  constructor(
    readonly accountID: string,
    readonly region: string,
    inventory: InventoryServer[],
  ) {
    inventory.forEach((entry, index) => {
      this.servers.set(entry.server.sourceServerID as string, {
        sequence: index,
        inventory: entry,
        tags: { ...(entry.server.tags ?? {}) },
        launches: [],
        instances: [],
      });
    });
  }

  activeJobsAt(nowMs: number): JobRecord[] {
    return this.jobs.filter((job) => isJobActiveAt(job, nowMs));
  }

  /** Returns the active job, of any type, that includes the server; DRS runs one job per server at a time. */
  activeJobHoldingServer(sourceServerID: string, nowMs: number): JobRecord | undefined {
    return this.activeJobsAt(nowMs).find((job) =>
      job.participants.some((participant) => participant.sourceServerID === sourceServerID),
    );
  }

  addJob(job: JobRecord): void {
    this.jobs.push(job);
    this.jobsById.set(job.jobID, job);

    if (job.type !== 'LAUNCH') {
      return;
    }

    for (const participant of job.participants) {
      const server = this.servers.get(participant.sourceServerID);
      if (!server) {
        throw new Error(
          `job ${job.jobID} names ${participant.sourceServerID}, which is not in ${this.key()}`,
        );
      }
      server.launches.push({ job, participant });

      if (participant.outcome === 'LAUNCHED' && participant.recoveryInstanceID) {
        this.addInstance(server, job, participant);
      }
    }
  }

  /** Marks instances as being terminated by a TERMINATE job. */
  recordTermination(job: JobRecord): void {
    for (const participant of job.participants) {
      const instance = participant.recoveryInstanceID
        ? this.instances.get(participant.recoveryInstanceID)
        : undefined;
      if (!instance) {
        throw new Error(`job ${job.jobID} terminates an instance that ${this.key()} does not have`);
      }
      instance.termination = {
        jobID: job.jobID,
        requestedAtMs: job.createdAtMs,
        terminatedAtMs: participant.finishAtMs,
        removedAtMs: job.endAtMs,
      };
    }
  }

  visibleInstancesAt(nowMs: number): RecoveryInstanceRecord[] {
    return [...this.instances.values()].filter((instance) => instanceStateAt(instance, nowMs) !== undefined);
  }

  key(): string {
    return `${this.accountID}/${this.region}`;
  }

  private addInstance(server: ServerRecord, job: JobRecord, participant: JobParticipant): void {
    const recoveryInstanceID = participant.recoveryInstanceID as string;
    const snapshotEvent = participant.events.find((event) => event.event === 'SNAPSHOT_END');
    const instance: RecoveryInstanceRecord = {
      sequence: this.instanceSequence++,
      recoveryInstanceID,
      sourceServerID: participant.sourceServerID,
      jobID: job.jobID,
      arn: `arn:aws:drs:${this.region}:${this.accountID}:recovery-instance/${recoveryInstanceID}`,
      isDrill: job.isDrill,
      tags: { ...job.tags },
      launchedAtMs: participant.finishAtMs,
      // A launch from a given point-in-time snapshot has no snapshot event, and the emulator does not
      // know that snapshot's time, so the job's creation time is used instead.
      pointInTimeSnapshotAtMs: snapshotEvent?.atMs ?? job.createdAtMs,
      source: server.inventory.server,
    };
    this.instances.set(recoveryInstanceID, instance);
    server.instances.push(instance);
  }
}

/** The state of every loaded account and Region. */
export class EmulatorState {
  private readonly regions = new Map<string, AccountRegionState>();

  constructor(inventory: Inventory) {
    for (const accountRegion of inventory.accountRegions) {
      const state = new AccountRegionState(
        accountRegion.accountID,
        accountRegion.region,
        accountRegion.servers,
      );
      this.regions.set(state.key(), state);
    }
  }

  get(accountID: string, region: string): AccountRegionState | undefined {
    return this.regions.get(`${accountID}/${region}`);
  }

  all(): AccountRegionState[] {
    return [...this.regions.values()];
  }
}

/**
 * Returns the EC2 state of a recovery instance at `nowMs`, or undefined when DRS does not list
 * it: before its launch finished, and after the job that terminated it completed.
 */
export function instanceStateAt(
  instance: RecoveryInstanceRecord,
  nowMs: number,
): EC2InstanceState | undefined {
  if (nowMs < instance.launchedAtMs) {
    return undefined;
  }

  const termination = instance.termination;
  if (!termination || nowMs < termination.requestedAtMs) {
    return 'RUNNING';
  }
  if (nowMs < termination.terminatedAtMs) {
    return 'SHUTTING-DOWN';
  }

  return nowMs < termination.removedAtMs ? 'TERMINATED' : undefined;
}

/** The recovery instance as DescribeRecoveryInstances returns it at `nowMs`. */
export function recoveryInstanceOutput(instance: RecoveryInstanceRecord, nowMs: number): RecoveryInstance {
  const source = instance.source;
  const properties = source.sourceProperties;

  return {
    recoveryInstanceID: instance.recoveryInstanceID,
    ec2InstanceID: instance.recoveryInstanceID,
    ec2InstanceState: instanceStateAt(instance, nowMs),
    jobID: instance.jobID,
    sourceServerID: instance.sourceServerID,
    arn: instance.arn,
    tags: { ...instance.tags },
    isDrill: instance.isDrill,
    pointInTimeSnapshotDateTime: toIsoString(instance.pointInTimeSnapshotAtMs),
    originEnvironment: 'ON_PREMISES',
    originAvailabilityZone: source.sourceCloudProperties?.originAvailabilityZone,
    recoveryInstanceProperties: properties
      ? {
          lastUpdatedDateTime: toIsoString(instance.launchedAtMs),
          os: properties.os ? { ...properties.os } : undefined,
          cpus: properties.cpus ? cloneJson(properties.cpus) : undefined,
          ramBytes: properties.ramBytes,
          networkInterfaces: properties.networkInterfaces
            ? cloneJson(properties.networkInterfaces)
            : undefined,
        }
      : undefined,
    failback: { state: 'FAILBACK_NOT_STARTED' },
    dataReplicationInfo: { dataReplicationState: 'NOT_STARTED' },
  };
}

/**
 * The source server as DescribeSourceServers returns it at `nowMs`: the scenario's record, with
 * `lastLaunchResult`, `lifeCycle.lastLaunch` and `recoveryInstanceId` taken from the latest launch
 * job once the emulator has launched the server.
 */
export function sourceServerOutput(record: ServerRecord, nowMs: number): SourceServer {
  const server = cloneJson(record.inventory.server);
  if (server.tags || Object.keys(record.tags).length > 0) {
    server.tags = { ...record.tags };
  }
  const latest = record.launches[record.launches.length - 1];
  if (!latest) {
    return server;
  }

  const status = participantStatusAt(latest.participant, nowMs);
  server.lastLaunchResult = lastLaunchResultOf(status);
  server.lifeCycle = {
    ...server.lifeCycle,
    lastLaunch: {
      initiated: {
        apiCallDateTime: toIsoString(latest.job.createdAtMs),
        jobID: latest.job.jobID,
        type: latest.job.isDrill ? 'DRILL' : 'RECOVERY',
      },
      status,
    },
  };

  const instance = [...record.instances]
    .reverse()
    .find((candidate) => instanceStateAt(candidate, nowMs) !== undefined);
  if (instance) {
    server.recoveryInstanceId = instance.recoveryInstanceID;
  } else {
    delete server.recoveryInstanceId;
  }

  return server;
}

function lastLaunchResultOf(status: string): LastLaunchResult {
  switch (status) {
    case 'LAUNCHED':
      return 'SUCCEEDED';
    case 'FAILED':
      return 'FAILED';
    default:
      return 'PENDING';
  }
}
