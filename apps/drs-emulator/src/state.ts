import type {
  EC2InstanceState,
  LastLaunchResult,
  LaunchAction,
  LaunchConfiguration,
  RecoveryInstance,
  RecoveryInstanceDataReplicationState,
  SourceServer,
} from '@aws-sdk/client-drs';
import { createHash } from 'node:crypto';
import { toIsoString } from './clock';
import { isJobActiveAt, JobParticipant, JobRecord, participantStatusAt } from './jobs';
import { cloneJson } from './json';
import { Inventory, InventoryServer, OriginEnvironment } from './scenario';

/** Launch settings of one source server; GetLaunchConfiguration adds the server id. */
export type LaunchSettings = Omit<LaunchConfiguration, 'sourceServerID'>;

/** Launch actions of one resource (a source server or the launch configuration template), by action id. */
export type LaunchActionMap = Map<string, LaunchAction>;

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
  /** Set by UpdateLaunchConfiguration; until then the defaults of launchSettingsOf apply. */
  launchSettings?: LaunchSettings;
  launchActions: LaunchActionMap;
  /** Set by ReverseReplication of one of this server's recovery instances. */
  reversedDirectionSourceServerArn?: string;
}

export interface InstanceFailback {
  jobID: string;
  initiatedAtMs: number;
  /** When the failback job completes and the state becomes FAILBACK_COMPLETED. */
  completedAtMs: number;
}

export interface InstanceReversal {
  reversedDirectionSourceServerArn: string;
  reversedAtMs: number;
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
  originEnvironment: OriginEnvironment;
  /** The server's launchDisposition when the instance launched; STOPPED instances report EC2 state STOPPED. */
  launchDisposition: 'STARTED' | 'STOPPED';
  termination?: InstanceTermination;
  /** Set by DisconnectRecoveryInstance. */
  disconnectedAtMs?: number;
  /** Set by StartFailbackLaunch and cleared by StopFailback. */
  failback?: InstanceFailback;
  reversal?: InstanceReversal;
}

/** Source servers, jobs and recovery instances of one account in one Region. */
export class AccountRegionState {
  readonly servers = new Map<string, ServerRecord>();
  /** Every job created, deleted ones included, so the statistics keep them. */
  readonly jobs: JobRecord[] = [];
  readonly jobsById = new Map<string, JobRecord>();
  /** In creation order, which is the order DescribeRecoveryInstances pages through. */
  readonly instances = new Map<string, RecoveryInstanceRecord>();
  /** The account's launch configuration template, which can hold launch actions too. */
  readonly launchConfigurationTemplateID: string;
  readonly templateLaunchActions: LaunchActionMap = new Map();
  private instanceSequence = 0;
  private serverSequence = 0;

  constructor(
    readonly accountID: string,
    readonly region: string,
    inventory: InventoryServer[],
  ) {
    this.launchConfigurationTemplateID = launchConfigurationTemplateIDOf(accountID, region);
    for (const entry of inventory) {
      this.addServer(entry);
    }
  }

  addServer(entry: InventoryServer): ServerRecord {
    const record: ServerRecord = {
      sequence: this.serverSequence++,
      inventory: entry,
      tags: { ...(entry.server.tags ?? {}) },
      launches: [],
      instances: [],
      launchActions: new Map(),
    };
    this.servers.set(entry.server.sourceServerID as string, record);

    return record;
  }

  /** Returns a job the API still shows: known and not deleted. */
  findJob(jobID: string): JobRecord | undefined {
    const job = this.jobsById.get(jobID);

    return job && job.deletedAtMs === undefined ? job : undefined;
  }

