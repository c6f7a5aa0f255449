import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, KeyLike, SignJWT } from 'jose';

import { encodePasswordHash, hashPassword, issueAccessToken, LOCAL_KEYS, LocalKeys } from '@drs/auth';
import { ErrorCode, Role } from '@drs/domain';

import { ApiTestEnvironment, startApiTestEnvironment } from '../support/api-test-environment';
import { connectSocket, startStatusTestServer, StatusTestServer } from '../support/status-test-server';

const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];
const AUDIENCE = 'drs-test-client';
const ALLOWED_ORIGIN = 'https://dr.example.com';

/** A stand-in OIDC provider: its JWKS on a loopback port, with a key pair the test signs tokens with. */
interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  trustedKey: KeyLike;
  foreignKey: KeyLike;
  server: Server;
}

async function startTestIssuer(): Promise<TestIssuer> {
  const trusted = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = {
    keys: [{ ...(await exportJWK(trusted.publicKey)), kid: 'trusted', alg: 'RS256', use: 'sig' }],
  };
  const server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    trustedKey: trusted.privateKey,
    foreignKey: foreign.privateKey,
    server,
  };
}

interface TokenOptions {
  key?: KeyLike;
  keyId?: string;
  audience?: string;
  expiresAt?: number;
  groups?: string[];
}

