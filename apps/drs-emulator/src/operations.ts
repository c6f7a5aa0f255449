import type {
  DeleteJobRequest,
  DescribeJobLogItemsRequest,
  DescribeJobLogItemsResponse,
  DescribeJobsRequest,
  DescribeJobsResponse,
  DescribeRecoveryInstancesRequest,
  DescribeRecoveryInstancesResponse,
  DescribeSourceServersRequest,
  DescribeSourceServersResponse,
  ListStagingAccountsResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-drs';
import { conflictError, resourceNotFoundError, validationError } from './errors';
import {
  disconnectRecoveryInstance,
  reverseReplication,
  startFailbackLaunch,
  stopFailback,
} from './failback';
import { isJobActiveAt, jobLogOutput, jobOutput } from './jobs';
import { JsonObject } from './json';
import {
  deleteLaunchAction,
  getLaunchConfiguration,
  listLaunchActions,
  putLaunchAction,
  updateLaunchConfiguration,
} from './launch-configuration';
import { OperationContext, OperationHandler } from './operation-context';
import { paginate } from './pagination';
import { startRecovery, terminateRecoveryInstances } from './recovery';
import { describeRecoverySnapshots } from './snapshots';
import { recoveryInstanceOutput, sourceServerOutput } from './state';

/** The TagResource documentation's limit: "Each resource can have a maximum of 50 tags." */
const MAX_TAGS_PER_RESOURCE = 50;

/** The operations this emulator implements. Other operations of the model return NotImplementedException. */
export const OPERATION_HANDLERS: Readonly<Record<string, OperationHandler>> = {
  DescribeSourceServers: describeSourceServers,
  StartRecovery: startRecovery,
  DescribeJobs: describeJobs,
  DescribeJobLogItems: describeJobLogItems,
  DeleteJob: deleteJob,
  DescribeRecoveryInstances: describeRecoveryInstances,
  TerminateRecoveryInstances: terminateRecoveryInstances,
  DisconnectRecoveryInstance: disconnectRecoveryInstance,
  DescribeRecoverySnapshots: describeRecoverySnapshots,
  GetLaunchConfiguration: getLaunchConfiguration,
  UpdateLaunchConfiguration: updateLaunchConfiguration,
  StartFailbackLaunch: startFailbackLaunch,
  StopFailback: stopFailback,
  ReverseReplication: reverseReplication,
  PutLaunchAction: putLaunchAction,
  ListLaunchActions: listLaunchActions,
  DeleteLaunchAction: deleteLaunchAction,
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListStagingAccounts: listStagingAccounts,
};

/** Empty ID lists in filters mean "no filter", as in DRS. */
function idFilter(ids: string[] | undefined): Set<string> | undefined {
  return ids && ids.length > 0 ? new Set(ids) : undefined;
}

function describeSourceServers(context: OperationContext, input: JsonObject): DescribeSourceServersResponse {
  const request = input as unknown as DescribeSourceServersRequest;
  const serverIDFilter = idFilter(request.filters?.sourceServerIDs);
  const stagingAccountFilter = idFilter(request.filters?.stagingAccountIDs);

  // NOTE: filters.hardwareId is accepted but not applied, because the model does not say which
  // server property it matches.
  const records = [...context.state.servers.values()].filter((record) => {
    const server = record.inventory.server;
    if (serverIDFilter && !serverIDFilter.has(server.sourceServerID as string)) {
      return false;
    }

    return !stagingAccountFilter || stagingAccountFilter.has(server.stagingArea?.stagingAccountID ?? '');
  });

  const page = paginate('DescribeSourceServers', records, (record) => record.sequence, request);

  return {
    items: page.items.map((record) => sourceServerOutput(record, context.nowMs)),
    nextToken: page.nextToken,
  };
}

/** Latest job first, as the DescribeJobs documentation states. */
function describeJobs(context: OperationContext, input: JsonObject): DescribeJobsResponse {
  const request = input as unknown as DescribeJobsRequest;
  const jobIDFilter = idFilter(request.filters?.jobIDs);
  const fromMs = request.filters?.fromDate ? Date.parse(request.filters.fromDate) : undefined;
  const toMs = request.filters?.toDate ? Date.parse(request.filters.toDate) : undefined;

  const jobs = context.state
    .listedJobs()
    .filter((job) => !jobIDFilter || jobIDFilter.has(job.jobID))
    .filter((job) => fromMs === undefined || job.createdAtMs >= fromMs)
    .filter((job) => toMs === undefined || job.createdAtMs <= toMs)
    .sort((a, b) => b.sequence - a.sequence);

  const page = paginate('DescribeJobs', jobs, (job) => -job.sequence, request);

  return { items: page.items.map((job) => jobOutput(job, context.nowMs)), nextToken: page.nextToken };
}

/**
 * The model lists no ResourceNotFoundException for DescribeJobLogItems, so an unknown job id
 * returns an empty list rather than an error.
 */
function describeJobLogItems(context: OperationContext, input: JsonObject): DescribeJobLogItemsResponse {
  const request = input as unknown as DescribeJobLogItemsRequest;
  const job = context.state.findJob(request.jobID as string);
  if (!job) {
    return { items: [] };
  }

  // Items only ever appear after the ones already visible, so the position is a stable cursor.
  const entries = jobLogOutput(job, context.nowMs).map((item, position) => ({ item, position }));
  const page = paginate('DescribeJobLogItems', entries, (entry) => entry.position, request);

  return { items: page.items.map((entry) => entry.item), nextToken: page.nextToken };
}

/** DeleteJob: removes a finished job from DescribeJobs. An active job is rejected with ConflictException. */
function deleteJob(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as DeleteJobRequest;
  const jobID = request.jobID as string;
  const job = context.state.findJob(jobID);
  if (!job) {
    throw resourceNotFoundError(
      `Job ${jobID} not found in account ${context.state.accountID}, Region ${context.state.region}.`,
      jobID,
      'JOB',
    );
  }
  if (isJobActiveAt(job, context.nowMs)) {
    throw conflictError(
      `Job ${jobID} is still ${job.type === 'TERMINATE' ? 'terminating' : 'launching'}; delete it after it completes.`,
      jobID,
      'JOB',
    );
  }

  job.deletedAtMs = context.nowMs;
  context.logger.log(`job ${jobID} deleted in ${context.state.key()}`);

  return {};
}

function describeRecoveryInstances(
  context: OperationContext,
  input: JsonObject,
): DescribeRecoveryInstancesResponse {
  const request = input as unknown as DescribeRecoveryInstancesRequest;
  const instanceIDFilter = idFilter(request.filters?.recoveryInstanceIDs);
  const serverIDFilter = idFilter(request.filters?.sourceServerIDs);

  const instances = context.state
    .visibleInstancesAt(context.nowMs)
    .filter((instance) => !instanceIDFilter || instanceIDFilter.has(instance.recoveryInstanceID))
    .filter((instance) => !serverIDFilter || serverIDFilter.has(instance.sourceServerID));

  const page = paginate('DescribeRecoveryInstances', instances, (instance) => instance.sequence, request);

  return {
    items: page.items.map((instance) => recoveryInstanceOutput(instance, context.nowMs)),
    nextToken: page.nextToken,
  };
}

/** Returns the live tag map of a source server, job or recovery instance of the caller's account and Region. */
function findTaggableResource(context: OperationContext, resourceArn: string): Record<string, string> {
  for (const server of context.state.servers.values()) {
    if (server.inventory.server.arn === resourceArn) {
      return server.tags;
    }
  }
  for (const job of context.state.listedJobs()) {
    if (job.arn === resourceArn) {
      return job.tags;
    }
  }
  for (const instance of context.state.visibleInstancesAt(context.nowMs)) {
    if (instance.arn === resourceArn) {
      return instance.tags;
    }
  }

  throw resourceNotFoundError(
    `No source server, job or recovery instance has the ARN ${resourceArn} in account ` +
      `${context.state.accountID}, Region ${context.state.region}.`,
    resourceArn,
    resourceTypeOfArn(resourceArn),
  );
}

function resourceTypeOfArn(resourceArn: string) {
  if (resourceArn.includes(':job/')) {
    return 'JOB' as const;
  }

  return resourceArn.includes(':recovery-instance/')
    ? ('RECOVERY_INSTANCE' as const)
    : ('SOURCE_SERVER' as const);
}

function listTagsForResource(context: OperationContext, input: JsonObject): ListTagsForResourceResponse {
  const request = input as unknown as ListTagsForResourceRequest;

  return { tags: { ...findTaggableResource(context, request.resourceArn as string) } };
}

function tagResource(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as TagResourceRequest;
  const tags = findTaggableResource(context, request.resourceArn as string);
  const merged = { ...tags, ...request.tags };

  const count = Object.keys(merged).length;
  if (count > MAX_TAGS_PER_RESOURCE) {
    throw validationError([
      {
        name: 'tags',
        constraint: 'count',
        message: `would give the resource ${count} tags; a resource can have at most ${MAX_TAGS_PER_RESOURCE}`,
      },
    ]);
  }
  Object.assign(tags, request.tags);

  return {};
}

function untagResource(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as UntagResourceRequest;
  const tags = findTaggableResource(context, request.resourceArn as string);
  for (const key of request.tagKeys ?? []) {
    delete tags[key];
  }

  return {};
}

/** Returns no accounts, because the emulator models no extended source servers. */
function listStagingAccounts(): ListStagingAccountsResponse {
  return { accounts: [] };
}
