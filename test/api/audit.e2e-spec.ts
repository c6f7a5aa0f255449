import { ErrorCode, Role } from '@drs/domain';

import { AuditRecorder } from '../../apps/api-gateway/src/audit/audit-recorder';
import { AuditController } from '../../apps/api-gateway/src/audit/audit.controller';
import { serversTagged, uniqueName } from '../support/api-fixtures';
import {
  ApiTestEnvironment,
  startApiTestEnvironment,
  TEST_ACCOUNT_ID,
  TEST_REGION,
} from '../support/api-test-environment';

const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];

describe(AuditController.name, () => {
  let env: ApiTestEnvironment;
  let servers: string[];

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    servers = await serversTagged(env, { Application: 'hr-portal' });
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Records are written once the response is sent; wait for them before reading. */
  const auditRecords = async (query: Record<string, string>) => {
    await env.app.get(AuditRecorder).flush();
    const response = await env.http().get('/api/v1/audit').query(query).expect(200);

    return response.body;
  };

  /** Each test passes its own server, because a server belongs to one group at most. */
  const groupBody = (name: string, server: string) => ({
    name,
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    sourceServerIds: [server],
  });

  it('refuses an anonymous caller', async () => {
    const response = await env.anonymous().get('/api/v1/audit');

    expect(response.status).toBe(401);
    expect(response.body.code).toBe(ErrorCode.Unauthenticated);
  });

  it.each([Role.Viewer, Role.Operator, Role.RecoveryAdmin])('refuses a %s', async (role) => {
    const response = await (await env.as(role)).get('/api/v1/audit');

    expect(response.status).toBe(403);
  });

  it('records a refused and an accepted action with actor, target and outcome', async () => {
    const name = uniqueName('audited');
    const startedAt = new Date(Date.now() - 1_000).toISOString();

    const refused = await (await env.as(Role.Viewer))
      .post('/api/v1/protection-groups')
      .send(groupBody(name, servers[0]));
    const accepted = await (await env.as(Role.Operator))
      .post('/api/v1/protection-groups')
      .send(groupBody(name, servers[0]));

    expect(refused.status).toBe(403);
    expect(accepted.status).toBe(201);
    const byViewer = await auditRecords({
      actor: 'test-viewer',
      action: 'protection-groups.create',
      from: startedAt,
    });
    expect(byViewer.items).toEqual([
      expect.objectContaining({
        actor: 'test-viewer',
        actorRole: 'viewer',
        action: 'protection-groups.create',
        targetType: 'protection-groups',
        targetId: null,
        method: 'POST',
        path: '/api/v1/protection-groups',
        outcome: 'REFUSED',
        statusCode: 403,
        errorCode: 'FORBIDDEN',
        details: { name },
      }),
    ]);
    expect(byViewer.items[0].sourceAddress).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(byViewer.items[0].occurredAt)).toBeGreaterThan(Date.parse(startedAt));
    const byOperator = await auditRecords({
      actor: 'test-operator',
      action: 'protection-groups.create',
      outcome: 'ACCEPTED',
      from: startedAt,
    });
    expect(byOperator.items).toEqual([
      expect.objectContaining({
        actor: 'test-operator',
        actorRole: 'operator',
        action: 'protection-groups.create',
        targetType: 'protection-groups',
        targetId: accepted.body.id,
        outcome: 'ACCEPTED',
        statusCode: 201,
        errorCode: null,
        message: null,
      }),
    ]);
  });

  it('records an anonymous write and a failed sign-in', async () => {
    const startedAt = new Date(Date.now() - 1_000).toISOString();

    await env.anonymous().delete('/api/v1/recovery-plans/0b7e5a52-2d1c-4c39-9a55-3e1f3c0d2a61').expect(401);
    await env
      .anonymous()
      .post('/api/v1/auth/token')
      .send({ name: 'nobody', password: 'wrong-password' })
      .expect(401);

    const anonymous = await auditRecords({ action: 'recovery-plans.remove', from: startedAt });
    expect(anonymous.items).toEqual([
      expect.objectContaining({
        actor: null,
        targetId: '0b7e5a52-2d1c-4c39-9a55-3e1f3c0d2a61',
        outcome: 'REFUSED',
        statusCode: 401,
        errorCode: 'UNAUTHENTICATED',
      }),
    ]);
    const signIn = await auditRecords({ action: 'auth.signIn', actor: 'nobody', from: startedAt });
    expect(signIn.items).toEqual([
      expect.objectContaining({
        targetType: 'users',
        targetId: 'nobody',
        outcome: 'REFUSED',
        statusCode: 401,
      }),
    ]);
    expect(JSON.stringify(signIn.items)).not.toContain('wrong-password');
  });

  it('filters by target and time, newest first, with a total', async () => {
    const name = uniqueName('paged');
    const created = await env
      .http()
      .post('/api/v1/protection-groups')
      .send(groupBody(name, servers[1]))
      .expect(201);
    await env.http().delete(`/api/v1/protection-groups/${created.body.id}`).expect(204);

    const page = await auditRecords({
      targetType: 'protection-groups',
      targetId: created.body.id,
      limit: '1',
    });
    const later = await auditRecords({ from: new Date(Date.now() + 60_000).toISOString() });

    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0].action).toBe('protection-groups.remove');
    expect(later).toEqual({ items: [], total: 0 });
  });

  it('rejects an invalid filter in the error shape', async () => {
    const response = await env.http().get('/api/v1/audit?outcome=MAYBE&from=yesterday&limit=0');

    expect(response.status).toBe(400);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    const fields = response.body.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['outcome', 'from', 'limit']));
  });

  it.each([
    ['put', '/api/v1/audit'],
    ['delete', '/api/v1/audit'],
    ['patch', '/api/v1/audit'],
    ['post', '/api/v1/audit'],
    ['put', '/api/v1/audit/1'],
    ['delete', '/api/v1/audit/1'],
  ] as const)('has no %s %s', async (method, path) => {
    const response = await env.http()[method](path).send({});

    expect([404, 405]).toContain(response.status);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
  });

  it('keeps records that the database itself will not change or delete', async () => {
    await auditRecords({});

    await expect(env.dataSource.query("UPDATE audit_records SET actor = 'someone-else'")).rejects.toThrow(
      /append-only/,
    );
    await expect(env.dataSource.query('DELETE FROM audit_records')).rejects.toThrow(/append-only/);
  });
});
