import {
  DeleteJobCommand,
  DeleteLaunchActionCommand,
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DisconnectRecoveryInstanceCommand,
  DrsClient,
  GetLaunchConfigurationCommand,
  ListLaunchActionsCommand,
  ListStagingAccountsCommand,
  ListTagsForResourceCommand,
  PutLaunchActionCommand,
  RecoveryInstance,
  ReverseReplicationCommand,
  StartFailbackLaunchCommand,
  StartRecoveryCommand,
  StopFailbackCommand,
  TagResourceCommand,
  TerminateRecoveryInstancesCommand,
  UntagResourceCommand,
  UpdateLaunchConfigurationCommand,
} from '@aws-sdk/client-drs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDrsEmulator, DrsEmulator, launchConfigurationTemplateIDOf } from '../../apps/drs-emulator/src';
import {
  CapturedExchange,
  CapturingHttpHandler,
  control,
  createDrsClient,
  DrsCommand,
  sendCommand,
} from './support/clients';
import { ACCOUNT_ID, conformanceScenario, numberedServerID, writeScenario } from './support/scenarios';
import {
  checkAgainstShape,
  ConformanceReport,
  EMULATED_OPERATIONS,
  EmulatedOperation,
  readServiceModel,
} from './support/service-model';

const model = readServiceModel();

// Servers of three-tier-100 (account 123456789012, us-east-1), and one EC2 server in us-west-2.
const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';
const EC2_SERVER = numberedServerID(0xe, 0);
const ACTION_ID = '0d4c3b2a-1f2e-4d3c-8b7a-6f5e4d3c2b1a';
const TEMPLATE_ACTION_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

interface RecordedCall {
  operation: EmulatedOperation;
  exchange: CapturedExchange;
  /** The SDK's parsed output without `$metadata`. */
  output: Record<string, unknown>;
}

/**
 * Drives every emulated operation through @aws-sdk/client-drs once or more, then checks each
 * response, as sent and as parsed, against the output shape of the model.
 */
