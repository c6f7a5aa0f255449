import { createHash, webcrypto } from 'node:crypto';

import {
  base64UrlEncode,
  buildAuthorizationUrl,
  callbackUrl,
  codeChallengeS256,
  issuerHost,
  MAX_SIGN_IN_AGE_MS,
  parsePendingSignIn,
  PendingSignIn,
  randomToken,
  readCallback,
} from './oidc-flow';

const pending: PendingSignIn = {
  state: 'state-abc',
  codeVerifier: 'v'.repeat(43),
  redirectUri: 'https://dr.example.com/auth/callback',
  issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  startedAt: 1_000_000,
};

describe('PKCE encoding', () => {
  it('encodes base64url without padding', () => {
    expect(base64UrlEncode(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64UrlEncode(new Uint8Array([1]))).toBe('AQ');
  });

  it('makes the S256 challenge of the RFC 7636 example', async () => {
    // RFC 7636, appendix B.
    const challenge = await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');

    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes the same challenge as Node for a random verifier', async () => {
    const verifier = randomToken(webcrypto as unknown as Crypto);

    expect(await codeChallengeS256(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('makes 43-character random tokens that differ', () => {
    const first = randomToken();
    const second = randomToken();

    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
  });
});

describe(buildAuthorizationUrl.name, () => {
  it('sets every parameter of the authorization request', () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizationEndpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
        clientId: 'client-1',
        redirectUri: 'https://dr.example.com/auth/callback',
        scopes: ['openid', 'email', 'profile'],
        state: 'state-abc',
        codeChallenge: 'challenge-xyz',
      }),
    );

    expect(url.origin + url.pathname).toBe(
      'https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://dr.example.com/auth/callback',
      scope: 'openid email profile',
      state: 'state-abc',
      code_challenge: 'challenge-xyz',
      code_challenge_method: 'S256',
    });
  });

  it('keeps parameters already on the endpoint', () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizationEndpoint: 'https://idp.example.com/authorize?tenant=dr',
        clientId: 'client-1',
        redirectUri: 'https://dr.example.com/auth/callback',
        scopes: ['openid'],
        state: 's',
        codeChallenge: 'c',
      }),
    );

    expect(url.searchParams.get('tenant')).toBe('dr');
    expect(url.searchParams.get('client_id')).toBe('client-1');
  });
});

describe('callback helpers', () => {
  it('builds the callback URL on an origin', () => {
    expect(callbackUrl('https://dr.example.com')).toBe('https://dr.example.com/auth/callback');
    expect(callbackUrl('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/auth/callback');
  });

  it('names the issuer by its host', () => {
    expect(issuerHost(pending.issuer)).toBe('cognito-idp.us-east-1.amazonaws.com');
    expect(issuerHost('not a url')).toBe('not a url');
  });

  it('reads back a stored pending sign-in', () => {
    expect(parsePendingSignIn(JSON.stringify(pending))).toEqual(pending);
  });

  it.each([
    ['nothing stored', null],
    ['no JSON', '{'],
    ['a missing verifier', JSON.stringify({ ...pending, codeVerifier: undefined })],
    ['a start time as text', JSON.stringify({ ...pending, startedAt: 'yesterday' })],
  ])('rejects a stored pending sign-in with %s', (_case, raw) => {
    expect(parsePendingSignIn(raw)).toBeNull();
  });
});

describe(readCallback.name, () => {
  const now = pending.startedAt + 5_000;

  it('returns the code with the stored verifier when the state matches', () => {
    expect(readCallback('?code=code-1&state=state-abc', pending, now)).toEqual({
      kind: 'code',
      code: 'code-1',
      codeVerifier: pending.codeVerifier,
      redirectUri: pending.redirectUri,
    });
  });

  it('reports the error and description of the provider', () => {
    const result = readCallback(
      '?error=access_denied&error_description=User+cancelled&state=state-abc',
      pending,
      now,
    );

    expect(result).toEqual({
      kind: 'error',
      message: 'The identity provider returned "access_denied": User cancelled.',
    });
  });

  it('shortens a long error description', () => {
    const result = readCallback(`?error=server_error&error_description=${'x'.repeat(1_000)}`, pending, now);

    expect(result.kind).toBe('error');
    const message = result.kind === 'error' ? result.message : '';
    expect(message.length).toBeLessThan(400);
  });

  it.each([
    ['a different state', '?code=code-1&state=other', pending, /state mismatch/],
    ['no state', '?code=code-1', pending, /state mismatch/],
    ['no code', '?state=state-abc', pending, /no authorization code/],
    ['no pending sign-in', '?code=code-1&state=state-abc', null, /did not start a sign-in/],
  ])('rejects a callback with %s', (_case, search, stored, message) => {
    const result = readCallback(search, stored, now);

    expect(result.kind).toBe('error');
    expect(result.kind === 'error' ? result.message : '').toMatch(message);
  });

  it('rejects a sign-in older than 10 minutes', () => {
    const result = readCallback(
      '?code=code-1&state=state-abc',
      pending,
      pending.startedAt + MAX_SIGN_IN_AGE_MS + 1,
    );

    expect(result).toEqual({
      kind: 'error',
      message: 'The sign-in took longer than 10 minutes. Start the sign-in again.',
    });
  });
});
