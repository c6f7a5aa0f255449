import { randomUUID } from 'node:crypto';

import { ProtectionGroupsController } from '../../apps/api-gateway/src/protection-groups/protection-groups.controller';
import {
  createExplicitGroup,
  createPlan,
  createTagGroup,
  serversTagged,
  uniqueName,
} from '../support/api-fixtures';
import {
  ApiTestEnvironment,
  countAllRows,
  startApiTestEnvironment,
  TEST_ACCOUNT_ID,
  TEST_REGION,
} from '../support/api-test-environment';

describe(ProtectionGroupsController.name, () => {
  let env: ApiTestEnvironment;
  let databaseServers: string[];
  let appServers: string[];
  let webServers: string[];
  let hrPortalServers: string[];

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    databaseServers = await serversTagged(env, { Application: 'orders', Tier: 'database' });
    appServers = await serversTagged(env, { Application: 'orders', Tier: 'app' });
    webServers = await serversTagged(env, { Application: 'orders', Tier: 'web' });
    hrPortalServers = await serversTagged(env, { Application: 'hr-portal' });
  });

  afterAll(async () => {
    await env?.close();
  });

  // Each test claims servers that no other test claims, so that no test depends on another:
  // explicit groups take app servers, and each tag selector test has a tier of its own.
  const group = (overrides: Record<string, unknown>) => ({
    name: uniqueName('group'),
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    ...overrides,
  });

  it('creates a group of explicit members in boot order', async () => {
    const members = [appServers[4], appServers[3]];

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ name: 'orders-db', description: 'SQL cluster', sourceServerIds: members }));

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'orders-db',
      description: 'SQL cluster',
      accountId: TEST_ACCOUNT_ID,
      region: TEST_REGION,
      memberKind: 'EXPLICIT',
      sourceServerIds: members,
      tagSelector: null,
      usedByPlans: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const stored = await env.http().get(`/api/v1/protection-groups/${response.body.id}`).expect(200);
    expect(stored.body.sourceServerIds).toEqual(members);
  });

  it('creates a group with a tag selector', async () => {
    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ tagSelector: { Application: ['orders'], Tier: ['monitoring'] } }));

    expect(response.status).toBe(201);
    expect(response.body.memberKind).toBe('TAG_SELECTOR');
    expect(response.body.sourceServerIds).toBeNull();
    expect(response.body.tagSelector).toEqual({ Application: ['orders'], Tier: ['monitoring'] });
  });

  it('rejects a server that another group lists explicitly', async () => {
    const holderId = await createExplicitGroup(env, [appServers[0], appServers[1]]);
    const holder = await env.http().get(`/api/v1/protection-groups/${holderId}`).expect(200);
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ sourceServerIds: [appServers[2], appServers[1]] }));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_OTHER_GROUP');
    expect(response.body.details).toEqual({
      sourceServerId: appServers[1],
      groupId: holderId,
      groupName: holder.body.name,
    });
    expect(response.body.message).toContain(holder.body.name);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('lets only one of two simultaneous groups claim a server', async () => {
    const send = () =>
      env
        .http()
        .post('/api/v1/protection-groups')
        .send(group({ sourceServerIds: [appServers[15]] }));

    const responses = await Promise.all([send(), send()]);

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const rejected = responses.find((response) => response.status === 409);
    expect(rejected?.body.code).toBe('SERVER_IN_OTHER_GROUP');
  });

  it("rejects a tag selector that matches another group's explicit member", async () => {
    const holderId = await createExplicitGroup(env, [hrPortalServers[0]]);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ tagSelector: { Application: ['hr-portal'] } }));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_OTHER_GROUP');
    expect(response.body.details.sourceServerId).toBe(hrPortalServers[0]);
    expect(response.body.details.groupId).toBe(holderId);
  });

  it("rejects an explicit member that another group's tag selector matches", async () => {
    const selectorGroupId = await createTagGroup(env, { Application: ['orders'], Tier: ['web'] });

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ sourceServerIds: [webServers[3]] }));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_OTHER_GROUP');
    expect(response.body.details.sourceServerId).toBe(webServers[3]);
    expect(response.body.details.groupId).toBe(selectorGroupId);
    expect(response.body.message).toMatch(/tag selector/);
  });

  it('rejects two tag selectors that match the same server', async () => {
    const firstId = await createTagGroup(env, { Tier: ['database'] });

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ tagSelector: { Application: ['orders'], Tier: ['database', 'none'] } }));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_OTHER_GROUP');
    expect(databaseServers).toContain(response.body.details.sourceServerId);
    expect(response.body.details.groupId).toBe(firstId);
  });

  it('rejects a group with both explicit members and a tag selector', async () => {
    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ sourceServerIds: [appServers[25]], tagSelector: { Tier: ['app'] } }));

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields[0].field).toBe('tagSelector');
  });

  it('rejects a group with neither explicit members nor a tag selector', async () => {
    const response = await env.http().post('/api/v1/protection-groups').send(group({}));

    expect(response.status).toBe(400);
    expect(response.body.details.fields[0]).toEqual({
      field: 'sourceServerIds',
      errors: ['either sourceServerIds or tagSelector is required'],
    });
  });

  it('rejects a server listed twice', async () => {
    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ sourceServerIds: [appServers[26], appServers[26]] }));

    expect(response.status).toBe(400);
    expect(response.body.details.fields[0].field).toBe('sourceServerIds');
  });

  it('rejects an account and Region that are not configured', async () => {
    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ accountId: '210987654321', sourceServerIds: [appServers[27]] }));

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('UNKNOWN_DRS_TARGET');
  });

  it('rejects a name that another group has', async () => {
    const name = uniqueName('taken');
    await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ name, sourceServerIds: [appServers[23]] }))
      .expect(201);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(group({ name, sourceServerIds: [appServers[24]] }));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GROUP_NAME_TAKEN');
  });

  it('replaces the members of a group', async () => {
    const id = await createExplicitGroup(env, [appServers[10], appServers[11]]);

    const response = await env
      .http()
      .put(`/api/v1/protection-groups/${id}`)
      .send(group({ name: uniqueName('renamed'), sourceServerIds: [appServers[12]] }));

    expect(response.status).toBe(200);
    expect(response.body.sourceServerIds).toEqual([appServers[12]]);
    // The servers it gave up are free for another group now.
    await createExplicitGroup(env, [appServers[10]]);
  });

  it('keeps its own members when a group is saved unchanged', async () => {
    const id = await createExplicitGroup(env, [appServers[13]]);
    const stored = await env.http().get(`/api/v1/protection-groups/${id}`).expect(200);

    const response = await env
      .http()
      .put(`/api/v1/protection-groups/${id}`)
      .send(group({ name: stored.body.name, sourceServerIds: [appServers[13]] }));

    expect(response.status).toBe(200);
    expect(response.body.sourceServerIds).toEqual([appServers[13]]);
  });

  it('rejects deleting a group that a plan uses', async () => {
    const groupId = await createExplicitGroup(env, [appServers[20]]);
    const planId = await createPlan(env, [groupId]);
    const plan = await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200);

    const response = await env.http().delete(`/api/v1/protection-groups/${groupId}`);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GROUP_IN_USE');
    expect(response.body.details).toEqual({ groupId, planId, planName: plan.body.name });
    const stored = await env.http().get(`/api/v1/protection-groups/${groupId}`).expect(200);
    expect(stored.body.usedByPlans).toEqual([{ id: planId, name: plan.body.name }]);
  });

  it('deletes a group that no plan uses', async () => {
    const id = await createExplicitGroup(env, [appServers[21]]);

    await env.http().delete(`/api/v1/protection-groups/${id}`).expect(204);

    const response = await env.http().get(`/api/v1/protection-groups/${id}`);
    expect(response.status).toBe(404);
  });

  it.each([
    ['GET', () => env.http().get(`/api/v1/protection-groups/${randomUUID()}`)],
    [
      'PUT',
      () =>
        env
          .http()
          .put(`/api/v1/protection-groups/${randomUUID()}`)
          .send(group({ sourceServerIds: [appServers[22]] })),
    ],
    ['DELETE', () => env.http().delete(`/api/v1/protection-groups/${randomUUID()}`)],
  ])('returns 404 for %s of an unknown group', async (_method, send) => {
    const response = await send();

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it('lists groups by name', async () => {
    const response = await env.http().get('/api/v1/protection-groups').expect(200);

    const names = response.body.items.map((item: { name: string }) => item.name);
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort());
  });

  it('returns 503 when DRS cannot list servers', async () => {
    env.emulator.setFaults({ operations: { DescribeSourceServers: { internalErrorRate: 1 } } });
    try {
      const response = await env
        .http()
        .post('/api/v1/protection-groups')
        .send(group({ tagSelector: { Tier: ['nothing-has-this'] } }));

      expect(response.status).toBe(503);
      expect(response.body.code).toBe('DRS_UNAVAILABLE');
      expect(response.body.details).toMatchObject({ accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
    } finally {
      env.emulator.setFaults({ operations: { DescribeSourceServers: { internalErrorRate: 0 } } });
    }
  });
});
