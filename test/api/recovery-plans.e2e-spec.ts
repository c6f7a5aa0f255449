import { randomUUID } from 'node:crypto';

import { RecoveryPlansController } from '../../apps/api-gateway/src/recovery-plans/recovery-plans.controller';
import {
  createExplicitGroup,
  createPlan,
  finishExecution,
  serversTagged,
  startExecution,
  uniqueName,
} from '../support/api-fixtures';
import { ApiTestEnvironment, countAllRows, startApiTestEnvironment } from '../support/api-test-environment';

interface WaveBody {
  name: string;
  protectionGroupIds: string[];
  launchOrder: string;
  dependsOn?: string[];
}

describe(RecoveryPlansController.name, () => {
  let env: ApiTestEnvironment;
  let databaseGroupId: string;
  let appGroupId: string;
  let webGroupId: string;
  /** Groups for tests that start executions, one per test, so that no two tests share a server. */
  let spareGroupIds: string[];

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    const database = await serversTagged(env, { Application: 'orders', Tier: 'database' });
    const app = await serversTagged(env, { Application: 'orders', Tier: 'app' });
    const web = await serversTagged(env, { Application: 'orders', Tier: 'web' });
    databaseGroupId = await createExplicitGroup(env, database.slice(0, 5));
    appGroupId = await createExplicitGroup(env, app.slice(0, 10));
    webGroupId = await createExplicitGroup(env, web.slice(0, 10));
    spareGroupIds = [];
    for (const server of web.slice(10, 16)) {
      spareGroupIds.push(await createExplicitGroup(env, [server]));
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  const threeTierWaves = (): WaveBody[] => [
    { name: 'Database', protectionGroupIds: [databaseGroupId], launchOrder: 'sequential' },
    { name: 'App', protectionGroupIds: [appGroupId], launchOrder: 'parallel', dependsOn: ['Database'] },
    { name: 'Web', protectionGroupIds: [webGroupId], launchOrder: 'parallel', dependsOn: ['App'] },
  ];

  it('creates a plan whose waves name their groups', async () => {
    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: 'orders', description: 'three tiers', rpoSeconds: 600, waves: threeTierWaves() });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'orders',
      description: 'three tiers',
      rpoSeconds: 600,
      version: 1,
      lastExecution: null,
    });
    expect(response.body.waves).toEqual([
      {
        name: 'Database',
        position: 0,
        launchOrder: 'sequential',
        dependsOn: [],
        failurePolicy: 'halt',
        minSuccessPercent: 100,
        optionalServerIds: [],
        deadlineSeconds: null,
        protectionGroups: [{ id: databaseGroupId, name: expect.any(String) }],
      },
      {
        name: 'App',
        position: 1,
        launchOrder: 'parallel',
        dependsOn: ['Database'],
        failurePolicy: 'halt',
        minSuccessPercent: 100,
        optionalServerIds: [],
        deadlineSeconds: null,
        protectionGroups: [{ id: appGroupId, name: expect.any(String) }],
      },
      {
        name: 'Web',
        position: 2,
        launchOrder: 'parallel',
        dependsOn: ['App'],
        failurePolicy: 'halt',
        minSuccessPercent: 100,
        optionalServerIds: [],
        deadlineSeconds: null,
        protectionGroups: [{ id: webGroupId, name: expect.any(String) }],
      },
    ]);
  });

  it('stores the failure policy of each wave', async () => {
    const waves = threeTierWaves();
    Object.assign(waves[0], {
      failurePolicy: 'continue',
      minSuccessPercent: 50,
      optionalServerIds: ['s-0123456789abcdefA'],
      deadlineSeconds: 900,
    });

    const response = await env.http().post('/api/v1/recovery-plans').send({ name: 'policies', waves });

    expect(response.status).toBe(201);
    expect(response.body.waves[0]).toMatchObject({
      failurePolicy: 'continue',
      minSuccessPercent: 50,
      optionalServerIds: ['s-0123456789abcdefA'],
      deadlineSeconds: 900,
    });
    expect(response.body.waves[1].failurePolicy).toBe('halt');
  });

  it('rejects an unknown failure policy', async () => {
    const waves = threeTierWaves();
    Object.assign(waves[0], { failurePolicy: 'ignore', minSuccessPercent: 101 });

    const response = await env.http().post('/api/v1/recovery-plans').send({ name: 'bad-policy', waves });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.details)).toContain('failurePolicy');
    expect(JSON.stringify(response.body.details)).toContain('minSuccessPercent');
  });

  it('rejects waves whose dependencies form a cycle', async () => {
    const waves = threeTierWaves();
    waves[0].dependsOn = ['Web'];
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: uniqueName('cyclic'), waves });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_HAS_CYCLE');
    expect(response.body.details.cycle).toEqual(['Database', 'Web', 'App', 'Database']);
    expect(response.body.message).toContain('Database -> Web -> App -> Database');
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects a dependency on a wave the plan does not have', async () => {
    const waves = threeTierWaves();
    waves[2].dependsOn = ['Cache'];

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: uniqueName('dangling'), waves });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_INVALID');
    expect(response.body.details).toEqual({ wave: 'Web', dependency: 'Cache' });
  });

  it('rejects two waves with the same name', async () => {
    const waves = threeTierWaves();
    waves[2].name = 'App';

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: uniqueName('twice'), waves });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_INVALID');
    expect(response.body.details.wave).toBe('App');
  });

  it('rejects a group that does not exist', async () => {
    const unknownGroupId = randomUUID();
    const waves = threeTierWaves();
    waves[1].protectionGroupIds = [appGroupId, unknownGroupId];
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: uniqueName('unknown'), waves });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_INVALID');
    expect(response.body.details.unknownGroupIds).toEqual([unknownGroupId]);
    expect(response.body.message).toContain(unknownGroupId);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects a group in two waves', async () => {
    const waves = threeTierWaves();
    waves[2].protectionGroupIds = [webGroupId, databaseGroupId];

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({ name: uniqueName('double'), waves });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_INVALID');
    expect(response.body.details).toEqual({ groupId: databaseGroupId, waves: ['Database', 'Web'] });
  });

  it('rejects a name that another plan has', async () => {
    const name = uniqueName('taken');
    await env.http().post('/api/v1/recovery-plans').send({ name, waves: threeTierWaves() }).expect(201);

    const response = await env.http().post('/api/v1/recovery-plans').send({ name, waves: threeTierWaves() });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PLAN_NAME_TAKEN');
  });

  it('replaces the waves and increments the version on update', async () => {
    const planId = await createPlan(env, [databaseGroupId, appGroupId]);

    const response = await env
      .http()
      .put(`/api/v1/recovery-plans/${planId}`)
      .send({
        name: uniqueName('updated'),
        waves: [
          { name: 'Everything', protectionGroupIds: [webGroupId, appGroupId], launchOrder: 'parallel' },
        ],
      });

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(2);
    expect(response.body.rpoSeconds).toBeNull();
    expect(response.body.waves).toHaveLength(1);
    expect(response.body.waves[0].protectionGroups.map((group: { id: string }) => group.id)).toEqual([
      webGroupId,
      appGroupId,
    ]);
  });

  it('keeps the plan when an update has a cycle', async () => {
    const planId = await createPlan(env, [databaseGroupId, appGroupId]);
    const waves = threeTierWaves();
    waves[1].dependsOn = ['Web'];
    waves[2].dependsOn = ['App'];

    const response = await env
      .http()
      .put(`/api/v1/recovery-plans/${planId}`)
      .send({ name: uniqueName('x'), waves });

    expect(response.status).toBe(422);
    expect(response.body.details.cycle).toEqual(['App', 'Web', 'App']);
    const stored = await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200);
    expect(stored.body.version).toBe(1);
    expect(stored.body.waves).toHaveLength(2);
  });

  it('shows the last execution of each plan in the list', async () => {
    const withExecution = await createPlan(env, [spareGroupIds[0]]);
    const withoutExecution = await createPlan(env, [spareGroupIds[1]]);
    const first = await startExecution(env, withExecution);
    await finishExecution(env, first, 'SUCCEEDED');
    const second = await startExecution(env, withExecution, 'RECOVERY');

    const response = await env.http().get('/api/v1/recovery-plans').expect(200);

    const byId = new Map(response.body.items.map((plan: { id: string }) => [plan.id, plan]));
    expect(byId.get(withExecution)).toMatchObject({
      lastExecution: { id: second, mode: 'RECOVERY', status: 'PENDING', startedAt: null, endedAt: null },
    });
    expect(byId.get(withoutExecution)).toMatchObject({ lastExecution: null });
  });

  it('rejects deleting a plan while an execution of it is active', async () => {
    const planId = await createPlan(env, [spareGroupIds[2]]);
    const executionId = await startExecution(env, planId);

    const response = await env.http().delete(`/api/v1/recovery-plans/${planId}`);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PLAN_HAS_ACTIVE_EXECUTION');
    expect(response.body.details.executionId).toBe(executionId);
    await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200);
  });

  it('deletes a plan once its execution has ended and keeps the execution', async () => {
    const planId = await createPlan(env, [spareGroupIds[3]]);
    const executionId = await startExecution(env, planId);
    await finishExecution(env, executionId, 'CANCELLED');

    await env.http().delete(`/api/v1/recovery-plans/${planId}`).expect(204);

    await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(404);
    const execution = await env.http().get(`/api/v1/executions/${executionId}`).expect(200);
    expect(execution.body.planId).toBeNull();
  });

  it.each([
    ['GET', () => env.http().get(`/api/v1/recovery-plans/${randomUUID()}`)],
    [
      'PUT',
      () =>
        env.http().put(`/api/v1/recovery-plans/${randomUUID()}`).send({ name: 'x', waves: threeTierWaves() }),
    ],
    ['DELETE', () => env.http().delete(`/api/v1/recovery-plans/${randomUUID()}`)],
  ])('returns 404 for %s of an unknown plan', async (_method, send) => {
    const response = await send();

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });
});
