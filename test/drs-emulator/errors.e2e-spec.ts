import {
  AccessDeniedException,
  ConflictException,
  DeleteJobCommand,
  DeleteLaunchActionCommand,
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DisconnectRecoveryInstanceCommand,
  DrsClient,
  DrsServiceException,
  GetLaunchConfigurationCommand,
  InternalServerException,
  ListLaunchActionsCommand,
  ListStagingAccountsCommand,
  ListTagsForResourceCommand,
  PutLaunchActionCommand,
  ResourceNotFoundException,
  ReverseReplicationCommand,
  ServiceQuotaExceededException,
  StartFailbackLaunchCommand,
  StartRecoveryCommand,
  StopFailbackCommand,
  TagResourceCommand,
  TerminateRecoveryInstancesCommand,
  ThrottlingException,
  UninitializedAccountException,
  UntagResourceCommand,
  UpdateLaunchConfigurationCommand,
  ValidationException,
} from '@aws-sdk/client-drs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDrsEmulator,
  DrsEmulator,
  launchConfigurationTemplateIDOf,
  ManualClock,
} from '../../apps/drs-emulator/src';
import { CapturingHttpHandler, createDrsClient, DrsCommand, sendCommand } from './support/clients';
import { ACCOUNT_ID, conformanceScenario, numberedServerID, writeScenario } from './support/scenarios';
import {
  checkAgainstShape,
  EMULATED_OPERATIONS,
  EmulatedOperation,
  isPlainObject,
  readServiceModel,
} from './support/service-model';

const model = readServiceModel();

const LINUX_A = 's-f841a51831796bae0';
const LINUX_B = 's-e68d46d28c83671c8';
const EC2_SERVER = numberedServerID(0xe, 0);
const SERVER_ARN = `arn:aws:drs:us-east-1:${ACCOUNT_ID}:source-server/${LINUX_A}`;
const UNKNOWN_SERVER = 's-000000000000000zz';
const UNKNOWN_JOB = 'drsjob-00000000000000000';
const UNKNOWN_INSTANCE = 'i-0123456789abcdef0';
const ACTION_ID = '0d4c3b2a-1f2e-4d3c-8b7a-6f5e4d3c2b1a';
const DENIED_KEY = 'AKIA123456789012DENY';

type Input = Record<string, unknown>;

const COMMANDS: Record<EmulatedOperation, new (input: never) => DrsCommand> = {
  DescribeSourceServers: DescribeSourceServersCommand,
  StartRecovery: StartRecoveryCommand,
  DescribeJobs: DescribeJobsCommand,
  DescribeJobLogItems: DescribeJobLogItemsCommand,
  DeleteJob: DeleteJobCommand,
  DescribeRecoveryInstances: DescribeRecoveryInstancesCommand,
  TerminateRecoveryInstances: TerminateRecoveryInstancesCommand,
  DisconnectRecoveryInstance: DisconnectRecoveryInstanceCommand,
  DescribeRecoverySnapshots: DescribeRecoverySnapshotsCommand,
  GetLaunchConfiguration: GetLaunchConfigurationCommand,
  UpdateLaunchConfiguration: UpdateLaunchConfigurationCommand,
  StartFailbackLaunch: StartFailbackLaunchCommand,
  StopFailback: StopFailbackCommand,
  ReverseReplication: ReverseReplicationCommand,
  PutLaunchAction: PutLaunchActionCommand,
  ListLaunchActions: ListLaunchActionsCommand,
  DeleteLaunchAction: DeleteLaunchActionCommand,
  ListStagingAccounts: ListStagingAccountsCommand,
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  ListTagsForResource: ListTagsForResourceCommand,
};

function launchAction(overrides: Input = {}): Input {
  return {
    resourceId: LINUX_A,
    actionId: ACTION_ID,
    actionCode: 'AWS-RunShellScript',
    actionVersion: '$LATEST',
    active: true,
    category: 'OTHER',
    description: 'smoke test',
    name: 'smoke-test',
    optional: true,
    order: 2,
    ...overrides,
  };
}

