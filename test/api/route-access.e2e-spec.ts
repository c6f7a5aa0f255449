import { randomUUID } from 'node:crypto';

import { issueAccessToken, LOCAL_KEYS, LocalKeys } from '@drs/auth';
import { ErrorCode, Role, roleSatisfies, ROLES } from '@drs/domain';

import { AuthGuard } from '../../apps/api-gateway/src/auth/auth.guard';
import { ApiTestEnvironment, startApiTestEnvironment } from '../support/api-test-environment';
import { concretePath, isPublicRoute, registeredRoutes, routeKey } from '../support/route-walk';
import { connectSocket, startStatusTestServer, StatusTestServer } from '../support/status-test-server';

const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];

type Method = 'get' | 'post' | 'put' | 'delete';
type Agent = ReturnType<ApiTestEnvironment['anonymous']>;

/** A request of the route's method to its path, parameters filled with a random UUID. */
function requestOf(agent: Agent, route: { method: string; path: string }) {
  return agent[route.method.toLowerCase() as Method](concretePath(route));
}

interface MatrixRow {
  /** `METHOD /path` as Express registered it. */
  route: string;
  /** The least role that passes; every lower role gets 403. */
  minRole: Role;
  body?: Record<string, unknown>;
  /** Tells rows apart whose route is the same, such as a start of a drill and of a recovery. */
  label?: string;
}

/**
 * The role of every route. A route the app registers without a row here fails the first test of
 * the matrix, so a new route needs its role decided here too.
 */
const MATRIX: MatrixRow[] = [
  { route: 'GET /api/v1/auth/me', minRole: Role.Viewer },
  { route: 'GET /api/v1/audit', minRole: Role.Admin },
  { route: 'GET /api/v1/drs/source-servers', minRole: Role.Viewer },
  { route: 'GET /api/v1/protection-groups', minRole: Role.Viewer },
  { route: 'GET /api/v1/protection-groups/:id', minRole: Role.Viewer },
  { route: 'POST /api/v1/protection-groups', minRole: Role.Operator, body: {} },
  { route: 'PUT /api/v1/protection-groups/:id', minRole: Role.Operator, body: {} },
  { route: 'DELETE /api/v1/protection-groups/:id', minRole: Role.Operator },
  { route: 'GET /api/v1/recovery-plans', minRole: Role.Viewer },
  { route: 'GET /api/v1/recovery-plans/:id', minRole: Role.Viewer },
  { route: 'POST /api/v1/recovery-plans', minRole: Role.Operator, body: {} },
  { route: 'PUT /api/v1/recovery-plans/:id', minRole: Role.Operator, body: {} },
  { route: 'DELETE /api/v1/recovery-plans/:id', minRole: Role.Operator },
  { route: 'GET /api/v1/executions', minRole: Role.Viewer },
  { route: 'GET /api/v1/executions/:id', minRole: Role.Viewer },
  { route: 'GET /api/v1/executions/:id/events', minRole: Role.Viewer },
  {
    route: 'POST /api/v1/executions',
    label: 'drill',
    minRole: Role.Operator,
    body: { planId: randomUUID(), mode: 'DRILL' },
  },
  {
    route: 'POST /api/v1/executions',
    label: 'recovery',
    minRole: Role.RecoveryAdmin,
    body: { planId: randomUUID(), mode: 'RECOVERY', confirmPlanName: 'any' },
  },
  { route: 'POST /api/v1/executions/:id/cleanup', minRole: Role.Operator },
  // Run control of a drill; a recovery's control needs recovery-admin, decided once the execution is read.
  { route: 'POST /api/v1/executions/:id/cancel', minRole: Role.Operator, body: {} },
  { route: 'POST /api/v1/executions/:id/pause', minRole: Role.Operator, body: {} },
  { route: 'POST /api/v1/executions/:id/resume', minRole: Role.Operator, body: {} },
  { route: 'POST /api/v1/executions/:id/retry', minRole: Role.Operator, body: {} },
  { route: 'POST /api/v1/executions/:id/skip-wave', minRole: Role.Operator, body: {} },
];

