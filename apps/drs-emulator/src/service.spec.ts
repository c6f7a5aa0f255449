import type { Job, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import { ManualClock } from './clock';
import { DrsApiError } from './errors';
import { FaultSettings, noFaults } from './faults';
import { isJsonObject, JsonObject } from './json';
import { silentLogger } from './logger';
import { loadDrsModel } from './model';
import { findRepositoryRoot, serviceModelPath } from './paths';
import { loadInventory } from './scenario';
import { DrsService } from './service';
import { DEFAULT_QUOTAS, DrsQuotas } from './settings';

const repositoryRoot = findRepositoryRoot(__dirname);
const model = loadDrsModel(serviceModelPath(repositoryRoot));
const inventory = loadInventory(['three-tier-100'], repositoryRoot, model);

const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';
const LINUX_C = 's-82e4d394371cedb22';
const WINDOWS_A = 's-2e816a796546bbd6c';
const DISCONNECTED = 's-58382a1284b650a49';

interface ServiceSetup {
  seed?: number;
  quotas?: Partial<DrsQuotas>;
  faults?: Partial<FaultSettings>;
}

function createService(setup: ServiceSetup = {}): { service: DrsService; clock: ManualClock } {
  const clock = new ManualClock();
  const service = new DrsService({
    model,
    inventory,
    settings: {
      timeScale: 1,
      quotas: { ...DEFAULT_QUOTAS, ...setup.quotas },
      jobStartDelaySeconds: 1,
      terminationMeanSeconds: 60,
      terminationJitter: 0.2,
    },
    seed: setup.seed ?? 1,
    clock,
    faults: { ...noFaults(), ...setup.faults },
    logger: silentLogger,
  });

  return { service, clock };
}

function call(service: DrsService, operationName: string, input: JsonObject = {}): JsonObject {
  const operation = model.operation(operationName);
  if (!operation) {
    throw new Error(`no operation ${operationName}`);
  }

  const result = service.execute({ operation, authorization: undefined, readInput: () => input });
  if (result.kind !== 'response' || !isJsonObject(result.body)) {
    throw new Error(`${operationName} gave no response body`);
  }

  return result.body;
}

function callError(service: DrsService, operationName: string, input: JsonObject): DrsApiError {
  try {
    call(service, operationName, input);
  } catch (error) {
    if (error instanceof DrsApiError) {
      return error;
    }
    throw error;
  }
  throw new Error(`${operationName} succeeded, but an error was expected`);
}

function startDrill(service: DrsService, ...ids: string[]): Job {
  const output = call(service, 'StartRecovery', {
    sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
    isDrill: true,
  });

  return output.job as unknown as Job;
}

function describeJob(service: DrsService, jobID: string): Job {
  const output = call(service, 'DescribeJobs', { filters: { jobIDs: [jobID] } });

  return (output.items as unknown as Job[])[0];
}

function describeServer(service: DrsService, id: string): SourceServer {
  const output = call(service, 'DescribeSourceServers', { filters: { sourceServerIDs: [id] } });

  return (output.items as unknown as SourceServer[])[0];
}

function describeInstances(service: DrsService, sourceServerID: string): RecoveryInstance[] {
  const output = call(service, 'DescribeRecoveryInstances', {
    filters: { sourceServerIDs: [sourceServerID] },
  });

  return output.items as unknown as RecoveryInstance[];
}

describe(DrsService.name, () => {
  describe('determinism', () => {
    it('gives the same ids and durations for the same seed and calls', () => {
      const runs = [createService({ seed: 7 }), createService({ seed: 7 })].map(({ service, clock }) => {
        startDrill(service, LINUX_A, WINDOWS_A);
        clock.advanceSeconds(3600);
        startDrill(service, LINUX_B);
        clock.advanceSeconds(3600);

        return service.stats().jobs.map((job) => ({ ...job, createdAt: '', endedAt: '' }));
      });

      expect(runs[0]).toHaveLength(2);
      expect(runs[0]).toEqual(runs[1]);
    });

    it('gives different ids for a different seed', () => {
      const first = startDrill(createService({ seed: 1 }).service, LINUX_A);
      const second = startDrill(createService({ seed: 2 }).service, LINUX_A);

      expect(first.jobID).toMatch(/^drsjob-[0-9a-zA-Z]{17}$/);
      expect(first.jobID).not.toBe(second.jobID);
    });

    it('draws nothing for a rejected call', () => {
      const { service: reference } = createService();
      const { service } = createService();
      callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: 's-000000000000000zz' }] });

      expect(startDrill(service, LINUX_A).jobID).toBe(startDrill(reference, LINUX_A).jobID);
    });
  });

  describe('lifecycle on a manual clock', () => {
    it('does not move while the clock stands still', () => {
      const { service } = createService();
      const job = startDrill(service, LINUX_A);

      expect(describeJob(service, job.jobID as string).status).toBe('PENDING');
      expect(describeServer(service, LINUX_A).lastLaunchResult).toBe('PENDING');
    });

    it('launches within the scenario timing and creates the instance', () => {
      const { service, clock } = createService();
      const job = startDrill(service, LINUX_A);

      clock.advanceSeconds(1 + 300 * 0.8 - 1);
      expect(describeJob(service, job.jobID as string).status).toBe('STARTED');
      expect(describeInstances(service, LINUX_A)).toEqual([]);

      clock.advanceSeconds(300 * 0.4 + 2);
      const done = describeJob(service, job.jobID as string);
      expect(done.status).toBe('COMPLETED');
      const [participant] = done.participatingServers ?? [];
      expect(participant.launchStatus).toBe('LAUNCHED');

      const [instance] = describeInstances(service, LINUX_A);
      expect(instance.recoveryInstanceID).toBe(participant.recoveryInstanceID);
      expect(instance.recoveryInstanceID).toMatch(/^i-[0-9a-f]{17}$/);
      expect(instance.ec2InstanceState).toBe('RUNNING');
      expect(instance.isDrill).toBe(true);

      const server = describeServer(service, LINUX_A);
      expect(server.lastLaunchResult).toBe('SUCCEEDED');
      expect(server.recoveryInstanceId).toBe(instance.recoveryInstanceID);
      expect(server.lifeCycle?.lastLaunch?.initiated?.type).toBe('DRILL');
      expect(server.lifeCycle?.lastLaunch?.initiated?.jobID).toBe(job.jobID);
    });

    it('times Windows servers with the Windows entry', () => {
      const { service, clock } = createService();
      startDrill(service, WINDOWS_A);
      clock.advanceSeconds(1 + 1200 * 0.8 - 1);

      const [job] = service.stats().jobs;
      expect(job.servers[0].launchStatus).toBe('IN_PROGRESS');
    });

    it('launches a disconnected server from its last snapshot', () => {
      const { service, clock } = createService();
      const job = startDrill(service, DISCONNECTED);
      clock.advanceSeconds(3600);

      expect(describeJob(service, job.jobID as string).participatingServers?.[0].launchStatus).toBe(
        'LAUNCHED',
      );
      expect(describeServer(service, DISCONNECTED).lastLaunchResult).toBe('SUCCEEDED');
      expect(describeInstances(service, DISCONNECTED)).toHaveLength(1);

      const log = call(service, 'DescribeJobLogItems', { jobID: job.jobID as string }).items as JsonObject[];
      const events = log.map((item) => item.event);
      expect(events).toContain('USING_PREVIOUS_SNAPSHOT');
      expect(events).not.toContain('SNAPSHOT_START');
    });
  });

  describe('StartRecovery checks', () => {
    it('holds a server until its job completes', () => {
      const { service, clock } = createService();
      const job = startDrill(service, LINUX_A);

      const conflict = callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
      expect(conflict.exceptionName).toBe('ConflictException');
      expect(conflict.members).toMatchObject({ resourceId: LINUX_A, resourceType: 'SOURCE_SERVER' });
      expect(conflict.message).toContain(job.jobID);

      clock.advanceSeconds(3600);
      expect(startDrill(service, LINUX_A).status).toBe('PENDING');
    });

    it('rejects an unknown server with ResourceNotFoundException', () => {
      const { service } = createService();
      const error = callError(service, 'StartRecovery', {
        sourceServers: [{ sourceServerID: 's-000000000000000zz' }],
      });

      expect(error.exceptionName).toBe('ResourceNotFoundException');
      expect(error.members).toMatchObject({
        resourceId: 's-000000000000000zz',
        resourceType: 'SOURCE_SERVER',
      });
    });

    it('rejects a server listed twice', () => {
      const { service } = createService();
      const error = callError(service, 'StartRecovery', {
        sourceServers: [{ sourceServerID: LINUX_A }, { sourceServerID: LINUX_A }],
      });

      expect(error.exceptionName).toBe('ValidationException');
      expect(error.members.fieldList).toEqual([
        { name: 'sourceServers[1].sourceServerID', message: `repeats ${LINUX_A}; list each resource once` },
      ]);
    });

    it('enforces the concurrent jobs quota', () => {
      const { service, clock } = createService({ quotas: { maxJobsInProgress: 2 } });
      startDrill(service, LINUX_A);
      startDrill(service, LINUX_B);

      const error = callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_C }] });
      expect(error.exceptionName).toBe('ServiceQuotaExceededException');
      expect(error.members).toMatchObject({ quotaCode: 'L-D88FAC3A', serviceCode: 'drs' });

      clock.advanceSeconds(3600);
      expect(startDrill(service, LINUX_C).status).toBe('PENDING');
    });

    it('enforces the servers in active jobs quota', () => {
      const { service } = createService({ quotas: { maxServersInActiveJobs: 2 } });
      startDrill(service, LINUX_A, LINUX_B);

      const error = callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_C }] });
      expect(error.members).toMatchObject({ quotaCode: 'L-05AFA8C6' });
    });
  });

  describe('TerminateRecoveryInstances', () => {
    function launchedInstance(service: DrsService, clock: ManualClock): string {
      startDrill(service, LINUX_A);
      clock.advanceSeconds(3600);

      return describeInstances(service, LINUX_A)[0].recoveryInstanceID as string;
    }

    it('shuts instances down and stops listing them when the job completes', () => {
      const { service, clock } = createService();
      const instanceID = launchedInstance(service, clock);

      const job = call(service, 'TerminateRecoveryInstances', { recoveryInstanceIDs: [instanceID] })
        .job as unknown as Job;
      expect(job.type).toBe('TERMINATE');
      expect(job.initiatedBy).toBe('TERMINATE_RECOVERY_INSTANCES');
      expect(describeInstances(service, LINUX_A)[0].ec2InstanceState).toBe('SHUTTING-DOWN');

      clock.advanceSeconds(600);
      expect(describeJob(service, job.jobID as string).participatingServers?.[0].launchStatus).toBe(
        'TERMINATED',
      );
      expect(describeInstances(service, LINUX_A)).toEqual([]);
      expect(describeServer(service, LINUX_A).recoveryInstanceId).toBeUndefined();
    });

    it('rejects an instance that is already being terminated', () => {
      const { service, clock } = createService();
      const instanceID = launchedInstance(service, clock);
      call(service, 'TerminateRecoveryInstances', { recoveryInstanceIDs: [instanceID] });

      const error = callError(service, 'TerminateRecoveryInstances', { recoveryInstanceIDs: [instanceID] });
      expect(error.exceptionName).toBe('ConflictException');
      expect(error.members).toMatchObject({ resourceId: instanceID, resourceType: 'RECOVERY_INSTANCE' });
    });

    it('rejects an unknown instance with ResourceNotFoundException', () => {
      const { service } = createService();
      const error = callError(service, 'TerminateRecoveryInstances', {
        recoveryInstanceIDs: ['i-0123456789abcdef0'],
      });

      expect(error.exceptionName).toBe('ResourceNotFoundException');
      expect(error.members).toMatchObject({ resourceType: 'RECOVERY_INSTANCE' });
    });
  });

  describe('faults', () => {
    it('answers the first N StartRecovery calls with a conflict', () => {
      const { service } = createService({ faults: { conflictFirstN: 2 } });
      const request = { sourceServers: [{ sourceServerID: LINUX_A }] };

      expect(callError(service, 'StartRecovery', request).exceptionName).toBe('ConflictException');
      expect(callError(service, 'StartRecovery', request).members).toMatchObject({ resourceId: LINUX_A });
      expect(startDrill(service, LINUX_A).status).toBe('PENDING');
    });

    it('fails every launch at a launch failure rate of 1', () => {
      const { service, clock } = createService({ faults: { launchFailureRate: 1 } });
      const job = startDrill(service, LINUX_A, LINUX_B);
      clock.advanceSeconds(3600);

      expect(
        describeJob(service, job.jobID as string).participatingServers?.map((s) => s.launchStatus),
      ).toEqual(['FAILED', 'FAILED']);
    });

    it('injects throttling and hangs per operation', () => {
      const { service } = createService();
      service.updateFaults({
        operations: { DescribeJobs: { throttleRate: 1 }, DescribeSourceServers: { hangRate: 1 } },
      });

      const throttled = callError(service, 'DescribeJobs', {});
      expect(throttled.exceptionName).toBe('ThrottlingException');
      expect(throttled.members.retryAfterSeconds).toBe('1');

      const operation = model.operation('DescribeSourceServers');
      const result =
        operation && service.execute({ operation, authorization: undefined, readInput: () => ({}) });
      expect(result).toEqual({ kind: 'hang' });
    });
  });

  describe('stats and reset', () => {
    it('records calls, outcomes and peaks', () => {
      const { service, clock } = createService();
      const first = startDrill(service, LINUX_A, LINUX_B);
      callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
      startDrill(service, LINUX_C);
      clock.advanceSeconds(3600);
      startDrill(service, LINUX_A);

      const stats = service.stats();
      expect(stats.callsByOperation.StartRecovery).toBe(4);
      expect(stats.startRecoveryCalls.map((record) => record.outcome)).toEqual([
        'accepted',
        'ConflictException',
        'accepted',
        'accepted',
      ]);
      expect(stats.startRecoveryCalls[0]).toMatchObject({
        accountID: '123456789012',
        region: 'us-east-1',
        jobID: first.jobID,
        sourceServerIDs: [LINUX_A, LINUX_B],
        isDrill: true,
      });
      expect(stats.jobsPerServer).toEqual({ [LINUX_A]: 2, [LINUX_B]: 1, [LINUX_C]: 1 });
      expect(stats.maxJobsInFlight).toBe(2);
      expect(stats.maxServersInFlight).toBe(3);
      expect(stats.conflicts).toBe(1);
      expect(stats.jobs[0].servers[0].startedAt).not.toBeNull();
      expect(stats.jobs[0].servers[0].finishedAt).not.toBeNull();
      expect(stats.jobs).toHaveLength(3);
      expect(stats.jobs[2].endedAt).toBeNull();
    });

    it('returns to the loaded scenarios on reset', () => {
      const { service } = createService({ faults: { conflictFirstN: 1 } });
      callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
      const firstJob = startDrill(service, LINUX_A);

      service.reset();

      expect(service.stats().jobs).toEqual([]);
      expect(service.stats().callsByOperation).toEqual({});
      expect(describeServer(service, LINUX_A).lastLaunchResult).toBe('NOT_STARTED');
      expect(
        callError(service, 'StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] }).exceptionName,
      ).toBe('ConflictException');
      expect(startDrill(service, LINUX_A).jobID).toBe(firstJob.jobID);
    });
  });
});
