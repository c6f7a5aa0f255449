import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
  SignJWT,
} from 'jose';

import type { AuthSettings, OidcSettings } from '@drs/config';
import { highestRole, isRole, Role } from '@drs/domain';

import type { Caller } from './caller';
import { LOCAL_SIGNING_ALGORITHM, LocalKeys } from './signing-keys';

/** Claim of local tokens that lists the role; OIDC issuers use the configured claim instead. */
const LOCAL_ROLES_CLAIM = 'roles';
const LOCAL_NAME_CLAIM = 'preferred_username';
/** Clocks of the API, the status service and an OIDC provider may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 30;
const JWKS_TIMEOUT_MS = 5_000;
/** A token whose key id is unknown makes jose fetch the JWKS again, at most this often. */
const JWKS_COOLDOWN_MS = 30_000;
/** Verified tokens kept in memory; the oldest entry is dropped when a new one would exceed this. */
export const MAX_CACHED_TOKENS = 5_000;
/**
 * A cached verification is reused for at most this long, so that a key removed from an OIDC
 * provider's key set stops being accepted soon after jose fetches the new set.
 */
export const MAX_CACHED_TOKEN_AGE_MS = 60_000;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Signs a short-lived access token of the local issuer for a signed-in user. */
export async function issueAccessToken(
  keys: LocalKeys,
  settings: AuthSettings,
  user: { subject: string; name: string; role: Role },
): Promise<IssuedToken> {
  const issuedAtSeconds = Math.floor(Date.now() / 1000);
  const expiresAtSeconds = issuedAtSeconds + settings.tokenTtlSeconds;
  const token = await new SignJWT({ [LOCAL_NAME_CLAIM]: user.name, [LOCAL_ROLES_CLAIM]: [user.role] })
    .setProtectedHeader({ alg: LOCAL_SIGNING_ALGORITHM, kid: keys.signing.keyId, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(user.subject)
    .setIssuedAt(issuedAtSeconds)
    .setExpirationTime(expiresAtSeconds)
    .setJti(randomUUID())
    .sign(keys.signing.privateKey);

  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/** A token that is not accepted; `reason` is safe to log and to return, and never contains the token. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`Access token rejected: ${reason}`);
    this.name = 'TokenRejectedError';
  }
}

/** The OIDC provider's key set could not be fetched, so no token of it can be checked now. */
export class IssuerUnavailableError extends Error {
  constructor(
    readonly issuer: string,
    reason: string,
  ) {
    super(`The key set of issuer ${issuer} could not be fetched: ${reason}`);
    this.name = 'IssuerUnavailableError';
  }
}

/** Values of a roles or groups claim: a list, or one string of names separated by spaces or commas. */
function claimValues(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string');
  }
  if (typeof value === 'string') {
    return value.split(/[\s,]+/).filter((item) => item !== '');
  }

  return [];
}

function roleOf(values: string[], roleMap: Record<string, Role>): Role | null {
  const roles = values
    .map((value) => roleMap[value] ?? (isRole(value) ? value : undefined))
    .filter((role): role is Role => role !== undefined);

  return highestRole(roles);
}

/** jose error codes that blame the token; any other failure of a remote issuer is a fetch of its key set. */
const TOKEN_PROBLEM_CODES = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JOSE_NOT_SUPPORTED',
]);

/** jose error codes, which name what failed without repeating the token. */
function describeJoseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return (error as Error).message;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return "the signature does not match the issuer's key";
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return "no key of the issuer's key set (JWKS) matches the token";
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token is signed with an algorithm that is not allowed';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'the token is malformed';
    default:
      return 'the token could not be verified';
  }
}

/**
 * Copies a cached caller, its expiry date included, so that a change made by one request
 * cannot leak into the next.
 */
function copyCaller(caller: Caller): Caller {
  return { ...caller, expiresAt: new Date(caller.expiresAt.getTime()) };
}

interface TrustedIssuer {
  issuer: string;
  audience: string;
  algorithms: string[];
  keys: JWTVerifyGetKey;
  rolesClaim: string;
  nameClaim: string;
  roleMap: Record<string, Role>;
  remote: boolean;
}