  listedJobs(): JobRecord[] {
    return this.jobs.filter((job) => job.deletedAtMs === undefined);
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

    if (job.initiatedBy === 'FAILBACK') {
      this.recordFailback(job);
      return;
    }
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

  /** Starts the failback state of every instance of a StartFailbackLaunch job. */
  private recordFailback(job: JobRecord): void {
    for (const participant of job.participants) {
      const instance = participant.recoveryInstanceID
        ? this.instances.get(participant.recoveryInstanceID)
        : undefined;
      if (!instance) {
        throw new Error(`job ${job.jobID} fails back an instance that ${this.key()} does not have`);
      }
      instance.failback = {
        jobID: job.jobID,
        initiatedAtMs: job.createdAtMs,
        completedAtMs: participant.finishAtMs,
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
    const launchDisposition =
      launchSettingsOf(server).launchDisposition === 'STOPPED' ? 'STOPPED' : 'STARTED';
    const instance: RecoveryInstanceRecord = {
      sequence: this.instanceSequence++,
      recoveryInstanceID,
      sourceServerID: participant.sourceServerID,
      jobID: job.jobID,
      arn: `arn:aws:drs:${this.region}:${this.accountID}:recovery-instance/${recoveryInstanceID}`,
      isDrill: job.isDrill,
      tags: { ...job.tags },
      launchedAtMs: participant.finishAtMs,
      // A launch from an existing snapshot carries that snapshot's time. A server that has no
      // snapshot left falls back to the job's creation time.
      pointInTimeSnapshotAtMs: participant.pointInTimeSnapshotAtMs ?? snapshotEvent?.atMs ?? job.createdAtMs,
      source: server.inventory.server,
      originEnvironment: server.inventory.originEnvironment,
      launchDisposition,
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

  /** Adds the servers of more scenarios, keeping every job and instance. */
  extend(inventory: Inventory): void {
    for (const accountRegion of inventory.accountRegions) {
      const existing = this.get(accountRegion.accountID, accountRegion.region);
      if (!existing) {
        const state = new AccountRegionState(
          accountRegion.accountID,
          accountRegion.region,
          accountRegion.servers,
        );
        this.regions.set(state.key(), state);
        continue;
      }

      for (const entry of accountRegion.servers) {
        if (!existing.servers.has(entry.server.sourceServerID as string)) {
          existing.addServer(entry);
        }
      }
    }
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
    return instance.launchDisposition === 'STOPPED' ? 'STOPPED' : 'RUNNING';
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
    originEnvironment: instance.originEnvironment,
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
    failback: failbackOutput(instance, nowMs),
    dataReplicationInfo: { dataReplicationState: instanceReplicationStateAt(instance) },
  };
}

function failbackOutput(instance: RecoveryInstanceRecord, nowMs: number): RecoveryInstance['failback'] {
  const failback = instance.failback;
  if (!failback) {
    return { state: 'FAILBACK_NOT_STARTED' };
  }

  return {
    state: nowMs < failback.completedAtMs ? 'FAILBACK_IN_PROGRESS' : 'FAILBACK_COMPLETED',
    failbackJobID: failback.jobID,
    failbackInitiationTime: toIsoString(failback.initiatedAtMs),
    failbackLaunchType: 'RECOVERY',
  };
}

/**
 * Replication from the recovery instance back to its origin: none until ReverseReplication starts
 * it. The emulator skips the initial sync, so a reversed replication is CONTINUOUS at once.
 */
function instanceReplicationStateAt(instance: RecoveryInstanceRecord): RecoveryInstanceDataReplicationState {
  if (instance.disconnectedAtMs !== undefined) {
    return 'DISCONNECTED';
  }

  return instance.reversal ? 'CONTINUOUS' : 'NOT_STARTED';
}

/**
 * Returns the launch settings of a server. DRS fills them from the account's launch configuration
 * template, and the emulator uses these fixed defaults, with the hostname as the name.
 */
export function launchSettingsOf(record: ServerRecord): LaunchSettings {
  if (record.launchSettings) {
    return record.launchSettings;
  }

  const server = record.inventory.server;
  const hostname = server.sourceProperties?.identificationHints?.hostname;

  return {
    name: hostname ?? server.sourceServerID,
    ec2LaunchTemplateID: `lt-${stableHex(`${server.arn ?? server.sourceServerID}`, 17)}`,
    launchDisposition: 'STARTED',
    targetInstanceTypeRightSizingMethod: 'BASIC',
    copyPrivateIp: false,
    copyTags: true,
    licensing: { osByol: false },
    postLaunchEnabled: false,
  };
}

/**
 * Returns the launch configuration template id of an account and Region: `lct-` and 17 characters
 * derived from both, so it stays the same across runs and seeds.
 */
export function launchConfigurationTemplateIDOf(accountID: string, region: string): string {
  return `lct-${stableAlphanumeric(`${accountID}/${region}`, 17)}`;
}

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Returns characters derived from the SHA-256 of `text`: a stable id that needs no random stream. */
export function stableAlphanumeric(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();

  return [...digest.subarray(0, length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** Returns an integer in [0, bound) derived from the SHA-256 of `text`. */
export function stableInteger(text: string, bound: number): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % bound;
}

function stableHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
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
  if (record.reversedDirectionSourceServerArn) {
    server.reversedDirectionSourceServerArn = record.reversedDirectionSourceServerArn;
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
