import { createServer } from 'node:net';

import { loadConfig } from '@drs/config';
import { ErrorCode, Role } from '@drs/domain';

import { AuditRecorder } from '../../apps/api-gateway/src/audit/audit-recorder';
import { OidcProviderClient } from '../../apps/api-gateway/src/auth/oidc-provider.client';
import { ApiTestEnvironment, startApiTestEnvironment } from '../support/api-test-environment';
import { MockOidcProvider, pkcePair, startMockOidcProvider } from '../support/mock-oidc-provider';

const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];
const CLIENT_ID = 'mock-app-client';
/** Sent as the Host header, so that the gateway's own origin is the same for every request. */
const GATEWAY_HOST = 'dr.example.test';
const REDIRECT_URI = `http://${GATEWAY_HOST}/auth/callback`;

function oidcSettings(issuer: string, jwksUrl: string): Record<string, string> {
  return {
    AUTH_OIDC_ISSUER: issuer,
    AUTH_OIDC_AUDIENCE: CLIENT_ID,
    AUTH_OIDC_JWKS_URL: jwksUrl,
    AUTH_OIDC_ROLES_CLAIM: 'cognito:groups',
    AUTH_OIDC_USERNAME_CLAIM: 'cognito:username',
    AUTH_OIDC_ROLE_MAP: 'DrsOperators=operator,DrsAdmins=admin',
  };
}

/**
 * Does what the browser does: sends the user to the authorization endpoint with a fresh PKCE
 * challenge and reads the code from the redirect back to the callback.
 */
async function authorize(
  provider: MockOidcProvider,
  redirectUri: string = REDIRECT_URI,
): Promise<{ code: string; codeVerifier: string }> {
  const { verifier, challenge } = pkcePair();
  const url = new URL(provider.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 302) {
    throw new Error(`authorization returned ${response.status}: ${await response.text()}`);
  }
  const location = new URL(response.headers.get('location') as string);

  return { code: location.searchParams.get('code') as string, codeVerifier: verifier };
}

