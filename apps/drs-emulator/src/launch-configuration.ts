import type {
  GetLaunchConfigurationRequest,
  LaunchAction,
  LaunchActionType,
  LaunchConfiguration,
  ListLaunchActionsRequest,
  ListLaunchActionsResponse,
  PutLaunchActionRequest,
  PutLaunchActionResponse,
  UpdateLaunchConfigurationRequest,
} from '@aws-sdk/client-drs';
import { conflictError, resourceNotFoundError, serviceQuotaExceededError } from './errors';
import { JsonObject } from './json';
import { OperationContext } from './operation-context';
import { paginate } from './pagination';
import { rejectServerInActiveJob } from './recovery';
import { QUOTA_CODES } from './settings';
import { LaunchActionMap, launchSettingsOf, ServerRecord } from './state';

export function getLaunchConfiguration(context: OperationContext, input: JsonObject): LaunchConfiguration {
  const request = input as unknown as GetLaunchConfigurationRequest;
  const server = findServer(context, request.sourceServerID as string);

  return { sourceServerID: request.sourceServerID, ...launchSettingsOf(server) };
}

/**
 * UpdateLaunchConfiguration: changes only the members the request sets. A server in an active job
 * is refused with ConflictException, because its launch already uses the settings (an
 * assumption). launchDisposition STOPPED makes later recovery instances start STOPPED.
 */
export function updateLaunchConfiguration(context: OperationContext, input: JsonObject): LaunchConfiguration {
  const request = input as unknown as UpdateLaunchConfigurationRequest;
  const sourceServerID = request.sourceServerID as string;
  const server = findServer(context, sourceServerID);
  rejectServerInActiveJob(context, sourceServerID);

  const { sourceServerID: _ignored, ...changes } = request;
  const updated = { ...launchSettingsOf(server) };
  for (const [name, value] of Object.entries(changes)) {
    if (value !== undefined && value !== null) {
      (updated as Record<string, unknown>)[name] = structuredClone(value);
    }
  }
  server.launchSettings = updated;
  context.logger.log(`launch configuration of ${sourceServerID} updated in ${context.state.key()}`);

  return { sourceServerID, ...updated };
}

/**
 * PutLaunchAction: creates or replaces the action with this id on a source server or on the
 * account's launch configuration template. DRS documents no rule for two actions with the same
 * order; the emulator refuses it with ConflictException so that the run order is unambiguous.
 */
export function putLaunchAction(context: OperationContext, input: JsonObject): PutLaunchActionResponse {
  const request = input as unknown as PutLaunchActionRequest;
  const resourceId = request.resourceId as string;
  const actions = findLaunchActions(context, resourceId);
  const actionId = request.actionId as string;

  for (const other of actions.values()) {
    if (other.actionId !== actionId && other.order === request.order) {
      throw conflictError(
        `Launch action ${other.actionId} of ${resourceId} already has order ${request.order}; ` +
          'give each action of a resource its own order.',
        other.actionId as string,
        'LAUNCH_ACTION',
      );
    }
  }

  const limit = context.settings.quotas.maxLaunchActionsPerResource;
  if (!actions.has(actionId) && actions.size >= limit) {
    throw serviceQuotaExceededError(
      `${resourceId} already has ${actions.size} launch actions, the maximum is ${limit}. ` +
        'Delete an action before adding another.',
      QUOTA_CODES.maxLaunchActionsPerResource,
      { resourceId, resourceType: resourceTypeOf(resourceId) },
    );
  }

  const action: LaunchAction = {
    actionId,
    actionCode: request.actionCode,
    type: launchActionTypeOf(request.actionCode as string),
    name: request.name,
    active: request.active,
    order: request.order,
    actionVersion: request.actionVersion,
    optional: request.optional,
    parameters: request.parameters ? structuredClone(request.parameters) : undefined,
    description: request.description,
    category: request.category,
  };
  actions.set(actionId, action);
  context.logger.log(`launch action ${actionId} put on ${resourceId} in ${context.state.key()}`);

  return { resourceId, ...structuredClone(action) };
}