/** Inputs the model accepts; the resources they name need not exist. */
const WELL_FORMED: Record<EmulatedOperation, Input> = {
  DescribeSourceServers: {},
  StartRecovery: { sourceServers: [{ sourceServerID: LINUX_A }] },
  DescribeJobs: {},
  DescribeJobLogItems: { jobID: UNKNOWN_JOB },
  DeleteJob: { jobID: UNKNOWN_JOB },
  DescribeRecoveryInstances: {},
  TerminateRecoveryInstances: { recoveryInstanceIDs: [UNKNOWN_INSTANCE] },
  DisconnectRecoveryInstance: { recoveryInstanceID: UNKNOWN_INSTANCE },
  DescribeRecoverySnapshots: { sourceServerID: LINUX_A },
  GetLaunchConfiguration: { sourceServerID: LINUX_A },
  UpdateLaunchConfiguration: { sourceServerID: LINUX_A, copyTags: false },
  StartFailbackLaunch: { recoveryInstanceIDs: [UNKNOWN_INSTANCE] },
  StopFailback: { recoveryInstanceID: UNKNOWN_INSTANCE },
  ReverseReplication: { recoveryInstanceID: UNKNOWN_INSTANCE },
  PutLaunchAction: launchAction(),
  ListLaunchActions: { resourceId: LINUX_A },
  DeleteLaunchAction: { resourceId: LINUX_A, actionId: ACTION_ID },
  ListStagingAccounts: {},
  TagResource: { resourceArn: SERVER_ARN, tags: { Owner: 'dr' } },
  UntagResource: { resourceArn: SERVER_ARN, tagKeys: ['Owner'] },
  ListTagsForResource: { resourceArn: SERVER_ARN },
};

/** One input per operation that breaks the model, and the field the ValidationException must name. */
const MALFORMED: Record<EmulatedOperation, { input: Input; field: string }> = {
  DescribeSourceServers: { input: { maxResults: 0 }, field: 'maxResults' },
  StartRecovery: {
    input: { sourceServers: [{ sourceServerID: 's-short' }] },
    field: 'sourceServers[0].sourceServerID',
  },
  DescribeJobs: { input: { filters: { fromDate: 'yesterday' } }, field: 'filters.fromDate' },
  DescribeJobLogItems: { input: { jobID: 'drsjob-1' }, field: 'jobID' },
  DeleteJob: { input: { jobID: 'job-1' }, field: 'jobID' },
  DescribeRecoveryInstances: {
    input: { filters: { recoveryInstanceIDs: ['instance'] } },
    field: 'filters.recoveryInstanceIDs[0]',
  },
  TerminateRecoveryInstances: { input: { recoveryInstanceIDs: [] }, field: 'recoveryInstanceIDs' },
  DisconnectRecoveryInstance: { input: { recoveryInstanceID: 'i-123' }, field: 'recoveryInstanceID' },
  DescribeRecoverySnapshots: { input: { sourceServerID: LINUX_A, order: 'NEWEST' }, field: 'order' },
  GetLaunchConfiguration: { input: { sourceServerID: 's-1' }, field: 'sourceServerID' },
  UpdateLaunchConfiguration: {
    input: { sourceServerID: LINUX_A, launchDisposition: 'RUNNING' },
    field: 'launchDisposition',
  },
  StartFailbackLaunch: { input: { recoveryInstanceIDs: ['i-zzzzzzzzzz'] }, field: 'recoveryInstanceIDs[0]' },
  StopFailback: { input: { recoveryInstanceID: 'instance-01' }, field: 'recoveryInstanceID' },
  ReverseReplication: { input: { recoveryInstanceID: 'i-1' }, field: 'recoveryInstanceID' },
  PutLaunchAction: { input: launchAction({ order: 1 }), field: 'order' },
  ListLaunchActions: { input: { resourceId: LINUX_A, maxResults: 1001 }, field: 'maxResults' },
  DeleteLaunchAction: { input: { resourceId: LINUX_A, actionId: 'not-a-uuid' }, field: 'actionId' },
  ListStagingAccounts: { input: { maxResults: 51 }, field: 'maxResults' },
  TagResource: {
    input: { resourceArn: SERVER_ARN, tags: { Owner: 'x'.repeat(257) } },
    field: 'tags["Owner"]',
  },
  UntagResource: { input: { resourceArn: 'arn:aws:drs:short', tagKeys: ['Owner'] }, field: 'resourceArn' },
  ListTagsForResource: { input: { resourceArn: 'not-an-arn-of-twenty-characters' }, field: 'resourceArn' },
};

