import { Inject, Injectable, Logger } from '@nestjs/common';

import { APP_CONFIG, AppConfig, OidcSettings } from '@drs/config';

/** Discovery and token requests give up after this long, so a hung provider cannot hold a sign-in. */
const PROVIDER_TIMEOUT_MS = 5_000;
/** After a failed discovery, requests within this time get the same error instead of waiting again. */
const DISCOVERY_RETRY_AFTER_MS = 10_000;
/** Maximum length of provider error text passed on to the caller and the log. */
const MAX_PROVIDER_TEXT_LENGTH = 300;

/** The endpoints of an OpenID Connect Discovery document (OpenID Connect Discovery 1.0, section 3). */
export interface OidcEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

/** The provider could not be reached or sent a response that is not usable; retrying later may help. */
export class OidcProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcProviderUnavailableError';
  }
}

/** The token endpoint rejected the grant with an OAuth error (RFC 6749, section 5.2), such as `invalid_grant`. */
export class OidcGrantRejectedError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | null,
  ) {
    super(`the identity provider rejected the code: ${error}${description ? ` (${description})` : ''}`);
    this.name = 'OidcGrantRejectedError';
  }
}

export interface CodeExchange {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

function shortText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_PROVIDER_TEXT_LENGTH) : null;
}

/** Returns whether `value` is an absolute URL that may be used with an issuer of `issuerProtocol`. */
function isEndpointUrl(value: unknown, issuerProtocol: string): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  try {
    const protocol = new URL(value).protocol;
    // An http issuer is a local test provider; an https issuer must not send the code over http.
    return protocol === 'https:' || (protocol === 'http:' && issuerProtocol === 'http:');
  } catch {
    return false;
  }
}

/**
 * Talks to the configured OpenID Connect provider on behalf of the dashboard: reads its discovery
 * document once and redeems authorization codes at its token endpoint. Neither the code, the PKCE
 * verifier, the client secret nor a token is ever logged.
 */
@Injectable()
export class OidcProviderClient {
  private readonly logger = new Logger(OidcProviderClient.name);
  private endpoints: Promise<OidcEndpoints> | null = null;
  private lastFailure: { at: number; error: OidcProviderUnavailableError } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcSettings | undefined {
    return this.config.auth.oidc;
  }

  /**
   * Returns the provider's endpoints from `<issuer>/.well-known/openid-configuration`, fetched on
   * first use and kept for the life of the process. A failure is kept for a few seconds only.
   */
  async discover(): Promise<OidcEndpoints> {
    const settings = this.requireSettings();
    if (this.lastFailure && Date.now() - this.lastFailure.at < DISCOVERY_RETRY_AFTER_MS) {
      throw this.lastFailure.error;
    }
    if (!this.endpoints) {
      this.endpoints = this.fetchDiscoveryDocument(settings);
      this.endpoints.then(
        () => (this.lastFailure = null),
        (error: OidcProviderUnavailableError) => {
          this.endpoints = null;
          this.lastFailure = { at: Date.now(), error };
        },
      );
    }

    return this.endpoints;
  }

  /** Redeems an authorization code with its PKCE verifier and returns the ID token. */
  async exchangeCode(exchange: CodeExchange): Promise<string> {
    const settings = this.requireSettings();
    const { tokenEndpoint } = await this.discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: exchange.code,
      redirect_uri: exchange.redirectUri,
      client_id: settings.clientId,
      code_verifier: exchange.codeVerifier,
    });
    // NOTE: the secret goes in the body (client_secret_post), which Amazon Cognito accepts; a
    // provider that only supports client_secret_basic needs the Authorization header instead.
    if (settings.clientSecret !== undefined) {
      form.set('client_secret', settings.clientSecret);
    }

    const body = await this.postForm(tokenEndpoint, form);
    const idToken = body.id_token;
    if (typeof idToken !== 'string' || idToken === '') {
      throw new OidcProviderUnavailableError(
        `the token endpoint ${tokenEndpoint} returned no id_token; check that the app client allows the "openid" scope`,
      );
    }

    return idToken;
  }

  private requireSettings(): OidcSettings {
    const settings = this.config.auth.oidc;
    if (!settings) {
      throw new Error('OidcProviderClient used without AUTH_OIDC_ISSUER');
    }

    return settings;
  }

  private async fetchDiscoveryDocument(settings: OidcSettings): Promise<OidcEndpoints> {
    const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: Record<string, unknown>;
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      document = (await response.json()) as Record<string, unknown>;
    } catch (error) {
      const message = `the discovery document ${url} could not be read: ${(error as Error).message}`;
      this.logger.warn(`OpenID Connect sign-in is unavailable: ${message}`);
      throw new OidcProviderUnavailableError(message);
    }

    const issuerProtocol = new URL(settings.issuer).protocol;
    const problems: string[] = [];
    // The discovery spec requires the document's issuer to equal the configured one exactly.
    if (document.issuer !== settings.issuer) {
      problems.push(`its issuer is "${shortText(document.issuer)}", not "${settings.issuer}"`);
    }
    if (!isEndpointUrl(document.authorization_endpoint, issuerProtocol)) {
      problems.push('authorization_endpoint is missing or not an https URL');
    }
    if (!isEndpointUrl(document.token_endpoint, issuerProtocol)) {
      problems.push('token_endpoint is missing or not an https URL');
    }
    if (problems.length > 0) {
      const message = `the discovery document ${url} is not usable: ${problems.join('; ')}`;
      this.logger.warn(`OpenID Connect sign-in is unavailable: ${message}`);
      throw new OidcProviderUnavailableError(message);
    }
    this.logger.log(`read the discovery document of OpenID Connect issuer ${settings.issuer}`);

    return {
      authorizationEndpoint: document.authorization_endpoint as string,
      tokenEndpoint: document.token_endpoint as string,
    };
  }

  private async postForm(url: string, form: URLSearchParams): Promise<Record<string, unknown>> {
    let response: Response;
    let body: Record<string, unknown> | null = null;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    } catch (error) {
      throw new OidcProviderUnavailableError(
        `the token endpoint ${url} could not be reached: ${(error as Error).message}`,
      );
    }

    // RFC 6749 section 5.2: a rejected grant is a 400 (or 401 for client authentication) with `error`.
    const oauthError = shortText(body?.error);
    if ((response.status === 400 || response.status === 401) && oauthError !== null) {
      throw new OidcGrantRejectedError(oauthError, shortText(body?.error_description));
    }
    if (!response.ok || body === null) {
      throw new OidcProviderUnavailableError(
        `the token endpoint ${url} returned HTTP ${response.status}${body === null ? ' without a JSON body' : ''}`,
      );
    }

    return body;
  }
}
