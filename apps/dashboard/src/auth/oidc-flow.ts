/**
 * Pure steps of the sign-in through an OpenID Connect provider (authorization code with PKCE,
 * RFC 7636): making the verifier, challenge and state, building the authorization URL, and
 * checking the redirect back to the callback. The browser glue is in oidc-sign-in.tsx and
 * oidc-callback-page.tsx.
 */

/** The dashboard route that the provider redirects to; the gateway accepts only this path. */
export const OIDC_CALLBACK_PATH = '/auth/callback';

/** A sign-in that began longer ago than this is not completed, so a stale tab cannot finish it. */
export const MAX_SIGN_IN_AGE_MS = 10 * 60 * 1000;

/** Maximum length of the provider's `error` and `error_description` shown to the user. */
const MAX_PROVIDER_TEXT_LENGTH = 300;

/** Sign-in data that the button stores before leaving for the provider and the callback reads back. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  redirectUri: string;
  /** The issuer, to name the provider in messages on the way back. */
  issuer: string;
  /** Epoch milliseconds. */
  startedAt: number;
}

export type CallbackResult =
  | { kind: 'code'; code: string; codeVerifier: string; redirectUri: string }
  | { kind: 'error'; message: string };

/** Base64url without padding (RFC 4648, section 5), as PKCE and `state` use it. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }

  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes as 43 base64url characters: a PKCE code verifier, or an unguessable `state`. */
export function randomToken(cryptoApi: Crypto = globalThis.crypto): string {
  return base64UrlEncode(cryptoApi.getRandomValues(new Uint8Array(32)));
}

/** Computes the S256 code challenge of a verifier: base64url(SHA-256(ASCII verifier)). */
export async function codeChallengeS256(
  verifier: string,
  cryptoApi: Crypto = globalThis.crypto,
): Promise<string> {
  const digest = await cryptoApi.subtle.digest('SHA-256', new TextEncoder().encode(verifier));

  return base64UrlEncode(new Uint8Array(digest));
}

/** The callback URL on the dashboard's origin, such as `https://dr.example.com/auth/callback`. */
export function callbackUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`;
}

/** Returns the issuer's host, which names the provider on the button, or the whole issuer when it is not a URL. */
export function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

export interface AuthorizationRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
}

/** Builds the URL that starts the sign-in at the provider, keeping parameters already on the endpoint. */
export function buildAuthorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', request.scopes.join(' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('code_challenge', request.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');

  return url.toString();
}

/** Reads a stored pending sign-in, or returns null when it is missing or not of the stored shape. */
export function parsePendingSignIn(raw: string | null): PendingSignIn | null {
  if (raw === null) {
    return null;
  }
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    const strings = [value.state, value.codeVerifier, value.redirectUri, value.issuer];
    if (
      strings.some((field) => typeof field !== 'string' || field === '') ||
      typeof value.startedAt !== 'number'
    ) {
      return null;
    }

    return value as PendingSignIn;
  } catch {
    return null;
  }
}

function shortText(value: string): string {
  return value.length > MAX_PROVIDER_TEXT_LENGTH ? `${value.slice(0, MAX_PROVIDER_TEXT_LENGTH)}…` : value;
}

/**
 * Checks the query of the redirect to the callback against the sign-in this tab started, and
 * returns the code to redeem or the message to show. `state` must equal the stored one, because
 * otherwise another site could make this tab complete a sign-in that it started (login CSRF).
 */
export function readCallback(search: string, pending: PendingSignIn | null, now: number): CallbackResult {
  const query = new URLSearchParams(search);
  const error = query.get('error');
  if (error !== null) {
    const description = query.get('error_description');
    return {
      kind: 'error',
      message: `The identity provider returned "${shortText(error)}"${description ? `: ${shortText(description)}` : ''}.`,
    };
  }

  const code = query.get('code');
  const state = query.get('state');
  if (code === null || code === '') {
    return {
      kind: 'error',
      message: 'The response of the identity provider has no authorization code. Start the sign-in again.',
    };
  }
  if (pending === null) {
    return {
      kind: 'error',
      message: 'This tab did not start a sign-in, or it was already completed. Start the sign-in again.',
    };
  }
  if (state !== pending.state) {
    return {
      kind: 'error',
      message:
        'The response of the identity provider does not belong to the sign-in of this tab (state mismatch). Start the sign-in again.',
    };
  }
  if (now - pending.startedAt > MAX_SIGN_IN_AGE_MS) {
    return { kind: 'error', message: 'The sign-in took longer than 10 minutes. Start the sign-in again.' };
  }

  return { kind: 'code', code, codeVerifier: pending.codeVerifier, redirectUri: pending.redirectUri };
}