interface CachedVerification {
  caller: Caller;
  /** Epoch milliseconds after which the token is verified again: its `exp` at the latest. */
  reuseUntilMs: number;
}

/**
 * Verifies bearer tokens of the local issuer and, when configured, of one OIDC provider such as
 * Amazon Cognito: signature against the issuer's key set, issuer, audience, expiry and algorithm.
 *
 * A token that passed is cached by its exact string until its `exp` (without the clock
 * tolerance) or for MAX_CACHED_TOKEN_AGE_MS, whichever comes first. A client that sends the same
 * token on every request thus pays for the signature check about once a minute. Rejected tokens
 * are not cached.
 */
export class TokenVerifier {
  private readonly issuers = new Map<string, TrustedIssuer>();
  private readonly verified = new Map<string, CachedVerification>();

  constructor(
    settings: AuthSettings,
    localKeys: LocalKeys,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.issuers.set(settings.issuer, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [LOCAL_SIGNING_ALGORITHM],
      keys: createLocalJWKSet({ keys: localKeys.publicJwks }),
      rolesClaim: LOCAL_ROLES_CLAIM,
      nameClaim: LOCAL_NAME_CLAIM,
      roleMap: {},
      remote: false,
    });
    if (settings.oidc) {
      this.issuers.set(settings.oidc.issuer, TokenVerifier.oidcIssuer(settings.oidc));
    }
  }

  private static oidcIssuer(oidc: OidcSettings): TrustedIssuer {
    return {
      issuer: oidc.issuer,
      audience: oidc.audience,
      algorithms: oidc.algorithms,
      keys: createRemoteJWKSet(new URL(oidc.jwksUrl), {
        timeoutDuration: JWKS_TIMEOUT_MS,
        cooldownDuration: JWKS_COOLDOWN_MS,
      }),
      rolesClaim: oidc.rolesClaim,
      nameClaim: oidc.usernameClaim,
      roleMap: oidc.roleMap,
      remote: true,
    };
  }

  /** Number of verified tokens kept, for tests and diagnostics. */
  get cachedTokenCount(): number {
    return this.verified.size;
  }

  async verify(token: string): Promise<Caller> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (this.now() < cached.reuseUntilMs) {
        return copyCaller(cached.caller);
      }
      this.verified.delete(token);
    }

    const caller = await this.verifyUncached(token);
    this.remember(token, caller);

    return copyCaller(caller);
  }

  private remember(token: string, caller: Caller): void {
    const reuseUntilMs = Math.min(caller.expiresAt.getTime(), this.now() + MAX_CACHED_TOKEN_AGE_MS);
    if (reuseUntilMs <= this.now()) {
      return;
    }
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      // A Map iterates in insertion order, so the first key is the oldest entry.
      const oldest = this.verified.keys().next().value as string;
      this.verified.delete(oldest);
    }
    this.verified.set(token, { caller, reuseUntilMs });
  }

  private async verifyUncached(token: string): Promise<Caller> {
    let claimedIssuer: string | undefined;
    try {
      claimedIssuer = decodeJwt(token).iss;
    } catch {
      throw new TokenRejectedError('the token is not a JWT');
    }
    const trusted = claimedIssuer === undefined ? undefined : this.issuers.get(claimedIssuer);
    if (!trusted) {
      throw new TokenRejectedError(`issuer "${String(claimedIssuer).slice(0, 200)}" is not trusted`);
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: trusted.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (trusted.remote && !TOKEN_PROBLEM_CODES.has(code)) {
        throw new IssuerUnavailableError(trusted.issuer, (error as Error).message);
      }
      throw new TokenRejectedError(describeJoseError(error));
    }

    const subject = payload.sub as string;
    const name = payload[trusted.nameClaim];

    return {
      subject,
      name: typeof name === 'string' && name !== '' ? name : subject,
      role: roleOf(claimValues(payload, trusted.rolesClaim), trusted.roleMap),
      issuer: trusted.issuer,
      expiresAt: new Date((payload.exp as number) * 1000),
    };
  }
}
