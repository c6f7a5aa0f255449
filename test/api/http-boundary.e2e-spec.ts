import { HttpExceptionFilter } from '../../apps/api-gateway/src/common/http-exception.filter';
import { HealthController } from '../../apps/api-gateway/src/health/health.controller';
import { serversTagged } from '../support/api-fixtures';
import {
  ApiTestEnvironment,
  countAllRows,
  startApiTestEnvironment,
  TEST_ACCOUNT_ID,
  TEST_REGION,
} from '../support/api-test-environment';

const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];

describe(HttpExceptionFilter.name, () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('returns 400 for malformed JSON and writes nothing', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .set('Content-Type', 'application/json')
      .send('{"name": "broken", ');

    expect(response.status).toBe(400);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toMatch(/not a valid JSON object/);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('lists every invalid field of a body with wrong types', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send({ name: 42, accountId: '1234', region: 'mars', sourceServerIds: 's-123' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'accountId', 'region', 'sourceServerIds']));
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects an unknown field instead of ignoring it', async () => {
    const [server] = await serversTagged(env, { Application: 'hr-portal' });
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .send({
        name: 'with-extra-field',
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        sourceServerIds: [server],
        owner: 'someone',
      });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields).toEqual([
      { field: 'owner', errors: ['property owner should not exist'] },
    ]);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('names the path of an invalid field inside a wave', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await env
      .http()
      .post('/api/v1/recovery-plans')
      .send({
        name: 'nested',
        waves: [{ name: 'ok', protectionGroupIds: ['not-a-uuid'], launchOrder: 'random' }],
      });

    expect(response.status).toBe(400);
    const fields = response.body.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(['waves[0].protectionGroupIds', 'waves[0].launchOrder']);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('rejects a JSON array where an object is expected', async () => {
    const response = await env
      .http()
      .post('/api/v1/executions')
      .send([{ planId: 'x' }]);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
  });

  it('returns 400 for an id that is not a UUID', async () => {
    const response = await env.http().get('/api/v1/protection-groups/not-a-uuid');

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields[0].field).toBe('id');
  });

  it('returns 404 NOT_FOUND for an unknown route', async () => {
    const response = await env.http().get('/api/v1/no-such-thing');

    expect(response.status).toBe(404);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it('returns 413 for a body over 1 MB', async () => {
    const response = await env
      .http()
      .post('/api/v1/protection-groups')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }));

    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
  });

  it('hides the cause of an unexpected error behind an error id', async () => {
    await env.dataSource.query('ALTER TABLE recovery_plans RENAME TO recovery_plans_hidden');
    try {
      const response = await env.http().get('/api/v1/recovery-plans');

      expect(response.status).toBe(500);
      expect(response.body.code).toBe('INTERNAL');
      expect(response.body.details.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.message).toContain(response.body.details.errorId);
      expect(JSON.stringify(response.body)).not.toMatch(/recovery_plans|SELECT|relation/);
    } finally {
      await env.dataSource.query('ALTER TABLE recovery_plans_hidden RENAME TO recovery_plans');
    }
  });

  it('serves the OpenAPI document at /api/docs-json', async () => {
    const response = await env.http().get('/api/docs-json').expect(200);

    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/protection-groups',
        '/api/v1/recovery-plans/{id}',
        '/api/v1/executions/{id}/cleanup',
        '/api/v1/drs/source-servers',
        '/health',
      ]),
    );
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await env.http().get('/api/docs').redirects(1);

    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});

describe(HealthController.name, () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it.each(['/health', '/api/v1/health'])('reports the database up at %s', async (path) => {
    const response = await env.http().get(path);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('returns 503 when Postgres does not respond', async () => {
    await env.dataSource.destroy();

    const response = await env.http().get('/health');

    expect(response.status).toBe(503);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.details).toEqual({ status: 'error', database: 'down' });
  });
});
