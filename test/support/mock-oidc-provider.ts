import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';

/** Claims of the ID token that the next code of the provider yields, like those of Amazon Cognito. */
export interface MockUser {
  subject: string;
  username: string;
  groups: string[];
  /** `aud` of the ID token; the requesting client id when absent. */
  audience?: string;
}

/** What the authorization endpoint bound a code to, checked again at the token endpoint. */
interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: MockUser;
}

/** One request the token endpoint received, as form fields. */
export type TokenRequest = Record<string, string>;

/**
 * A stand-in OpenID Connect provider on a loopback port, with Cognito's claim names. It serves a
 * discovery document and a JWKS, an authorization endpoint that redirects straight back with a
 * code (no login form), and a token endpoint that checks the PKCE verifier against the challenge.
 */
export interface MockOidcProvider {
  issuer: string;
  jwksUrl: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Every request the token endpoint received, oldest first. */
  tokenRequests: TokenRequest[];
  /** Claims of the user whom the authorization endpoint signs in next. */
  user: MockUser;
  /** The HTTP status the token endpoint returns instead of working, or null to work normally. */
  tokenEndpointFailure: number | null;
  close(): Promise<void>;
}

function base64UrlSha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readForm(request: IncomingMessage): Promise<TokenRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

export async function startMockOidcProvider(options: { clientId: string }): Promise<MockOidcProvider> {
  const keys = await generateKeyPair('RS256');
  const jwks = {
    keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'mock-key', alg: 'RS256', use: 'sig' }],
  };
  const codes = new Map<string, PendingCode>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/pool`;

  const provider: MockOidcProvider = {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    authorizationEndpoint: `${issuer}/oauth2/authorize`,
    tokenEndpoint: `${issuer}/oauth2/token`,
    tokenRequests: [],
    user: { subject: 'mock-user-1', username: 'carol', groups: ['DrsOperators'] },
    tokenEndpointFailure: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const authorize = (url: URL, response: ServerResponse): void => {
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const problems = [
      query.get('response_type') !== 'code' && 'response_type must be code',
      query.get('client_id') !== options.clientId && 'unknown client_id',
      query.get('code_challenge_method') !== 'S256' && 'code_challenge_method must be S256',
      !/^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '') && 'code_challenge is missing',
      !(query.get('scope') ?? '').split(' ').includes('openid') && 'scope must contain openid',
      !redirectUri.startsWith('http') && 'redirect_uri is missing',
    ].filter((problem): problem is string => typeof problem === 'string');
    if (problems.length > 0) {
      sendJson(response, 400, { error: 'invalid_request', error_description: problems.join('; ') });
      return;
    }

    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      clientId: options.clientId,
      redirectUri,
      codeChallenge: query.get('code_challenge') as string,
      user: { ...provider.user },
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) {
      target.searchParams.set('state', state);
    }
    response.writeHead(302, { location: target.toString() }).end();
  };

  const token = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const form = await readForm(request);
    provider.tokenRequests.push(form);
    if (provider.tokenEndpointFailure !== null) {
      response.writeHead(provider.tokenEndpointFailure, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    const pending = codes.get(form.code ?? '');
    // A code is single-use, as RFC 6749 section 4.1.2 requires.
    codes.delete(form.code ?? '');
    const invalidGrant = (description: string) =>
      sendJson(response, 400, { error: 'invalid_grant', error_description: description });
    if (form.grant_type !== 'authorization_code') {
      sendJson(response, 400, { error: 'unsupported_grant_type' });
      return;
    }
    if (!pending) {
      invalidGrant('unknown or used code');
      return;
    }
    if (form.client_id !== pending.clientId) {
      sendJson(response, 401, { error: 'invalid_client' });
      return;
    }
    if (form.redirect_uri !== pending.redirectUri) {
      invalidGrant('redirect_uri differs from the authorization request');
      return;
    }
    if (base64UrlSha256(form.code_verifier ?? '') !== pending.codeChallenge) {
      invalidGrant('code_verifier does not match code_challenge');
      return;
    }

    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      'cognito:groups': pending.user.groups,
      'cognito:username': pending.user.username,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'mock-key' })
      .setIssuer(issuer)
      .setAudience(pending.user.audience ?? pending.clientId)
      .setSubject(pending.user.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + 3_600)
      .sign(keys.privateKey as KeyLike);
    sendJson(response, 200, {
      id_token: idToken,
      access_token: randomBytes(16).toString('base64url'),
      token_type: 'Bearer',
      expires_in: 3_600,
    });
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /pool/.well-known/openid-configuration') {
      sendJson(response, 200, {
        issuer,
        authorization_endpoint: provider.authorizationEndpoint,
        token_endpoint: provider.tokenEndpoint,
        jwks_uri: provider.jwksUrl,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    } else if (route === 'GET /pool/.well-known/jwks.json') {
      sendJson(response, 200, jwks);
    } else if (route === 'GET /pool/oauth2/authorize') {
      authorize(url, response);
    } else if (route === 'POST /pool/oauth2/token') {
      token(request, response).catch((error: Error) => sendJson(response, 500, { error: error.message }));
    } else {
      sendJson(response, 404, { error: 'not_found' });
    }
  });

  return provider;
}

/** Creates a PKCE verifier and its S256 challenge as RFC 7636, section 4, describes. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');

  return { verifier, challenge: base64UrlSha256(verifier) };
}