function signOidcToken(issuer: TestIssuer, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);

  return new SignJWT({ 'cognito:groups': options.groups ?? ['DrsOperators'], 'cognito:username': 'carol' })
    .setProtectedHeader({ alg: 'RS256', kid: options.keyId ?? 'trusted' })
    .setIssuer(issuer.issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject('4f1c0a8e-oidc-user')
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(options.key ?? issuer.trustedKey);
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

describe('authentication', () => {
  let issuer: TestIssuer;
  let env: ApiTestEnvironment;
  let status: StatusTestServer;
  const configuredPassword = `configured-${randomUUID()}`;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    env = await startApiTestEnvironment({
      LOG_LEVEL: 'debug',
      AUTH_OIDC_ISSUER: issuer.issuer,
      AUTH_OIDC_AUDIENCE: AUDIENCE,
      AUTH_OIDC_JWKS_URL: issuer.jwksUrl,
      AUTH_OIDC_ROLES_CLAIM: 'cognito:groups',
      AUTH_OIDC_USERNAME_CLAIM: 'cognito:username',
      AUTH_OIDC_ROLE_MAP: 'DrsOperators=operator,DrsAdmins=admin',
      AUTH_USERS: `ops-config:recovery-admin:${encodePasswordHash(await hashPassword(configuredPassword))}`,
      CORS_ORIGINS: ALLOWED_ORIGIN,
    });
    status = await startStatusTestServer(env.config);
  });

  afterAll(async () => {
    await status?.close();
    await env?.close();
    await new Promise((resolve) => issuer?.server.close(resolve));
  });

  describe('tokens of an OIDC issuer', () => {
    it('accepts a valid token and maps its group to a role', async () => {
      const token = await signOidcToken(issuer);

      const response = await env.anonymous().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'carol', role: 'operator', issuer: issuer.issuer });
    });

    it('gives no role to a token whose groups map to none', async () => {
      const token = await signOidcToken(issuer, { groups: ['Finance'] });

      const response = await env
        .anonymous()
        .get('/api/v1/executions')
        .set('Authorization', `Bearer ${token}`);

      expect(response.status).toBe(403);
      expect(response.body.message).toContain('no role');
    });

    const rejected: Array<[string, (issuer: TestIssuer) => Promise<string>, RegExp]> = [
      [
        'signed by a key not in the JWKS',
        (it) => signOidcToken(it, { key: it.foreignKey, keyId: 'foreign' }),
        /no key/,
      ],
      [
        'signed by another key under a known key id',
        (it) => signOidcToken(it, { key: it.foreignKey }),
        /signature/,
      ],
      [
        'expired an hour ago',
        (it) => signOidcToken(it, { expiresAt: Math.floor(Date.now() / 1000) - 3_600 }),
        /expired/,
      ],
      ['issued for another audience', (it) => signOidcToken(it, { audience: 'another-app' }), /aud/],
    ];
    it.each(rejected)('rejects a token %s and logs it without the token', async (_case, sign, reason) => {
      const token = await sign(issuer);
      const output = captureOutput();

      let response;
      try {
        response = await env.anonymous().get('/api/v1/executions').set('Authorization', `Bearer ${token}`);
      } finally {
        output.restore();
      }

      expect(response.status).toBe(401);
      expect(Object.keys(response.body).sort()).toEqual(ERROR_BODY_KEYS);
      expect(response.body.code).toBe(ErrorCode.Unauthenticated);
      expect(response.body.message).toMatch(reason);
      expect(output.text()).toMatch(/bearer token rejected/);
      expect(output.text()).toMatch(reason);
      expect(output.text()).not.toContain(token);
      expect(output.text()).not.toContain(token.split('.')[2]);
    });

    it('refuses an expired token at the status socket, logging it without the token', async () => {
      const token = await signOidcToken(issuer, { expiresAt: Math.floor(Date.now() / 1000) - 3_600 });
      const output = captureOutput();

      let result;
      try {
        result = await connectSocket(status.url, { token });
      } finally {
        output.restore();
      }

      expect(result.connected).toBe(false);
      expect(result.connected ? undefined : result.data).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(output.text()).toMatch(/handshake .* rejected: the token has expired/);
      expect(output.text()).not.toContain(token);
    });
  });

  describe('local issuer', () => {
    it('signs in a user and returns a token that its JWKS verifies', async () => {
      const token = await env.tokenFor(Role.Operator);
      const jwks = await env.anonymous().get('/api/v1/auth/jwks').expect(200);

      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks.body), {
        issuer: env.config.auth.issuer,
        audience: env.config.auth.audience,
      });

      expect(protectedHeader.alg).toBe('ES256');
      expect(payload.roles).toEqual(['operator']);
      expect((payload.exp as number) - (payload.iat as number)).toBe(900);
      expect(jwks.body.keys[0]).not.toHaveProperty('d');
    });

    it('signs in a user defined in AUTH_USERS', async () => {
      const response = await env
        .anonymous()
        .post('/api/v1/auth/token')
        .send({ name: 'ops-config', password: configuredPassword });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        tokenType: 'Bearer',
        role: 'recovery-admin',
        expiresInSeconds: 900,
      });
    });

    it.each([
      ['a wrong password', { name: 'ops-config', password: 'not-the-password' }],
      ['an unknown name', { name: 'nobody-here', password: 'not-the-password' }],
    ])('rejects %s with the same message, logging no password', async (_case, body) => {
      const output = captureOutput();

      let response;
      try {
        response = await env.anonymous().post('/api/v1/auth/token').send(body);
      } finally {
        output.restore();
      }

      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        code: ErrorCode.Unauthenticated,
        message: 'Invalid name or password',
        details: {},
      });
      expect(output.text()).toContain('invalid name or password');
      expect(output.text()).not.toContain(body.password);
    });

    it('rejects its own token once expired', async () => {
      const keys = env.app.get<LocalKeys>(LOCAL_KEYS);
      const expired = await issueAccessToken(
        keys,
        { ...env.config.auth, tokenTtlSeconds: -3_600 },
        { subject: randomUUID(), name: 'late', role: Role.Admin },
      );

      const response = await env
        .anonymous()
        .get('/api/v1/audit')
        .set('Authorization', `Bearer ${expired.token}`);

      expect(response.status).toBe(401);
      expect(response.body.message).toContain('expired');
    });
  });

  describe('HTTP hardening', () => {
    it('sets security headers and no X-Powered-By', async () => {
      const response = await env.anonymous().get('/health');

      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('allows CORS only for the configured origins', async () => {
      const preflight = (origin: string) =>
        env
          .anonymous()
          .options('/api/v1/executions')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');

      const allowed = await preflight(ALLOWED_ORIGIN);
      const other = await preflight('https://elsewhere.example.com');

      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/i);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('rate limits', () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment({
      RATE_LIMIT_PER_USER: '3',
      RATE_LIMIT_SIGN_INS_PER_ADDRESS: '3',
      RATE_LIMIT_PER_ADDRESS: '60',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('limits the requests of one user', async () => {
    const viewer = await env.as(Role.Viewer);
    for (let index = 0; index < 3; index++) {
      await viewer.get('/api/v1/auth/me').expect(200);
    }

    const limited = await viewer.get('/api/v1/auth/me');

    expect(limited.status).toBe(429);
    expect(Object.keys(limited.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(limited.body.code).toBe(ErrorCode.RateLimited);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits sign-ins from one address', async () => {
    // The admin and the viewer of this file have signed in already.
    const attempt = () => env.anonymous().post('/api/v1/auth/token').send({ name: 'x', password: 'y' });
    expect((await attempt()).status).toBe(401);

    const limited = await attempt();

    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(ErrorCode.RateLimited);
  });

  it('limits the requests of one address, but not health probes', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 70 && !statuses.includes(429); index++) {
      statuses.push((await env.anonymous().get('/api/v1/auth/jwks')).status);
    }
    const limited = await env.anonymous().get('/api/v1/auth/jwks');

    expect(statuses).toContain(429);
    expect(limited.status).toBe(429);
    expect(Object.keys(limited.body).sort()).toEqual(ERROR_BODY_KEYS);
    expect(limited.body.details.scope).toBe('address');
    await env.anonymous().get('/health').expect(200);
  });
});
