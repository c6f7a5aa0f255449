import { jwtVerify } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import type { DataSource } from 'typeorm';

import type { AuthSettings } from '@drs/config';
import { Role } from '@drs/domain';

import { issueAccessToken, MAX_CACHED_TOKEN_AGE_MS, MAX_CACHED_TOKENS, TokenVerifier } from './access-tokens';
import { LocalKeys, loadLocalKeys } from './signing-keys';

// Counts signature checks, so that a test can tell a cache hit from a verification.
jest.mock('jose', () => {
  const actual = jest.requireActual('jose');

  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});

const TOKEN_TTL_SECONDS = 10;
const verifyCalls = () => (jwtVerify as jest.Mock).mock.calls.length;

describe(TokenVerifier.name, () => {
  let settings: AuthSettings;
  let keys: LocalKeys;

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    settings = {
      issuer: 'drs-orchestrator',
      audience: 'drs-orchestrator',
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      signingKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      users: [],
    };
    // With a configured key no database is read.
    keys = await loadLocalKeys(null as unknown as DataSource, settings);
  });

  beforeEach(() => {
    (jwtVerify as jest.Mock).mockClear();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const issue = (name = 'operator-1') =>
    issueAccessToken(keys, settings, { subject: `id-${name}`, name, role: Role.Operator });

  it('caches a verified token and returns equal callers', async () => {
    const verifier = new TokenVerifier(settings, keys);
    const { token } = await issue();

    const first = await verifier.verify(token);
    const second = await verifier.verify(token);

    expect(verifyCalls()).toBe(1);
    expect(verifier.cachedTokenCount).toBe(1);
    expect(second).toEqual(first);
    expect(second.role).toBe(Role.Operator);
  });

  it('returns a copy that a request cannot change for the next', async () => {
    const verifier = new TokenVerifier(settings, keys);
    const { token } = await issue();

    const first = await verifier.verify(token);
    first.role = Role.Admin;
    first.expiresAt.setTime(0);
    const second = await verifier.verify(token);

    expect(second.role).toBe(Role.Operator);
    expect(second.expiresAt.getTime()).toBeGreaterThan(0);
  });

  it('rejects a cached token once it has expired', async () => {
    const verifier = new TokenVerifier(settings, keys);
    const { token, expiresAt } = await issue();
    await verifier.verify(token);
    // Past the expiry and jose's 30-second clock tolerance, but within the cache's age limit.
    const later = expiresAt.getTime() + 31_000;
    expect(later - Date.now()).toBeLessThan(MAX_CACHED_TOKEN_AGE_MS);
    jest.useFakeTimers({ now: later, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });

    await expect(verifier.verify(token)).rejects.toThrow('the token has expired');
    expect(verifier.cachedTokenCount).toBe(0);
  });

  it('verifies a token again after the cache age limit', async () => {
    let now = Date.now();
    const verifier = new TokenVerifier(settings, keys, () => now);
    // Valid for an hour, so that the age limit ends the reuse before the expiry does.
    const { token } = await issueAccessToken(
      keys,
      { ...settings, tokenTtlSeconds: 3_600 },
      {
        subject: 'id-viewer',
        name: 'viewer',
        role: Role.Viewer,
      },
    );

    await verifier.verify(token);
    now += MAX_CACHED_TOKEN_AGE_MS - 1;
    await verifier.verify(token);
    const callsWithinLimit = verifyCalls();
    now += 1;
    await verifier.verify(token);

    expect(callsWithinLimit).toBe(1);
    expect(verifyCalls()).toBe(2);
  });

  it('does not cache a rejected token', async () => {
    const verifier = new TokenVerifier(settings, keys);
    const { token } = await issue();
    const tampered = `${token.slice(0, -4)}AAAA`;

    await expect(verifier.verify(tampered)).rejects.toThrow('signature');
    await expect(verifier.verify(tampered)).rejects.toThrow('signature');
    expect(verifyCalls()).toBe(2);
    expect(verifier.cachedTokenCount).toBe(0);
  });

  it('keeps at most the maximum number of tokens, dropping the oldest', async () => {
    const verifier = new TokenVerifier(settings, keys);
    const tokens: string[] = [];
    for (let index = 0; index <= MAX_CACHED_TOKENS; index++) {
      tokens.push((await issue(`user-${index}`)).token);
    }
    for (const token of tokens) {
      await verifier.verify(token);
    }

    expect(verifier.cachedTokenCount).toBe(MAX_CACHED_TOKENS);
    // The oldest token was dropped but is still valid, so it is verified and cached again.
    await expect(verifier.verify(tokens[0])).resolves.toMatchObject({ name: 'user-0' });
    expect(verifier.cachedTokenCount).toBe(MAX_CACHED_TOKENS);
  });
});