interface Harness {
  emulator: DrsEmulator;
  clock: ManualClock;
  send(operation: EmulatedOperation, input: Input, client?: DrsClient): Promise<unknown>;
  client: DrsClient;
  /** Signed for us-west-2, where the EC2 servers of the scenario are. */
  west: DrsClient;
  handler: CapturingHttpHandler;
}

interface ErrorCase {
  operation: EmulatedOperation;
  exception: string;
  how: string;
  /** Sets up state and returns the rejected call. */
  produce(harness: Harness): Promise<unknown>;
  /** Modelled fields the error must carry, beside the class and status. */
  fields?: Record<string, unknown>;
}

async function launchInstance(
  harness: Harness,
  sourceServerID: string,
  client = harness.client,
): Promise<string> {
  await harness.send('StartRecovery', { sourceServers: [{ sourceServerID }] }, client);
  harness.clock.advanceSeconds(3600);
  const output = (await harness.send(
    'DescribeRecoveryInstances',
    { filters: { sourceServerIDs: [sourceServerID] } },
    client,
  )) as { items: { recoveryInstanceID: string }[] };

  return output.items[0].recoveryInstanceID;
}

async function terminatingInstance(harness: Harness): Promise<string> {
  const instanceID = await launchInstance(harness, LINUX_A);
  await harness.send('TerminateRecoveryInstances', { recoveryInstanceIDs: [instanceID] });

  return instanceID;
}

