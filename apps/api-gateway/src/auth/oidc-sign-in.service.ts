import { Injectable, Logger } from '@nestjs/common';

import { Caller, IssuerUnavailableError, TokenRejectedError, TokenVerifier } from '@drs/auth';
import { DomainError, ErrorCode } from '@drs/domain';

import type { AuditContext } from '../common/request-context';
import { validationFailed } from '../common/validation';
import { RateLimiter, RateLimitScope, rateLimited } from '../security/rate-limiter';
import { OidcTokenInput, SignInProvidersResponse, SignInResponse } from './auth.dto';
import {
  OidcGrantRejectedError,
  OidcProviderClient,
  OidcProviderUnavailableError,
} from './oidc-provider.client';
import { redirectUriProblem, RequestOrigin } from './oidc-redirect-uri';

/** OAuth errors that blame the gateway's client settings rather than the user's code. */
const CLIENT_CONFIGURATION_ERRORS = new Set(['invalid_client', 'unauthorized_client']);

export interface OidcSignInContext {
  /** Client address, for the sign-in rate limit and the log. */
  address: string;
  origin: RequestOrigin;
  /** The request's audit record, which gets the user's name once the ID token is verified. */
  audit?: AuditContext;
}

function providerUnavailable(issuer: string, reason: string): DomainError {
  return new DomainError(
    ErrorCode.ServiceUnavailable,
    `Sign-in with ${issuer} is unavailable: ${reason}. Retry shortly or sign in with a name and password.`,
    { issuer },
  );
}

/**
 * Sign-in through the configured OpenID Connect provider (authorization code with PKCE). The
 * dashboard sends the code it received, and the gateway redeems it. The ID token is checked with
 * the same verifier as every bearer token, so it serves as the access token.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);

  constructor(
    private readonly provider: OidcProviderClient,
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** Lists the sign-in methods for the sign-in page; a provider that is down is listed with `error` set. */
  async providers(): Promise<SignInProvidersResponse> {
    const settings = this.provider.settings;
    if (!settings) {
      return { local: true, oidc: null };
    }

    const described = {
      issuer: settings.issuer,
      clientId: settings.clientId,
      scopes: settings.scopes,
    };
    try {
      const endpoints = await this.provider.discover();

      return {
        local: true,
        oidc: { ...described, authorizationEndpoint: endpoints.authorizationEndpoint, error: null },
      };
    } catch (error) {
      if (!(error instanceof OidcProviderUnavailableError)) {
        throw error;
      }

      return { local: true, oidc: { ...described, authorizationEndpoint: null, error: error.message } };
    }
  }

  /** Redeems the code, verifies the ID token and returns it as the access token. */
  async signIn(input: OidcTokenInput, context: OidcSignInContext): Promise<SignInResponse> {
    const settings = this.provider.settings;
    if (!settings) {
      throw new DomainError(
        ErrorCode.NotFound,
        'No OpenID Connect provider is configured; set AUTH_OIDC_ISSUER to offer this sign-in',
      );
    }
    const problem = redirectUriProblem(input.redirectUri, context.origin);
    if (problem !== null) {
      this.logger.warn(`OpenID Connect sign-in from ${context.address} rejected: ${problem}`);
      throw validationFailed([{ field: 'redirectUri', errors: [problem] }]);
    }
    const decision = await this.rateLimiter.consume(RateLimitScope.SignIn, context.address);
    if (!decision.allowed) {
      throw rateLimited(RateLimitScope.SignIn, decision);
    }

    const idToken = await this.redeem(input, settings.issuer, context.address);
    const caller = await this.verify(idToken, settings.issuer, context.address);
    if (context.audit) {
      context.audit.claimedActor = caller.name.slice(0, 64);
      context.audit.targetId = caller.name.slice(0, 64);
      context.audit.details.issuer = caller.issuer;
    }
    if (caller.role === null) {
      this.logger.warn(
        `OpenID Connect sign-in of ${caller.name} from ${context.address} rejected: no group in claim ${settings.rolesClaim} maps to a role`,
      );
      throw new DomainError(
        ErrorCode.Forbidden,
        `${caller.name} signed in at ${settings.issuer} but has no role here: none of the values of claim ${settings.rolesClaim} maps to a role. Ask an administrator to add you to a group that AUTH_OIDC_ROLE_MAP lists.`,
        { issuer: settings.issuer, rolesClaim: settings.rolesClaim },
      );
    }

    this.logger.log(
      `user ${caller.name} (${caller.role}) signed in through ${caller.issuer} from ${context.address}`,
    );

    return {
      accessToken: idToken,
      tokenType: 'Bearer',
      expiresInSeconds: Math.max(0, Math.floor((caller.expiresAt.getTime() - Date.now()) / 1000)),
      role: caller.role,
    };
  }

  private async redeem(input: OidcTokenInput, issuer: string, address: string): Promise<string> {
    try {
      return await this.provider.exchangeCode(input);
    } catch (error) {
      if (error instanceof OidcGrantRejectedError) {
        this.logger.warn(`OpenID Connect sign-in from ${address} rejected: ${error.message}`);
        if (CLIENT_CONFIGURATION_ERRORS.has(error.error)) {
          throw providerUnavailable(
            issuer,
            `the provider rejected this app client (${error.error}); check AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET`,
          );
        }
        throw new DomainError(
          ErrorCode.Unauthenticated,
          `The identity provider rejected the sign-in (${error.error}${error.description ? `: ${error.description}` : ''}). Start the sign-in again.`,
          { issuer, error: error.error },
        );
      }
      if (error instanceof OidcProviderUnavailableError) {
        this.logger.warn(`OpenID Connect sign-in from ${address} failed: ${error.message}`);
        throw providerUnavailable(issuer, error.message);
      }
      throw error;
    }
  }

  private async verify(idToken: string, issuer: string, address: string): Promise<Caller> {
    let caller: Caller;
    try {
      caller = await this.verifier.verify(idToken);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        this.logger.warn(
          `OpenID Connect sign-in from ${address} rejected: ID token rejected: ${error.reason}`,
        );
        throw new DomainError(ErrorCode.Unauthenticated, `The ID token was rejected: ${error.reason}`, {
          issuer,
        });
      }
      if (error instanceof IssuerUnavailableError) {
        this.logger.warn(`OpenID Connect sign-in from ${address} failed: ${error.message}`);
        throw providerUnavailable(issuer, 'its key set (JWKS) could not be fetched to check the ID token');
      }
      throw error;
    }
    // The verifier also trusts the local issuer; a sign-in through the provider must yield its token.
    if (caller.issuer !== issuer) {
      this.logger.warn(
        `OpenID Connect sign-in from ${address} rejected: ID token of issuer ${caller.issuer}`,
      );
      throw new DomainError(
        ErrorCode.Unauthenticated,
        `The ID token was rejected: it was issued by "${caller.issuer}", not "${issuer}"`,
        { issuer },
      );
    }

    return caller;
  }
}
