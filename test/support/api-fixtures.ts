import { randomBytes } from 'node:crypto';

import type { ApiTestEnvironment } from './api-test-environment';
import { TEST_ACCOUNT_ID, TEST_REGION } from './api-test-environment';

export interface InventoryServer {
  sourceServerId: string;
  tags: Record<string, string>;
  protectionGroup: { id: string; name: string } | null;
}

/** Returns a name that no other test uses, so that tests do not depend on each other's rows. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function listInventory(env: ApiTestEnvironment): Promise<InventoryServer[]> {
  const response = await env.http().get('/api/v1/drs/source-servers').expect(200);

  return response.body.items;
}

/** Source server ids of the emulator's inventory whose tags have all the given values. */
export async function serversTagged(
  env: ApiTestEnvironment,
  tags: Record<string, string>,
): Promise<string[]> {
  const servers = await listInventory(env);

  return servers
    .filter((server) => Object.entries(tags).every(([key, value]) => server.tags[key] === value))
    .map((server) => server.sourceServerId);
}

export async function createExplicitGroup(
  env: ApiTestEnvironment,
  sourceServerIds: string[],
): Promise<string> {
  const response = await env
    .http()
    .post('/api/v1/protection-groups')
    .send({ name: uniqueName('group'), accountId: TEST_ACCOUNT_ID, region: TEST_REGION, sourceServerIds })
    .expect(201);

  return response.body.id;
}

export async function createTagGroup(
  env: ApiTestEnvironment,
  tagSelector: Record<string, string[]>,
): Promise<string> {
  const response = await env
    .http()
    .post('/api/v1/protection-groups')
    .send({ name: uniqueName('group'), accountId: TEST_ACCOUNT_ID, region: TEST_REGION, tagSelector })
    .expect(201);

  return response.body.id;
}

/** Creates a plan with one parallel wave per group, each wave depending on the one before. */
export async function createPlan(env: ApiTestEnvironment, groupIds: string[]): Promise<string> {
  const waves = groupIds.map((groupId, index) => ({
    name: `wave-${index + 1}`,
    protectionGroupIds: [groupId],
    launchOrder: 'parallel',
    dependsOn: index === 0 ? [] : [`wave-${index}`],
  }));
  const response = await env
    .http()
    .post('/api/v1/recovery-plans')
    .send({ name: uniqueName('plan'), waves })
    .expect(201);

  return response.body.id;
}

export async function startExecution(
  env: ApiTestEnvironment,
  planId: string,
  mode: 'DRILL' | 'RECOVERY' = 'DRILL',
): Promise<string> {
  // A recovery is confirmed by repeating the plan's name.
  const confirmPlanName =
    mode === 'RECOVERY'
      ? (await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200)).body.name
      : undefined;
  const response = await env
    .http()
    .post('/api/v1/executions')
    .send({ planId, mode, confirmPlanName })
    .expect(202);

  return response.body.id;
}

/** Ends an execution the way the planner would, since no planner runs in these tests. */
export async function finishExecution(
  env: ApiTestEnvironment,
  executionId: string,
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
): Promise<void> {
  await env.dataSource.query(
    `UPDATE executions SET status = $2, started_at = now(), ended_at = now() WHERE id = $1`,
    [executionId, status],
  );
}
