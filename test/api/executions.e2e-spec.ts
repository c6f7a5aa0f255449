import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';

import { ExecutionViewCache } from '../../apps/api-gateway/src/executions/execution-view-cache';
import { ExecutionsController } from '../../apps/api-gateway/src/executions/executions.controller';
import {
  createExplicitGroup,
  createPlan,
  createTagGroup,
  finishExecution,
  serversTagged,
  startExecution,
} from '../support/api-fixtures';
import { ApiTestEnvironment, countAllRows, startApiTestEnvironment } from '../support/api-test-environment';

describe(ExecutionsController.name, () => {
  let env: ApiTestEnvironment;
  let appServers: string[];
  let plannerQueue: Queue;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    appServers = await serversTagged(env, { Application: 'orders', Tier: 'app' });
    plannerQueue = new Queue('planner', {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: env.config.queuePrefix,
    });
  });

  afterAll(async () => {
    await plannerQueue?.close();
    await env?.close();
  });

  /** A plan of its own with one group of the given app servers, so that tests share no server. */
  const planWithServers = async (...indexes: number[]) =>
    createPlan(env, [
      await createExplicitGroup(
        env,
        indexes.map((index) => appServers[index]),
      ),
    ]);

  it('starts an execution and records it, its first event and the planner job', async () => {
    const groupId = await createExplicitGroup(env, [appServers[0], appServers[1]]);
    const selectorGroupId = await createTagGroup(env, { Tier: ['monitoring'] });
    const planId = await createPlan(env, [groupId, selectorGroupId]);
    const plan = await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200);

    const response = await env.http().post('/api/v1/executions').send({ planId, mode: 'DRILL' });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PENDING' });
    const id = response.body.id;

    const [execution] = await env.dataSource.query('SELECT * FROM executions WHERE id = $1', [id]);
    expect(execution).toMatchObject({
      plan_id: planId,
      plan_name: plan.body.name,
      plan_version: 1,
      mode: 'DRILL',
      status: 'PENDING',
      cleanup_status: 'NOT_REQUESTED',
      last_event_seq: 1,
    });
    expect(execution.plan_snapshot).toMatchObject({
      planId,
      version: 1,
      rpoSeconds: env.config.planner.defaultRpoSeconds,
      waves: [
        {
          name: 'wave-1',
          launchOrder: 'parallel',
          dependsOn: [],
          groups: [{ id: groupId, sourceServerIds: [appServers[0], appServers[1]], tagSelector: null }],
        },
        {
          name: 'wave-2',
          dependsOn: ['wave-1'],
          groups: [{ id: selectorGroupId, sourceServerIds: null, tagSelector: { Tier: ['monitoring'] } }],
        },
      ],
    });

    const events = await env.dataSource.query(
      'SELECT seq, type, payload FROM execution_events WHERE execution_id = $1',
      [id],
    );
    expect(events).toEqual([
      {
        seq: 1,
        type: 'execution.created',
        payload: { planId, planName: plan.body.name, planVersion: 1, mode: 'DRILL' },
      },
    ]);

    const outbox = await env.dataSource.query(
      'SELECT queue, job_name, job_id, payload, published_at FROM outbox WHERE job_id = $1',
      [`start-${id}`],
    );
    expect(outbox).toEqual([
      {
        queue: 'planner',
        job_name: 'start-execution',
        job_id: `start-${id}`,
        payload: { executionId: id },
        published_at: expect.any(Date),
      },
    ]);
    const job = await plannerQueue.getJob(`start-${id}`);
    expect(job?.name).toBe('start-execution');
    expect(job?.data).toEqual({ executionId: id });
  });

  it('lets only one of two simultaneous starts of a plan through', async () => {
    const planId = await planWithServers(2);
    const send = () => env.http().post('/api/v1/executions').send({ planId, mode: 'DRILL' });

    const responses = await Promise.all([send(), send()]);

    expect(responses.map((response) => response.status).sort()).toEqual([202, 409]);
    const accepted = responses.find((response) => response.status === 202);
    const rejected = responses.find((response) => response.status === 409);
    expect(rejected?.body.code).toBe('PLAN_HAS_ACTIVE_EXECUTION');
    expect(rejected?.body.details.executionId).toBe(accepted?.body.id);
    const [row] = await env.dataSource.query(
      'SELECT count(*)::int AS count FROM executions WHERE plan_id = $1',
      [planId],
    );
    expect(row.count).toBe(1);
  });

  it('rejects a plan whose server is in another active execution', async () => {
    const sharedGroupId = await createExplicitGroup(env, [appServers[3], appServers[4]]);
    const firstPlanId = await createPlan(env, [sharedGroupId]);
    const secondPlanId = await createPlan(env, [sharedGroupId]);
    const firstExecutionId = await startExecution(env, firstPlanId);
    const secondPlan = await env.http().get(`/api/v1/recovery-plans/${secondPlanId}`).expect(200);
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/executions')
      .send({ planId: secondPlanId, mode: 'RECOVERY', confirmPlanName: secondPlan.body.name });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_ACTIVE_EXECUTION');
    expect(response.body.details).toMatchObject({
      sourceServerId: appServers[3],
      executionId: firstExecutionId,
    });
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects a server that a running execution launches', async () => {
    const sharedGroupId = await createExplicitGroup(env, [appServers[5]]);
    const firstPlanId = await createPlan(env, [sharedGroupId]);
    const secondPlanId = await createPlan(env, [sharedGroupId]);
    const firstExecutionId = await startExecution(env, firstPlanId);
    await markRunning(firstExecutionId, appServers[5]);

    const response = await env
      .http()
      .post('/api/v1/executions')
      .send({ planId: secondPlanId, mode: 'DRILL' });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SERVER_IN_ACTIVE_EXECUTION');
    expect(response.body.details).toMatchObject({
      sourceServerId: appServers[5],
      executionId: firstExecutionId,
    });
  });

  it('starts a plan again once its execution has ended', async () => {
    const planId = await planWithServers(6);
    const first = await startExecution(env, planId);
    await finishExecution(env, first, 'FAILED');

    const second = await startExecution(env, planId);

    expect(second).not.toBe(first);
  });

  it('returns 404 for a start of an unknown plan', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/executions')
      .send({ planId: randomUUID(), mode: 'DRILL' });

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects an unknown mode', async () => {
    const response = await env.http().post('/api/v1/executions').send({ planId: randomUUID(), mode: 'TEST' });

    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: 'mode', errors: ['mode must be one of: DRILL, RECOVERY'] },
    ]);
  });

  it('returns the execution view', async () => {
    const planId = await planWithServers(7);
    const id = await startExecution(env, planId, 'RECOVERY');

    const response = await env.http().get(`/api/v1/executions/${id}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      planId,
      planVersion: 1,
      mode: 'RECOVERY',
      status: 'PENDING',
      cleanupStatus: 'NOT_REQUESTED',
      lastEventSeq: 1,
      waves: [],
    });
  });

  it('returns the current view after writes that append no event', async () => {
    const planId = await planWithServers(16);
    const id = await startExecution(env, planId);
    const read = async () => {
      const response = await env.http().get(`/api/v1/executions/${id}`).expect(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');

      return response.body;
    };
    // Read twice, so that the second read is served from the gateway's cache.
    expect(await read()).toEqual(await read());

    await env.dataSource.query(`UPDATE executions SET status = 'RUNNING' WHERE id = $1`, [id]);
    const running = await read();
    const [{ id: waveRunId }] = await env.dataSource.query(
      `INSERT INTO wave_runs (execution_id, position, name, launch_order, status)
       VALUES ($1, 0, 'app', 'parallel', 'RUNNING') RETURNING id`,
      [id],
    );
    const withWave = await read();
    await env.dataSource.query(
      `INSERT INTO execution_servers
         (execution_id, wave_run_id, position, source_server_id, account_id, region, os_family, group_name, status)
       VALUES ($1, $2, 0, $3, '123456789012', 'us-east-1', 'LINUX', 'app', 'PENDING')`,
      [id, waveRunId, appServers[16]],
    );
    const withServer = await read();
    await env.dataSource.query(`UPDATE execution_servers SET status = 'LAUNCHED' WHERE execution_id = $1`, [
      id,
    ]);
    const launched = await read();
    await env.dataSource.query('DELETE FROM execution_servers WHERE execution_id = $1', [id]);
    const withoutServer = await read();

    expect(running.status).toBe('RUNNING');
    expect(withWave.waves.map((wave: { name: string }) => wave.name)).toEqual(['app']);
    expect(withServer.waves[0].servers).toHaveLength(1);
    expect(withServer.waves[0].servers[0].status).toBe('PENDING');
    expect(launched.waves[0].servers[0].status).toBe('LAUNCHED');
    expect(withoutServer.waves[0].servers).toEqual([]);
    // No event was appended, so only the row versions showed the cache that the view changed.
    expect(withoutServer.lastEventSeq).toBe(running.lastEventSeq);
  });

  it('answers an unchanged view with 304 by its ETag', async () => {
    const planId = await planWithServers(19);
    const id = await startExecution(env, planId);
    const first = await env.http().get(`/api/v1/executions/${id}`).expect(200);
    const etag = first.headers.etag;

    const unchanged = await env.http().get(`/api/v1/executions/${id}`).set('If-None-Match', etag);
    await env.dataSource.query(`UPDATE executions SET status = 'RUNNING' WHERE id = $1`, [id]);
    const changed = await env.http().get(`/api/v1/executions/${id}`).set('If-None-Match', etag);

    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(unchanged.status).toBe(304);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.status).toBe('RUNNING');
  });

  it('shares one view query among simultaneous reads', async () => {
    const planId = await planWithServers(17);
    const id = await startExecution(env, planId);
    const cache = env.app.get(ExecutionViewCache);
    await cache.read(id);
    const query = jest.spyOn(env.dataSource.manager, 'query');

    try {
      const views = await Promise.all(Array.from({ length: 20 }, () => cache.read(id)));

      expect(new Set(views.map((view) => view?.json.toString())).size).toBe(1);
      expect(new Set(views.map((view) => view?.etag)).size).toBe(1);
      expect(query.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      query.mockRestore();
    }
  });

  it('does not answer a later read with an earlier query', async () => {
    const planId = await planWithServers(18);
    const id = await startExecution(env, planId);
    const manager = env.dataSource.manager;
    const originalQuery = manager.query.bind(manager);
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    // The first query reads its snapshot at once but returns only after the update below.
    const query = jest
      .spyOn(manager, 'query')
      .mockImplementation(async (sql: string, parameters?: unknown[]) => {
        const result = await originalQuery(sql, parameters);
        if (++calls === 1) {
          await firstHeld;
        }

        return result;
      });
    const cache = env.app.get(ExecutionViewCache);

    try {
      const before = cache.read(id);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await env.dataSource.query(`UPDATE executions SET status = 'RUNNING' WHERE id = $1`, [id]);
      const after = cache.read(id);
      releaseFirst();

      expect(JSON.parse(String((await before)?.json)).status).toBe('PENDING');
      expect(JSON.parse(String((await after)?.json)).status).toBe('RUNNING');
    } finally {
      query.mockRestore();
    }
  });

  it.each([
    ['the view', (id: string) => `/api/v1/executions/${id}`],
    ['the events', (id: string) => `/api/v1/executions/${id}/events`],
  ])('returns 404 for %s of an unknown execution', async (_what, path) => {
    const response = await env.http().get(path(randomUUID()));

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it('returns 404 for cleanup of an unknown execution', async () => {
    const response = await env.http().post(`/api/v1/executions/${randomUUID()}/cleanup`);

    expect(response.status).toBe(404);
  });

  it('lists executions newest first with filters', async () => {
    const planId = await planWithServers(8);
    const older = await startExecution(env, planId);
    await finishExecution(env, older, 'SUCCEEDED');
    const newer = await startExecution(env, planId, 'RECOVERY');

    const all = await env.http().get(`/api/v1/executions?planId=${planId}`).expect(200);
    const succeeded = await env
      .http()
      .get(`/api/v1/executions?planId=${planId}&status=SUCCEEDED`)
      .expect(200);
    const firstPage = await env.http().get(`/api/v1/executions?planId=${planId}&limit=1`).expect(200);

    expect(all.body.total).toBe(2);
    expect(all.body.items.map((item: { id: string }) => item.id)).toEqual([newer, older]);
    expect(all.body.items[0]).toEqual({
      id: newer,
      planId,
      planName: expect.any(String),
      planVersion: 1,
      mode: 'RECOVERY',
      status: 'PENDING',
      createdAt: expect.any(String),
      startedAt: null,
      endedAt: null,
      cleanupStatus: 'NOT_REQUESTED',
      serverCounts: { total: 0, launched: 0, failed: 0 },
    });
    expect(succeeded.body.items.map((item: { id: string }) => item.id)).toEqual([older]);
    expect(firstPage.body).toMatchObject({ total: 2, items: [{ id: newer }] });
  });

  it('counts the launched and failed servers of each execution', async () => {
    const planId = await planWithServers(9);
    const id = await startExecution(env, planId);
    await markRunning(id, appServers[9], 'LAUNCHED');
    await addServer(id, appServers[10], 'FAILED');

    const response = await env.http().get(`/api/v1/executions?planId=${planId}`).expect(200);

    expect(response.body.items[0].serverCounts).toEqual({ total: 2, launched: 1, failed: 1 });
  });

  it.each([
    ['status=DONE', 'status'],
    ['mode=drill', 'mode'],
    ['limit=201', 'limit'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['planId=42', 'planId'],
  ])('rejects the query %s', async (query, field) => {
    const response = await env.http().get(`/api/v1/executions?${query}`);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields[0].field).toBe(field);
  });

  it('returns the events after a sequence number in order', async () => {
    const planId = await planWithServers(11);
    const id = await startExecution(env, planId);
    await finishExecution(env, id, 'SUCCEEDED');
    await env.http().post(`/api/v1/executions/${id}/cleanup`).expect(202);

    const all = await env.http().get(`/api/v1/executions/${id}/events`).expect(200);
    const later = await env.http().get(`/api/v1/executions/${id}/events?afterSeq=1&limit=10`).expect(200);

    expect(all.body.items.map((event: { seq: number; type: string }) => [event.seq, event.type])).toEqual([
      [1, 'execution.created'],
      [2, 'cleanup.requested'],
    ]);
    expect(later.body.items).toEqual([
      {
        executionId: id,
        seq: 2,
        type: 'cleanup.requested',
        payload: { recoveryInstanceCount: 0 },
        createdAt: expect.any(String),
      },
    ]);
  });

  it('rejects cleanup of an execution that has not ended', async () => {
    const planId = await planWithServers(12);
    const id = await startExecution(env, planId);
    const before = await countAllRows(env.dataSource);

    const response = await env.http().post(`/api/v1/executions/${id}/cleanup`);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('EXECUTION_NOT_CLEANABLE');
    expect(response.body.message).toMatch(/still PENDING/);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects cleanup of a recovery', async () => {
    const planId = await planWithServers(13);
    const id = await startExecution(env, planId, 'RECOVERY');
    await finishExecution(env, id, 'SUCCEEDED');

    const response = await env.http().post(`/api/v1/executions/${id}/cleanup`);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('EXECUTION_NOT_CLEANABLE');
    expect(response.body.message).toMatch(/RECOVERY/);
  });

  it('requests cleanup of a finished drill once, and again after it failed', async () => {
    const planId = await planWithServers(14);
    const id = await startExecution(env, planId);
    await markRunning(id, appServers[14], 'LAUNCHED', 'i-0123456789abcdef0');
    await finishExecution(env, id, 'SUCCEEDED');

    const first = await env.http().post(`/api/v1/executions/${id}/cleanup`);
    const repeated = await env.http().post(`/api/v1/executions/${id}/cleanup`);
    await env.dataSource.query(`UPDATE executions SET cleanup_status = 'FAILED' WHERE id = $1`, [id]);
    const retried = await env.http().post(`/api/v1/executions/${id}/cleanup`);

    expect(first.status).toBe(202);
    expect(first.body).toEqual({ id, cleanupStatus: 'REQUESTED', recoveryInstanceCount: 1 });
    expect(repeated.status).toBe(409);
    expect(repeated.body.message).toMatch(/already REQUESTED/);
    expect(retried.status).toBe(202);
    const jobs = await env.dataSource.query(
      `SELECT queue, job_name, job_id FROM outbox WHERE payload ->> 'executionId' = $1 AND queue = 'launcher' ORDER BY id`,
      [id],
    );
    expect(jobs).toEqual([
      { queue: 'launcher', job_name: 'cleanup-execution', job_id: `cleanup-${id}-1` },
      { queue: 'launcher', job_name: 'cleanup-execution', job_id: `cleanup-${id}-2` },
    ]);
  });

  it('lets only one of two simultaneous cleanup requests through', async () => {
    const planId = await planWithServers(15);
    const id = await startExecution(env, planId);
    await finishExecution(env, id, 'CANCELLED');
    const send = () => env.http().post(`/api/v1/executions/${id}/cleanup`);

    const responses = await Promise.all([send(), send()]);

    expect(responses.map((response) => response.status).sort()).toEqual([202, 409]);
    const [row] = await env.dataSource.query(
      `SELECT count(*)::int AS count FROM execution_events WHERE execution_id = $1 AND type = 'cleanup.requested'`,
      [id],
    );
    expect(row.count).toBe(1);
  });

  /** Does what the planner does when it starts an execution: one wave run and one row per server. */
  async function markRunning(
    executionId: string,
    sourceServerId: string,
    serverStatus = 'LAUNCHING',
    recoveryInstanceId: string | null = null,
  ): Promise<void> {
    await env.dataSource.query(`UPDATE executions SET status = 'RUNNING', started_at = now() WHERE id = $1`, [
      executionId,
    ]);
    await env.dataSource.query(
      `INSERT INTO wave_runs (execution_id, position, name, launch_order, status) VALUES ($1, 0, 'wave-1', 'parallel', 'RUNNING')`,
      [executionId],
    );
    await addServer(executionId, sourceServerId, serverStatus, recoveryInstanceId);
  }

  async function addServer(
    executionId: string,
    sourceServerId: string,
    serverStatus: string,
    recoveryInstanceId: string | null = null,
  ): Promise<void> {
    await env.dataSource.query(
      `INSERT INTO execution_servers
         (execution_id, wave_run_id, position, source_server_id, account_id, region, os_family, group_name, status,
          recovery_instance_id)
       SELECT $1, id, (SELECT count(*) FROM execution_servers WHERE execution_id = $1), $2, '123456789012',
              'us-east-1', 'LINUX', 'group', $3, $4
         FROM wave_runs WHERE execution_id = $1 AND position = 0`,
      [executionId, sourceServerId, serverStatus, recoveryInstanceId],
    );
  }
});