describe('route access', () => {
  let env: ApiTestEnvironment;
  let status: StatusTestServer;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    status = await startStatusTestServer(env.config);
  });

  afterAll(async () => {
    await status?.close();
    await env?.close();
  });

  describe('anonymous caller', () => {
    it('finds every route of the app, including the OpenAPI ones', async () => {
      const routes = registeredRoutes(env.app).map(routeKey);
      const document = await env.anonymous().get('/api/docs-json').expect(200);
      const documented = Object.entries(document.body.paths as Record<string, object>).flatMap(
        ([path, operations]) =>
          Object.keys(operations).map(
            (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          ),
      );

      expect(routes.length).toBeGreaterThanOrEqual(documented.length);
      expect(routes).toEqual(expect.arrayContaining(documented));
    });

    it('is rejected with 401 on every route but the public ones', async () => {
      const routes = registeredRoutes(env.app).filter((route) => !isPublicRoute(route));
      const failures: string[] = [];

      for (const route of routes) {
        const response = await requestOf(env.anonymous(), route).send({});
        const shapeOk = Object.keys(response.body).sort().join() === ERROR_BODY_KEYS.join();
        if (response.status !== 401 || response.body.code !== ErrorCode.Unauthenticated || !shapeOk) {
          failures.push(`${routeKey(route)} returned ${response.status} ${JSON.stringify(response.body)}`);
        }
      }

      expect(routes.length).toBeGreaterThan(20);
      expect(failures).toEqual([]);
    });

    it('is rejected with 401 when the token is not a JWT', async () => {
      const routes = registeredRoutes(env.app).filter((route) => !isPublicRoute(route));
      const statuses = new Set<number>();

      for (const route of routes) {
        const response = await requestOf(env.anonymous(), route).set('Authorization', 'Bearer not-a-token');
        statuses.add(response.status);
      }

      expect([...statuses]).toEqual([401]);
    });

    it('may use health, the OpenAPI document, sign-in, its providers and the JWKS', async () => {
      const open = registeredRoutes(env.app).filter(isPublicRoute);
      const failures: string[] = [];

      for (const route of open) {
        const response = await requestOf(env.anonymous(), route);
        if (response.status === 401 || response.status === 403) {
          failures.push(`${routeKey(route)} returned ${response.status}`);
        }
      }

      expect(open.map(routeKey)).toEqual(
        expect.arrayContaining([
          'GET /health',
          'GET /api/v1/health',
          'POST /api/v1/auth/token',
          'GET /api/v1/auth/jwks',
          'GET /api/v1/auth/providers',
          'POST /api/v1/auth/oidc/token',
          'GET /api/docs-json',
        ]),
      );
      expect(failures).toEqual([]);
    });

    it('sees bearer security on every documented route but the public ones', async () => {
      const document = await env.anonymous().get('/api/docs-json').expect(200);
      const unsecured: string[] = [];
      for (const [path, operations] of Object.entries(document.body.paths as Record<string, object>)) {
        for (const [method, operation] of Object.entries(
          operations as Record<string, { security?: unknown[] }>,
        )) {
          const route = { method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ':$1') };
          if (
            !isPublicRoute(route) &&
            !(operation.security ?? []).some((item) => 'bearer' in (item as object))
          ) {
            unsecured.push(routeKey(route));
          }
        }
      }

      expect(document.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(unsecured).toEqual([]);
    });

    it('cannot open a status socket', async () => {
      const anonymous = await connectSocket(status.url);
      const garbage = await connectSocket(status.url, { token: 'not-a-token' });

      expect(anonymous.connected).toBe(false);
      expect(anonymous.connected ? undefined : anonymous.data).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(garbage.connected ? undefined : garbage.data).toMatchObject({ statusCode: 401 });
    });
  });

  describe('status socket', () => {
    it('accepts a signed-in viewer', async () => {
      const result = await connectSocket(status.url, { token: await env.tokenFor(Role.Viewer) });

      expect(result.connected).toBe(true);
      if (result.connected) {
        result.socket.close();
      }
    });

    it('disconnects a socket when its token expires', async () => {
      const keys = env.app.get<LocalKeys>(LOCAL_KEYS);
      const shortLived = await issueAccessToken(
        keys,
        { ...env.config.auth, tokenTtlSeconds: 2 },
        { subject: randomUUID(), name: 'short-lived', role: Role.Viewer },
      );
      const result = await connectSocket(status.url, { token: shortLived.token });
      expect(result.connected).toBe(true);
      if (!result.connected) {
        return;
      }

      const reason = await new Promise<string>((resolve) => result.socket.once('disconnect', resolve));

      expect(reason).toBe('io server disconnect');
      expect(Date.now()).toBeGreaterThanOrEqual(shortLived.expiresAt.getTime());
    });
  });

  describe('role matrix', () => {
    it('has a row for every route that is not public', () => {
      const rows = new Set(MATRIX.map((row) => row.route));
      const missing = registeredRoutes(env.app)
        .filter((route) => !isPublicRoute(route))
        .map(routeKey)
        .filter((key) => !rows.has(key));

      expect(missing).toEqual([]);
    });

    const cases = MATRIX.flatMap((row) => ROLES.map((role) => ({ label: '', ...row, role })));
    it.each(cases)('$route $label as $role', async ({ route, role, minRole, body }) => {
      const [method, pattern] = route.split(' ');
      const agent = await env.as(role);

      const request = requestOf(agent, { method, path: pattern });
      const response = body === undefined ? await request : await request.send(body);

      if (roleSatisfies(role, minRole)) {
        expect([401, 403]).not.toContain(response.status);
        expect(response.status).toBeLessThan(500);
      } else {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe(ErrorCode.Forbidden);
        expect(response.body.message).toContain(role);
      }
    });
  });
});

describe(AuthGuard.name, () => {
  it('closes a route that declares no role to every caller', async () => {
    const guard = new AuthGuard(
      { getAllAndOverride: () => undefined } as never,
      { verify: () => Promise.reject(new Error('must not be called')) } as never,
      { consume: () => Promise.resolve({ allowed: true, limit: 1, retryAfterSeconds: 1 }) } as never,
    );
    class UndeclaredController {
      handler(): void {}
    }
    const request = { method: 'GET', path: '/api/v1/undeclared', params: {}, headers: {}, body: {} };
    const context = {
      getClass: () => UndeclaredController,
      getHandler: () => UndeclaredController.prototype.handler,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    };

    await expect(guard.canActivate(context as never)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });
});