/** Collects what the process writes to stdout and stderr, where Nest's logger prints. */
function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }),
  );

  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/** Finds a loopback port that nothing listens on, by binding a free one and closing it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));

  return port;
}

describe('sign-in with an OpenID Connect provider', () => {
  let provider: MockOidcProvider;
  let env: ApiTestEnvironment;

  const exchange = (body: Record<string, unknown>) =>
    env.anonymous().post('/api/v1/auth/oidc/token').set('Host', GATEWAY_HOST).send(body);

  beforeAll(async () => {
    provider = await startMockOidcProvider({ clientId: CLIENT_ID });
    env = await startApiTestEnvironment({
      LOG_LEVEL: 'log',
      ...oidcSettings(provider.issuer, provider.jwksUrl),
    });
  });

  afterAll(async () => {
    await env?.close();
    await provider?.close();
  });

  beforeEach(() => {
    provider.user = { subject: 'mock-user-1', username: 'carol', groups: ['DrsOperators'] };
    provider.tokenEndpointFailure = null;
  });

  it('lists the provider with the endpoint from its discovery document', async () => {
    const response = await env.anonymous().get('/api/v1/auth/providers');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      local: true,
      oidc: {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        authorizationEndpoint: provider.authorizationEndpoint,
        scopes: ['openid', 'email', 'profile'],
        error: null,
      },
    });
  });

  it('exchanges a code for a token that carries the mapped role', async () => {
    const { code, codeVerifier } = await authorize(provider);
    const output = captureOutput();

    let response;
    try {
      response = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });
    } finally {
      output.restore();
    }

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', role: Role.Operator });
    expect(response.body.expiresInSeconds).toBeGreaterThan(3_500);
    expect(response.body.expiresInSeconds).toBeLessThanOrEqual(3_600);
    const me = await env
      .anonymous()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'carol', role: Role.Operator, issuer: provider.issuer });

    const sent = provider.tokenRequests.at(-1);
    expect(sent).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      code,
      code_verifier: codeVerifier,
    });
    expect(sent).not.toHaveProperty('client_secret');
    expect(output.text()).toContain('user carol (operator) signed in through');
    expect(output.text()).not.toContain(code);
    expect(output.text()).not.toContain(codeVerifier);
    expect(output.text()).not.toContain(response.body.accessToken.split('.')[2]);
  });

  it('records the sign-in in the audit trail without the code', async () => {
    provider.user = { subject: 'mock-user-2', username: 'dave', groups: ['DrsAdmins'] };
    const { code, codeVerifier } = await authorize(provider);

    const response = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });
    await env.app.get(AuditRecorder).flush();

    expect(response.status).toBe(200);
    expect(response.body.role).toBe(Role.Admin);
    const rows: Array<Record<string, unknown>> = await env.dataSource.query(
      `SELECT actor, action, target_type, target_id, outcome, details::text AS details
         FROM audit_records WHERE action = 'auth.signInWithOidc' AND actor = 'dave'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'auth.signInWithOidc',
      target_type: 'users',
      target_id: 'dave',
      outcome: 'ACCEPTED',
    });
    expect(rows[0].details).toContain(provider.issuer);
    expect(rows[0].details).not.toContain(code);
  });

  it('rejects a wrong code verifier with 401', async () => {
    const { code } = await authorize(provider);

    const response = await exchange({ code, codeVerifier: pkcePair().verifier, redirectUri: REDIRECT_URI });

    expect(response.status).toBe(401);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.code).toBe(ErrorCode.Unauthenticated);
    expect(response.body.message).toContain('invalid_grant');
    expect(provider.tokenRequests.at(-1)?.code).toBe(code);
  });

  it('rejects a code used twice with 401', async () => {
    const { code, codeVerifier } = await authorize(provider);
    const first = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });

    const second = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });

    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(second.body.message).toContain('invalid_grant');
  });

  it.each([
    ['another host', 'http://evil.example.com/auth/callback'],
    ['another path on this host', `http://${GATEWAY_HOST}/elsewhere`],
    ['a query that redirects onwards', `${REDIRECT_URI}?next=http://evil.example.com`],
    ['a path, not a URL', '/auth/callback'],
  ])('rejects a redirect URI of %s with 400 before calling the provider', async (_case, redirectUri) => {
    const { code, codeVerifier } = await authorize(
      provider,
      redirectUri.startsWith('http') ? redirectUri : REDIRECT_URI,
    );
    const requestsBefore = provider.tokenRequests.length;

    const response = await exchange({ code, codeVerifier, redirectUri });

    expect(response.status).toBe(400);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.code).toBe(ErrorCode.ValidationFailed);
    expect(response.body.details.fields).toEqual([
      {
        field: 'redirectUri',
        errors: [`redirectUri must be ${REDIRECT_URI}, the dashboard's sign-in callback on this server`],
      },
    ]);
    expect(provider.tokenRequests.length).toBe(requestsBefore);
  });

  it('rejects an ID token issued for another audience with 401', async () => {
    provider.user = {
      subject: 'mock-user-3',
      username: 'erin',
      groups: ['DrsAdmins'],
      audience: 'another-app',
    };
    const { code, codeVerifier } = await authorize(provider);

    const response = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });

    expect(response.status).toBe(401);
    expect(response.body.code).toBe(ErrorCode.Unauthenticated);
    expect(response.body.message).toMatch(/ID token was rejected: .*aud/);
  });

  it('rejects a user whose groups map to no role with 403', async () => {
    provider.user = { subject: 'mock-user-4', username: 'frank', groups: ['Finance'] };
    const { code, codeVerifier } = await authorize(provider);

    const response = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe(ErrorCode.Forbidden);
    expect(response.body.message).toContain('frank');
    expect(response.body.message).toContain('cognito:groups');
  });

  it('reports a failing token endpoint with 503', async () => {
    provider.tokenEndpointFailure = 500;
    const { code, codeVerifier } = await authorize(provider);

    const response = await exchange({ code, codeVerifier, redirectUri: REDIRECT_URI });

    expect(response.status).toBe(503);
    expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(response.body.code).toBe(ErrorCode.ServiceUnavailable);
    expect(response.body.message).toContain('HTTP 500');
  });

  it.each([
    ['no body', {}, ['code', 'codeVerifier', 'redirectUri']],
    ['a short verifier', { code: 'abc', codeVerifier: 'short', redirectUri: REDIRECT_URI }, ['codeVerifier']],
    [
      'a number as code',
      { code: 42, codeVerifier: pkcePair().verifier, redirectUri: REDIRECT_URI },
      ['code'],
    ],
    [
      'an unknown field',
      { code: 'abc', codeVerifier: pkcePair().verifier, redirectUri: REDIRECT_URI, clientSecret: 'x' },
      ['clientSecret'],
    ],
  ])('rejects a body with %s with 400', async (_case, body, fields) => {
    const requestsBefore = provider.tokenRequests.length;

    const response = await exchange(body);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe(ErrorCode.ValidationFailed);
    expect(response.body.details.fields.map((entry: { field: string }) => entry.field)).toEqual(fields);
    expect(provider.tokenRequests.length).toBe(requestsBefore);
  });

  it('sends the client secret only when one is configured', async () => {
    const secret = 'mock-client-secret-value';
    const withSecret = new OidcProviderClient(
      loadConfig({ ...oidcSettings(provider.issuer, provider.jwksUrl), AUTH_OIDC_CLIENT_SECRET: secret }),
    );
    const { code, codeVerifier } = await authorize(provider);

    const idToken = await withSecret.exchangeCode({ code, codeVerifier, redirectUri: REDIRECT_URI });

    expect(idToken.split('.')).toHaveLength(3);
    expect(provider.tokenRequests.at(-1)?.client_secret).toBe(secret);
  });
});

describe('sign-in with an OpenID Connect provider that is down', () => {
  let env: ApiTestEnvironment;
  let issuer: string;

  beforeAll(async () => {
    issuer = `http://127.0.0.1:${await closedPort()}/pool`;
    env = await startApiTestEnvironment({
      ...oidcSettings(issuer, `${issuer}/.well-known/jwks.json`),
      // One window for the whole file, so that the sign-in count cannot reset between requests.
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_SIGN_INS_PER_ADDRESS: '3',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lists the provider with the reason it is unavailable', async () => {
    const response = await env.anonymous().get('/api/v1/auth/providers');

    expect(response.status).toBe(200);
    expect(response.body.local).toBe(true);
    expect(response.body.oidc).toMatchObject({ issuer, clientId: CLIENT_ID, authorizationEndpoint: null });
    expect(response.body.oidc.error).toContain(
      `${issuer}/.well-known/openid-configuration could not be read`,
    );
  });

  it('answers a code exchange with 503, then limits sign-ins from the address', async () => {
    const body = { code: 'any-code', codeVerifier: pkcePair().verifier, redirectUri: REDIRECT_URI };
    const send = () => env.anonymous().post('/api/v1/auth/oidc/token').set('Host', GATEWAY_HOST).send(body);

    // The admin's password sign-in of the test environment counted once already.
    const first = await send();
    const second = await send();
    const limited = await send();

    expect(first.status).toBe(503);
    expect(Object.keys(first.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(first.body.code).toBe(ErrorCode.ServiceUnavailable);
    expect(first.body.message).toContain(`Sign-in with ${issuer} is unavailable`);
    expect(second.status).toBe(503);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(ErrorCode.RateLimited);
  });
});

describe('sign-in without an OpenID Connect provider', () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lists only the sign-in with a name and password', async () => {
    const response = await env.anonymous().get('/api/v1/auth/providers');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ local: true, oidc: null });
  });

  it('answers a code exchange with 404', async () => {
    const response = await env
      .anonymous()
      .post('/api/v1/auth/oidc/token')
      .set('Host', GATEWAY_HOST)
      .send({ code: 'any-code', codeVerifier: pkcePair().verifier, redirectUri: REDIRECT_URI });

    expect(response.status).toBe(404);
    expect(response.body.code).toBe(ErrorCode.NotFound);
    expect(response.body.message).toContain('AUTH_OIDC_ISSUER');
  });
});