/**
 * ListLaunchActions: by order. The model lists ServiceQuotaExceededException here but not for
 * PutLaunchAction. The emulator returns it when a resource has more actions than the quota
 * allows, which can only happen after the quota was lowered through the control API.
 */
export function listLaunchActions(context: OperationContext, input: JsonObject): ListLaunchActionsResponse {
  const request = input as unknown as ListLaunchActionsRequest;
  const resourceId = request.resourceId as string;
  const actions = findLaunchActions(context, resourceId);

  const limit = context.settings.quotas.maxLaunchActionsPerResource;
  if (actions.size > limit) {
    throw serviceQuotaExceededError(
      `${resourceId} has ${actions.size} launch actions, more than the maximum of ${limit}. ` +
        'Delete actions until the resource is within the quota.',
      QUOTA_CODES.maxLaunchActionsPerResource,
      { resourceId, resourceType: resourceTypeOf(resourceId) },
    );
  }

  const actionIDFilter = request.filters?.actionIds?.length ? new Set(request.filters.actionIds) : undefined;
  const listed = [...actions.values()]
    .filter((action) => !actionIDFilter || actionIDFilter.has(action.actionId as string))
    .sort((a, b) => (a.order as number) - (b.order as number));
  // Orders are unique per resource, so the order is a stable cursor.
  const page = paginate('ListLaunchActions', listed, (action) => action.order as number, request);

  return { items: page.items.map((action) => structuredClone(action)), nextToken: page.nextToken };
}

export function deleteLaunchAction(context: OperationContext, input: JsonObject): object {
  const request = input as unknown as { resourceId: string; actionId: string };
  const actions = findLaunchActions(context, request.resourceId);
  if (!actions.delete(request.actionId)) {
    throw resourceNotFoundError(
      `Launch action ${request.actionId} not found on ${request.resourceId}.`,
      request.actionId,
      'LAUNCH_ACTION',
    );
  }
  context.logger.log(`launch action ${request.actionId} deleted from ${request.resourceId}`);

  return {};
}

/**
 * SSM documents named AWS-Run… (AWS-RunShellScript, AWS-RunPowerShellScript) are Command
 * documents; every other document is treated as an Automation runbook. An assumption: DRS reads the
 * type from SSM, which the emulator does not have.
 */
function launchActionTypeOf(actionCode: string): LaunchActionType {
  return actionCode.startsWith('AWS-Run') ? 'SSM_COMMAND' : 'SSM_AUTOMATION';
}

function resourceTypeOf(resourceId: string) {
  return resourceId.startsWith('lct-')
    ? ('LAUNCH_CONFIGURATION_TEMPLATE' as const)
    : ('SOURCE_SERVER' as const);
}

function findLaunchActions(context: OperationContext, resourceId: string): LaunchActionMap {
  if (resourceId === context.state.launchConfigurationTemplateID) {
    return context.state.templateLaunchActions;
  }
  if (resourceId.startsWith('lct-')) {
    throw resourceNotFoundError(
      `Launch configuration template ${resourceId} not found in account ${context.state.accountID}, ` +
        `Region ${context.state.region}; its template is ${context.state.launchConfigurationTemplateID}.`,
      resourceId,
      'LAUNCH_CONFIGURATION_TEMPLATE',
    );
  }

  return findServer(context, resourceId).launchActions;
}

function findServer(context: OperationContext, sourceServerID: string): ServerRecord {
  const server = context.state.servers.get(sourceServerID);
  if (!server) {
    throw resourceNotFoundError(
      `Source server ${sourceServerID} not found in account ${context.state.accountID}, Region ${context.state.region}.`,
      sourceServerID,
      'SOURCE_SERVER',
    );
  }

  return server;
}