/** Errors that need state of their own: not-found, conflict and quota cases, by operation. */
const RESOURCE_CASES: ErrorCase[] = [
  {
    operation: 'StartRecovery',
    exception: 'ConflictException',
    how: 'a server is already in an active job',
    produce: async (harness) => {
      await harness.send('StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
      return harness.send('StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
    },
    fields: { resourceId: LINUX_A, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'StartRecovery',
    exception: 'ServiceQuotaExceededException',
    how: 'one job names 101 servers',
    produce: async (harness) => {
      const servers = (await harness.send('DescribeSourceServers', { maxResults: 101 })) as {
        items: { sourceServerID: string }[];
      };
      return harness.send('StartRecovery', {
        sourceServers: servers.items.map(({ sourceServerID }) => ({ sourceServerID })),
      });
    },
    fields: { quotaCode: 'L-B827C881', serviceCode: 'drs' },
  },
  {
    operation: 'DeleteJob',
    exception: 'ResourceNotFoundException',
    how: 'the job does not exist',
    produce: (harness) => harness.send('DeleteJob', { jobID: UNKNOWN_JOB }),
    fields: { resourceId: UNKNOWN_JOB, resourceType: 'JOB' },
  },
  {
    operation: 'DeleteJob',
    exception: 'ConflictException',
    how: 'the job is still active',
    produce: async (harness) => {
      const started = (await harness.send('StartRecovery', {
        sourceServers: [{ sourceServerID: LINUX_A }],
      })) as {
        job: { jobID: string };
      };
      return harness.send('DeleteJob', { jobID: started.job.jobID });
    },
    fields: { resourceType: 'JOB' },
  },
  {
    operation: 'TerminateRecoveryInstances',
    exception: 'ConflictException',
    how: 'the instance is already being terminated',
    produce: async (harness) =>
      harness.send('TerminateRecoveryInstances', {
        recoveryInstanceIDs: [await terminatingInstance(harness)],
      }),
    fields: { resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'TerminateRecoveryInstances',
    exception: 'ServiceQuotaExceededException',
    how: 'the concurrent jobs quota is full',
    produce: async (harness) => {
      const instanceID = await launchInstance(harness, LINUX_A);
      harness.emulator.setQuotas({ maxJobsInProgress: 1 });
      await harness.send('StartRecovery', { sourceServers: [{ sourceServerID: LINUX_B }] });
      return harness.send('TerminateRecoveryInstances', { recoveryInstanceIDs: [instanceID] });
    },
    fields: { quotaCode: 'L-D88FAC3A', serviceCode: 'drs' },
  },
  {
    operation: 'DisconnectRecoveryInstance',
    exception: 'ResourceNotFoundException',
    how: 'the instance does not exist',
    produce: (harness) =>
      harness.send('DisconnectRecoveryInstance', { recoveryInstanceID: UNKNOWN_INSTANCE }),
    fields: { resourceId: UNKNOWN_INSTANCE, resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'DisconnectRecoveryInstance',
    exception: 'ConflictException',
    how: 'the instance is being terminated',
    produce: async (harness) =>
      harness.send('DisconnectRecoveryInstance', { recoveryInstanceID: await terminatingInstance(harness) }),
    fields: { resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'GetLaunchConfiguration',
    exception: 'ResourceNotFoundException',
    how: 'the server does not exist',
    produce: (harness) => harness.send('GetLaunchConfiguration', { sourceServerID: UNKNOWN_SERVER }),
    fields: { resourceId: UNKNOWN_SERVER, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'UpdateLaunchConfiguration',
    exception: 'ResourceNotFoundException',
    how: 'the server does not exist',
    produce: (harness) => harness.send('UpdateLaunchConfiguration', { sourceServerID: UNKNOWN_SERVER }),
    fields: { resourceId: UNKNOWN_SERVER, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'UpdateLaunchConfiguration',
    exception: 'ConflictException',
    how: 'the server is in an active job',
    produce: async (harness) => {
      await harness.send('StartRecovery', { sourceServers: [{ sourceServerID: LINUX_A }] });
      return harness.send('UpdateLaunchConfiguration', { sourceServerID: LINUX_A, copyTags: false });
    },
    fields: { resourceId: LINUX_A, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'StartFailbackLaunch',
    exception: 'ConflictException',
    how: 'the instance is being terminated',
    produce: async (harness) =>
      harness.send('StartFailbackLaunch', { recoveryInstanceIDs: [await terminatingInstance(harness)] }),
    fields: { resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'StartFailbackLaunch',
    exception: 'ServiceQuotaExceededException',
    how: 'the servers in active jobs quota is full',
    produce: async (harness) => {
      const instanceID = await launchInstance(harness, LINUX_A);
      harness.emulator.setQuotas({ maxServersInActiveJobs: 1 });
      await harness.send('StartRecovery', { sourceServers: [{ sourceServerID: LINUX_B }] });
      return harness.send('StartFailbackLaunch', { recoveryInstanceIDs: [instanceID] });
    },
    fields: { quotaCode: 'L-05AFA8C6', serviceCode: 'drs' },
  },
  {
    operation: 'StopFailback',
    exception: 'ResourceNotFoundException',
    how: 'the instance does not exist',
    produce: (harness) => harness.send('StopFailback', { recoveryInstanceID: UNKNOWN_INSTANCE }),
    fields: { resourceId: UNKNOWN_INSTANCE, resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'ReverseReplication',
    exception: 'ResourceNotFoundException',
    how: 'the instance does not exist',
    produce: (harness) => harness.send('ReverseReplication', { recoveryInstanceID: UNKNOWN_INSTANCE }),
    fields: { resourceId: UNKNOWN_INSTANCE, resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'ReverseReplication',
    exception: 'ConflictException',
    how: 'the replication is already reversed',
    produce: async (harness) => {
      const instanceID = await launchInstance(harness, EC2_SERVER, harness.west);
      await harness.send('ReverseReplication', { recoveryInstanceID: instanceID }, harness.west);
      return harness.send('ReverseReplication', { recoveryInstanceID: instanceID }, harness.west);
    },
    fields: { resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'PutLaunchAction',
    exception: 'ResourceNotFoundException',
    how: 'the server does not exist',
    produce: (harness) => harness.send('PutLaunchAction', launchAction({ resourceId: UNKNOWN_SERVER })),
    fields: { resourceId: UNKNOWN_SERVER, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'PutLaunchAction',
    exception: 'ConflictException',
    how: 'another action has the same order',
    produce: async (harness) => {
      await harness.send('PutLaunchAction', launchAction());
      return harness.send(
        'PutLaunchAction',
        launchAction({ actionId: '11111111-2222-4333-8444-555555555555' }),
      );
    },
    fields: { resourceId: ACTION_ID, resourceType: 'LAUNCH_ACTION' },
  },
  {
    operation: 'ListLaunchActions',
    exception: 'ResourceNotFoundException',
    how: 'the template is not the account’s',
    produce: (harness) => harness.send('ListLaunchActions', { resourceId: 'lct-0000000000000000z' }),
    fields: { resourceId: 'lct-0000000000000000z', resourceType: 'LAUNCH_CONFIGURATION_TEMPLATE' },
  },
  {
    operation: 'ListLaunchActions',
    exception: 'ServiceQuotaExceededException',
    how: 'the quota was lowered below the actions held',
    produce: async (harness) => {
      const templateID = launchConfigurationTemplateIDOf(ACCOUNT_ID, 'us-east-1');
      await harness.send('PutLaunchAction', launchAction({ resourceId: templateID }));
      await harness.send(
        'PutLaunchAction',
        launchAction({ resourceId: templateID, actionId: '11111111-2222-4333-8444-555555555555', order: 3 }),
      );
      harness.emulator.setQuotas({ maxLaunchActionsPerResource: 1 });
      return harness.send('ListLaunchActions', { resourceId: templateID });
    },
    fields: { quotaCode: 'L-0588D03B', serviceCode: 'drs', resourceType: 'LAUNCH_CONFIGURATION_TEMPLATE' },
  },
  {
    operation: 'DeleteLaunchAction',
    exception: 'ResourceNotFoundException',
    how: 'the action does not exist',
    produce: (harness) => harness.send('DeleteLaunchAction', { resourceId: LINUX_A, actionId: ACTION_ID }),
    fields: { resourceId: ACTION_ID, resourceType: 'LAUNCH_ACTION' },
  },
  ...(['TagResource', 'UntagResource', 'ListTagsForResource'] as const).map(
    (operation): ErrorCase => ({
      operation,
      exception: 'ResourceNotFoundException',
      how: 'no resource has the ARN',
      produce: (harness) =>
        harness.send(operation, { ...WELL_FORMED[operation], resourceArn: `${SERVER_ARN}0` }),
      fields: { resourceId: `${SERVER_ARN}0`, resourceType: 'SOURCE_SERVER' },
    }),
  ),
];

/** Errors every operation can return, produced the same way for each operation that lists them. */
function genericCases(operation: EmulatedOperation): ErrorCase[] {
  const cases: ErrorCase[] = [
    {
      operation,
      exception: 'InternalServerException',
      how: 'an internal-error fault is set',
      produce: (harness) => {
        harness.emulator.setFaults({ operations: { [operation]: { internalErrorRate: 1 } } });
        return harness.send(operation, WELL_FORMED[operation]);
      },
      fields: { retryAfterSeconds: 1, $fault: 'server' },
    },
    {
      operation,
      exception: 'ThrottlingException',
      how: 'the request-rate bucket is empty',
      produce: async (harness) => {
        harness.emulator.setThrottling({
          read: { burst: 1, ratePerSecond: 0.01 },
          write: { burst: 1, ratePerSecond: 0.01 },
        });
        await harness.send(operation, WELL_FORMED[operation]).catch(() => undefined);
        return harness.send(operation, WELL_FORMED[operation]);
      },
      fields: { retryAfterSeconds: '100', serviceCode: 'drs' },
    },
    {
      operation,
      exception: 'AccessDeniedException',
      how: 'the access key is denied',
      produce: async (harness) => {
        harness.emulator.setAccessRules({ deniedAccessKeys: [{ accessKeyId: DENIED_KEY }] });
        const denied = createDrsClient(harness.emulator.url, {
          accessKeyId: DENIED_KEY,
          requestHandler: harness.handler,
        });
        return harness.send(operation, WELL_FORMED[operation], denied);
      },
    },
    {
      operation,
      exception: 'UninitializedAccountException',
      how: 'the account has no scenario',
      produce: (harness) => {
        const stranger = createDrsClient(harness.emulator.url, {
          accessKeyId: 'AKIA999999999999EMUL',
          requestHandler: harness.handler,
        });
        return harness.send(operation, WELL_FORMED[operation], stranger);
      },
    },
    {
      operation,
      exception: 'ValidationException',
      how: `${MALFORMED[operation].field} is malformed`,
      produce: (harness) => harness.send(operation, MALFORMED[operation].input),
      fields: { reason: 'fieldValidationFailed' },
    },
  ];

  return cases;
}

function listedErrors(operation: EmulatedOperation): string[] {
  return (model.operations[operation].errors ?? []).map((error) => error.shape).sort();
}

/** Error table: for each operation, one case per exception its model entry lists. */
const LISTED_CASES: ErrorCase[] = EMULATED_OPERATIONS.flatMap((operation) => {
  const listed = new Set(listedErrors(operation));

  return [
    ...genericCases(operation),
    ...RESOURCE_CASES.filter((entry) => entry.operation === operation),
  ].filter((entry) => listed.has(entry.exception));
});

/**
 * Errors the emulator returns although the model does not list them for the operation. The SDK
 * maps them all, because every operation shares one error deserializer.
 */
const UNLISTED_CASES: ErrorCase[] = [
  {
    operation: 'StartRecovery',
    exception: 'ResourceNotFoundException',
    how: 'the server does not exist',
    produce: (harness) =>
      harness.send('StartRecovery', { sourceServers: [{ sourceServerID: UNKNOWN_SERVER }] }),
    fields: { resourceId: UNKNOWN_SERVER, resourceType: 'SOURCE_SERVER' },
  },
  {
    operation: 'StartRecovery',
    exception: 'ResourceNotFoundException',
    how: 'the named snapshot does not exist',
    produce: (harness) =>
      harness.send('StartRecovery', {
        sourceServers: [{ sourceServerID: LINUX_A, recoverySnapshotID: 'pit-0000000000000000z' }],
      }),
    fields: { resourceId: 'pit-0000000000000000z', resourceType: 'RECOVERY_SNAPSHOT' },
  },
  {
    operation: 'TerminateRecoveryInstances',
    exception: 'ResourceNotFoundException',
    how: 'the instance does not exist',
    produce: (harness) =>
      harness.send('TerminateRecoveryInstances', { recoveryInstanceIDs: [UNKNOWN_INSTANCE] }),
    fields: { resourceId: UNKNOWN_INSTANCE, resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'StartFailbackLaunch',
    exception: 'ResourceNotFoundException',
    how: 'the instance does not exist',
    produce: (harness) => harness.send('StartFailbackLaunch', { recoveryInstanceIDs: [UNKNOWN_INSTANCE] }),
    fields: { resourceId: UNKNOWN_INSTANCE, resourceType: 'RECOVERY_INSTANCE' },
  },
  {
    operation: 'PutLaunchAction',
    exception: 'ServiceQuotaExceededException',
    how: 'the resource already has 200 actions',
    produce: async (harness) => {
      for (let index = 0; index < 200; index += 1) {
        const actionId = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
        await harness.send('PutLaunchAction', launchAction({ actionId, order: index + 2 }));
      }
      return harness.send('PutLaunchAction', launchAction({ actionId: ACTION_ID, order: 500 }));
    },
    fields: { quotaCode: 'L-0588D03B', serviceCode: 'drs', resourceId: LINUX_A },
  },
  ...EMULATED_OPERATIONS.filter((operation) => !listedErrors(operation).includes('ValidationException')).map(
    (operation) =>
      genericCases(operation).find((entry) => entry.exception === 'ValidationException') as ErrorCase,
  ),
];

const EXCEPTION_CLASSES: Record<string, new (...args: never[]) => DrsServiceException> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UninitializedAccountException,
  ValidationException,
};

describe('DRS emulator errors', () => {
  let directory: string;
  const harness = {} as Harness;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'drs-errors-'));
    const clock = new ManualClock();
    harness.emulator = await createDrsEmulator({
      scenarios: [writeScenario(directory, conformanceScenario())],
      port: 0,
      clock,
      control: true,
    });
    harness.clock = clock;
    harness.handler = new CapturingHttpHandler();
    harness.client = createDrsClient(harness.emulator.url, { requestHandler: harness.handler });
    harness.west = createDrsClient(harness.emulator.url, {
      region: 'us-west-2',
      requestHandler: harness.handler,
    });
    harness.send = (operation, input, client = harness.client) =>
      sendCommand(client, new COMMANDS[operation](input as never));
  });

  beforeEach(() => {
    harness.emulator.reset();
  });

  afterAll(async () => {
    harness.client.destroy();
    harness.west.destroy();
    await harness.emulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('covers every error the model lists for each operation', () => {
    for (const operation of EMULATED_OPERATIONS) {
      const covered = [
        ...new Set(LISTED_CASES.filter((entry) => entry.operation === operation).map((e) => e.exception)),
      ];

      expect({ operation, errors: covered.sort() }).toEqual({ operation, errors: listedErrors(operation) });
    }
  });

  async function expectModelledError(entry: ErrorCase): Promise<void> {
    let error: unknown;
    try {
      await entry.produce(harness);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(EXCEPTION_CLASSES[entry.exception]);
    const exception = error as DrsServiceException & Record<string, unknown>;
    const shape = model.shapes[entry.exception];
    expect(exception.name).toBe(entry.exception);
    expect(exception.$metadata.httpStatusCode).toBe(shape.error?.httpStatusCode);
    expect(exception).toMatchObject(entry.fields ?? {});
    if (entry.exception === 'ValidationException') {
      const fieldList = (exception as unknown as ValidationException).fieldList ?? [];
      expect(fieldList.map((field) => field.name)).toContain(MALFORMED[entry.operation].field);
    }

    // The body as sent: only members of the exception's shape, with the header-bound one left out.
    const exchange = harness.handler.last();
    const body = JSON.parse(exchange.bodyText) as unknown;
    expect(exchange.headers['x-amzn-errortype']).toBe(entry.exception);
    expect(isPlainObject(body)).toBe(true);
    expect(checkAgainstShape(model, entry.exception, body, entry.exception).problems).toEqual([]);
  }

  it.each(LISTED_CASES.map((entry) => [entry.operation, entry.exception, entry.how, entry] as const))(
    '%s returns %s when %s',
    async (_operation, _exception, _how, entry) => {
      await expectModelledError(entry);
    },
  );

  it.each(['TagResource', 'UntagResource', 'ListTagsForResource'] as const)(
    '%s reports an uninitialized account as not found',
    async (operation) => {
      const stranger = createDrsClient(harness.emulator.url, { accessKeyId: 'AKIA999999999999EMUL' });
      try {
        const error = await sendCommand(
          stranger,
          new COMMANDS[operation](WELL_FORMED[operation] as never),
        ).catch((caught: unknown) => caught);

        expect(listedErrors(operation)).not.toContain('UninitializedAccountException');
        expect(error).toBeInstanceOf(ResourceNotFoundException);
        expect((error as ResourceNotFoundException).resourceId).toBe(SERVER_ARN);
      } finally {
        stranger.destroy();
      }
    },
  );

  it.each(UNLISTED_CASES.map((entry) => [entry.operation, entry.exception, entry.how, entry] as const))(
    '%s also returns %s when %s',
    async (_operation, _exception, _how, entry) => {
      await expectModelledError(entry);
    },
  );
});