describe('DRS emulator conformance with the service model', () => {
  let directory: string;
  let emulator: DrsEmulator;
  const calls: RecordedCall[] = [];
  const facts: Record<string, unknown> = {};

  async function send<T extends object>(
    client: DrsClient,
    handler: CapturingHttpHandler,
    operation: EmulatedOperation,
    command: DrsCommand,
  ): Promise<T> {
    const output = (await sendCommand(client, command)) as T & { $metadata?: unknown };
    const { $metadata: _metadata, ...rest } = output;
    calls.push({ operation, exchange: handler.last(), output: rest });

    return rest as T;
  }

  async function advance(seconds: number): Promise<void> {
    const response = await control(emulator.url, 'POST', 'clock/advance', { seconds });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'drs-conformance-'));
    emulator = await createDrsEmulator({
      scenarios: [writeScenario(directory, conformanceScenario())],
      port: 0,
      clock: 'manual',
      control: true,
      seed: 11,
    });
    const east = new CapturingHttpHandler();
    const west = new CapturingHttpHandler();
    const client = createDrsClient(emulator.url, { requestHandler: east });
    const westClient = createDrsClient(emulator.url, { region: 'us-west-2', requestHandler: west });

    try {
      await runJourney(client, east, westClient, west);
    } finally {
      client.destroy();
      westClient.destroy();
    }
  });

  afterAll(async () => {
    await emulator?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function runJourney(
    client: DrsClient,
    east: CapturingHttpHandler,
    westClient: DrsClient,
    west: CapturingHttpHandler,
  ): Promise<void> {
    await send(client, east, 'DescribeSourceServers', new DescribeSourceServersCommand({ maxResults: 10 }));
    facts.defaultLaunchConfiguration = await send(
      client,
      east,
      'GetLaunchConfiguration',
      new GetLaunchConfigurationCommand({ sourceServerID: LINUX_A }),
    );
    facts.updatedLaunchConfiguration = await send(
      client,
      east,
      'UpdateLaunchConfiguration',
      new UpdateLaunchConfigurationCommand({
        sourceServerID: LINUX_B,
        name: 'orders-app-renamed',
        launchDisposition: 'STOPPED',
        licensing: { osByol: true },
        launchIntoInstanceProperties: { launchIntoEC2InstanceID: 'i-0123456789abcdef0' },
      }),
    );

    const snapshots = await send<{ items?: { snapshotID?: string; timestamp?: string }[] }>(
      client,
      east,
      'DescribeRecoverySnapshots',
      new DescribeRecoverySnapshotsCommand({ sourceServerID: LINUX_A, order: 'DESC', maxResults: 5 }),
    );
    const snapshot = (snapshots.items ?? [])[2];
    facts.snapshot = snapshot;

    const started = await send<{ job?: { jobID?: string; arn?: string } }>(
      client,
      east,
      'StartRecovery',
      new StartRecoveryCommand({
        sourceServers: [
          { sourceServerID: LINUX_A, recoverySnapshotID: snapshot?.snapshotID },
          { sourceServerID: LINUX_B },
        ],
        isDrill: true,
        tags: { Purpose: 'conformance' },
      }),
    );
    const drill = started.job ?? {};
    await send(client, east, 'DescribeJobs', new DescribeJobsCommand({}));
    await advance(3600);
    await send(
      client,
      east,
      'DescribeJobs',
      new DescribeJobsCommand({ filters: { jobIDs: [drill.jobID ?? ''] } }),
    );
    facts.drillLog = await send(
      client,
      east,
      'DescribeJobLogItems',
      new DescribeJobLogItemsCommand({ jobID: drill.jobID }),
    );

    const launched = await send<{ items?: RecoveryInstance[] }>(
      client,
      east,
      'DescribeRecoveryInstances',
      new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [LINUX_A, LINUX_B] } }),
    );
    const instanceA = launched.items?.find((instance) => instance.sourceServerID === LINUX_A);
    const instanceB = launched.items?.find((instance) => instance.sourceServerID === LINUX_B);
    facts.launchedInstances = { instanceA, instanceB };

    const templateID = launchConfigurationTemplateIDOf(ACCOUNT_ID, 'us-east-1');
    await send(
      client,
      east,
      'PutLaunchAction',
      new PutLaunchActionCommand({
        resourceId: LINUX_A,
        actionId: ACTION_ID,
        actionCode: 'AWS-RunShellScript',
        actionVersion: '$DEFAULT',
        active: true,
        category: 'VALIDATION',
        description: 'Checks the web tier',
        name: 'check-web',
        optional: false,
        order: 2,
        parameters: { commands: { type: 'SSM_STORE', value: 'web-check.v2' } },
      }),
    );
    await send(
      client,
      east,
      'PutLaunchAction',
      new PutLaunchActionCommand({
        resourceId: templateID,
        actionId: TEMPLATE_ACTION_ID,
        actionCode: 'AWSDisasterRecovery-CreateUser',
        actionVersion: '1',
        active: true,
        category: 'CONFIGURATION',
        description: '',
        name: 'create-user',
        optional: true,
        order: 100,
      }),
    );
    await send(client, east, 'ListLaunchActions', new ListLaunchActionsCommand({ resourceId: LINUX_A }));
    await send(client, east, 'ListLaunchActions', new ListLaunchActionsCommand({ resourceId: templateID }));
    await send(
      client,
      east,
      'DeleteLaunchAction',
      new DeleteLaunchActionCommand({ resourceId: templateID, actionId: TEMPLATE_ACTION_ID }),
    );
    facts.templateActionsAfterDelete = await send(
      client,
      east,
      'ListLaunchActions',
      new ListLaunchActionsCommand({ resourceId: templateID }),
    );

    const jobArn = drill.arn ?? '';
    await send(
      client,
      east,
      'TagResource',
      new TagResourceCommand({ resourceArn: jobArn, tags: { Team: 'dr' } }),
    );
    await send(client, east, 'ListTagsForResource', new ListTagsForResourceCommand({ resourceArn: jobArn }));
    await send(
      client,
      east,
      'UntagResource',
      new UntagResourceCommand({ resourceArn: jobArn, tagKeys: ['Purpose'] }),
    );
    facts.jobTags = await send(
      client,
      east,
      'ListTagsForResource',
      new ListTagsForResourceCommand({ resourceArn: jobArn }),
    );
    await send(client, east, 'ListStagingAccounts', new ListStagingAccountsCommand({ maxResults: 10 }));

    const idA = instanceA?.recoveryInstanceID ?? '';
    const idB = instanceB?.recoveryInstanceID ?? '';
    await send(
      client,
      east,
      'DisconnectRecoveryInstance',
      new DisconnectRecoveryInstanceCommand({ recoveryInstanceID: idB }),
    );
    const failback = await send<{ job?: { jobID?: string } }>(
      client,
      east,
      'StartFailbackLaunch',
      new StartFailbackLaunchCommand({ recoveryInstanceIDs: [idA], tags: { Purpose: 'failback' } }),
    );
    facts.failbackJob = failback.job;
    facts.instancesDuringFailback = await send(
      client,
      east,
      'DescribeRecoveryInstances',
      new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: [idA, idB] } }),
    );
    await advance(3600);
    facts.instancesAfterFailback = await send(
      client,
      east,
      'DescribeRecoveryInstances',
      new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: [idA] } }),
    );
    await send(client, east, 'StopFailback', new StopFailbackCommand({ recoveryInstanceID: idA }));
    facts.instancesAfterStop = await send(
      client,
      east,
      'DescribeRecoveryInstances',
      new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: [idA] } }),
    );

    await send(
      westClient,
      west,
      'StartRecovery',
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID: EC2_SERVER }] }),
    );
    await advance(3600);
    const ec2Instances = await send<{ items?: RecoveryInstance[] }>(
      westClient,
      west,
      'DescribeRecoveryInstances',
      new DescribeRecoveryInstancesCommand({}),
    );
    const ec2Instance = ec2Instances.items?.[0];
    facts.ec2Instance = ec2Instance;
    facts.reversal = await send(
      westClient,
      west,
      'ReverseReplication',
      new ReverseReplicationCommand({ recoveryInstanceID: ec2Instance?.recoveryInstanceID }),
    );
    facts.serversWithReversal = await send(
      client,
      east,
      'DescribeSourceServers',
      new DescribeSourceServersCommand({ maxResults: 200 }),
    );
    await send(westClient, west, 'DescribeSourceServers', new DescribeSourceServersCommand({}));

    await send(
      client,
      east,
      'TerminateRecoveryInstances',
      new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: [idA] }),
    );
    await advance(3600);
    await send(client, east, 'DeleteJob', new DeleteJobCommand({ jobID: drill.jobID }));
    facts.deletedJobID = drill.jobID;
    facts.jobsAfterDelete = await send(client, east, 'DescribeJobs', new DescribeJobsCommand({}));
  }

  function callsOf(operation: EmulatedOperation): RecordedCall[] {
    return calls.filter((call) => call.operation === operation);
  }

  it.each(EMULATED_OPERATIONS)('answers %s as the model defines', (operation) => {
    const definition = model.operations[operation];
    const recorded = callsOf(operation);
    const expectedStatus = definition.http.responseCode ?? 200;
    const outputShape = definition.output?.shape;
    const hasMembers =
      outputShape !== undefined && Object.keys(model.shapes[outputShape].members ?? {}).length > 0;

    expect(recorded.length).toBeGreaterThan(0);
    for (const call of recorded) {
      expect({ path: call.exchange.path, status: call.exchange.status }).toEqual({
        path: call.exchange.path,
        status: expectedStatus,
      });
      expect(call.exchange.method).toBe(definition.http.method);

      if (expectedStatus === 204) {
        expect(call.exchange.bodyText).toBe('');
        continue;
      }
      const raw = JSON.parse(call.exchange.bodyText) as unknown;
      if (!hasMembers) {
        expect(raw).toEqual({});
        continue;
      }

      const report: ConformanceReport = checkAgainstShape(model, outputShape, raw, `${operation} body`);
      checkAgainstShape(model, outputShape, call.output, `${operation} SDK output`, report);
      expect(report.problems).toEqual([]);
    }
  });

  it('reaches nested members of every output shape', () => {
    const report: ConformanceReport = { problems: [], visitedMembers: new Set() };
    for (const call of calls) {
      const outputShape = model.operations[call.operation].output?.shape;
      if (outputShape && call.exchange.bodyText !== '') {
        checkAgainstShape(model, outputShape, JSON.parse(call.exchange.bodyText), call.operation, report);
      }
    }

    expect([...report.visitedMembers]).toEqual(
      expect.arrayContaining([
        'Job.participatingServers',
        'ParticipatingServer.recoveryInstanceID',
        'JobLog.eventData',
        'JobLogEventData.conversionServerID',
        'RecoveryInstance.failback',
        'RecoveryInstanceFailback.failbackJobID',
        'RecoveryInstance.dataReplicationInfo',
        'RecoveryInstance.recoveryInstanceProperties',
        'RecoverySnapshot.ebsSnapshots',
        'LaunchAction.parameters',
        'LaunchActionParameter.value',
        'LaunchConfiguration.launchIntoInstanceProperties',
        'SourceServer.reversedDirectionSourceServerArn',
        'SourceServer.dataReplicationInfo',
      ]),
    );
    expect(report.problems).toEqual([]);
  });

  it('fills launch configuration defaults', () => {
    expect(facts.defaultLaunchConfiguration).toEqual({
      sourceServerID: LINUX_A,
      name: expect.any(String),
      ec2LaunchTemplateID: expect.stringMatching(/^lt-[0-9a-f]{17}$/),
      launchDisposition: 'STARTED',
      copyPrivateIp: false,
      copyTags: true,
      targetInstanceTypeRightSizingMethod: 'BASIC',
      licensing: { osByol: false },
      postLaunchEnabled: false,
    });
    expect(facts.updatedLaunchConfiguration).toMatchObject({
      sourceServerID: LINUX_B,
      name: 'orders-app-renamed',
      launchDisposition: 'STOPPED',
      licensing: { osByol: true },
      copyTags: true,
    });
  });

  it('launches from the named snapshot', () => {
    const snapshot = facts.snapshot as { snapshotID: string; timestamp: string };
    const log = facts.drillLog as { items: { event: string; eventData?: { sourceServerID?: string } }[] };
    const { instanceA, instanceB } = facts.launchedInstances as Record<string, RecoveryInstance>;
    const eventsOfA = log.items
      .filter((item) => item.eventData?.sourceServerID === LINUX_A)
      .map((item) => item.event);

    expect(snapshot.snapshotID).toMatch(/^pit-[0-9a-zA-Z]{17}$/);
    expect(eventsOfA[0]).toBe('USING_PREVIOUS_SNAPSHOT');
    expect(eventsOfA).not.toContain('SNAPSHOT_START');
    expect(instanceA.pointInTimeSnapshotDateTime).toBe(snapshot.timestamp);
    expect(instanceB.ec2InstanceState).toBe('STOPPED');
  });

  it('moves failback state through the failback job', () => {
    const during = (facts.instancesDuringFailback as { items: RecoveryInstance[] }).items;
    const after = (facts.instancesAfterFailback as { items: RecoveryInstance[] }).items[0];
    const stopped = (facts.instancesAfterStop as { items: RecoveryInstance[] }).items[0];
    const failbackJob = facts.failbackJob as { jobID: string; initiatedBy: string; type: string };
    const { instanceA, instanceB } = facts.launchedInstances as Record<string, RecoveryInstance>;

    expect(failbackJob).toMatchObject({ type: 'LAUNCH', initiatedBy: 'FAILBACK' });
    expect(
      during.find((item) => item.recoveryInstanceID === instanceA.recoveryInstanceID)?.failback,
    ).toMatchObject({
      state: 'FAILBACK_IN_PROGRESS',
      failbackJobID: failbackJob.jobID,
    });
    expect(
      during.find((item) => item.recoveryInstanceID === instanceB.recoveryInstanceID)?.dataReplicationInfo
        ?.dataReplicationState,
    ).toBe('DISCONNECTED');
    expect(after.failback?.state).toBe('FAILBACK_COMPLETED');
    expect(stopped.failback).toEqual({ state: 'FAILBACK_NOT_STARTED' });
  });

  it('reverses replication of an EC2 instance to its origin Region', () => {
    const ec2Instance = facts.ec2Instance as RecoveryInstance;
    const arn = (facts.reversal as { reversedDirectionSourceServerArn: string })
      .reversedDirectionSourceServerArn;
    const servers = (
      facts.serversWithReversal as { items: { arn?: string; replicationDirection?: string }[] }
    ).items;

    expect(ec2Instance.originEnvironment).toBe('AWS');
    expect(arn).toMatch(/^arn:aws:drs:us-east-1:123456789012:source-server\/s-[0-9a-zA-Z]{17}$/);
    expect(servers.find((server) => server.arn === arn)).toMatchObject({
      replicationDirection: 'FAILBACK',
      reversedDirectionSourceServerArn: `arn:aws:drs:us-west-2:123456789012:source-server/${EC2_SERVER}`,
    });
  });

  it('keeps launch actions, tags and jobs as changed', () => {
    const jobs = facts.jobsAfterDelete as { items: { jobID: string }[] };

    expect((facts.templateActionsAfterDelete as { items: unknown[] }).items).toEqual([]);
    expect((facts.jobTags as { tags: Record<string, string> }).tags).toEqual({ Team: 'dr' });
    expect(jobs.items.map((job) => job.jobID)).not.toContain(facts.deletedJobID);
    expect(jobs.items.length).toBeGreaterThan(0);
  });
});
