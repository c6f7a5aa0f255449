import { useEffect, useState } from 'react';

import Button from '@cloudscape-design/components/button';

import type { OidcProviderDescription, SignInProviders } from '../api/resources';
import { buildAuthorizationUrl, callbackUrl, codeChallengeS256, issuerHost, randomToken } from './oidc-flow';
import { storePendingSignIn } from './pending-sign-in-storage';
import { useSession } from './session';

/** Returns why the button cannot start a sign-in now, or null when it can. */
function unavailableReason(provider: OidcProviderDescription): string | null {
  if (provider.authorizationEndpoint === null) {
    return `The identity provider cannot be reached: ${provider.error ?? 'no reason given'}`;
  }
  // Browsers offer crypto.subtle only on https and localhost, and PKCE needs its SHA-256.
  if (!globalThis.isSecureContext || globalThis.crypto?.subtle === undefined) {
    return 'This sign-in needs the dashboard on https, because the browser offers Web Crypto only there.';
  }

  return null;
}

/**
 * Sign-in through the configured OpenID Connect provider. It renders nothing when none is configured.
 * A click stores a fresh PKCE verifier and state in sessionStorage and leaves for the provider's
 * authorization endpoint, which returns to /auth/callback (OidcCallbackPage).
 */
export function OidcSignInButton() {
  const { api } = useSession();
  const [provider, setProvider] = useState<OidcProviderDescription | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .get<SignInProviders>('/auth/providers')
      .then((providers) => {
        if (!cancelled) {
          setProvider(providers.oidc);
        }
      })
      // NOTE: when the list cannot be loaded the API is down, and the password sign-in beside
      // this button reports that on its first attempt, so the button stays hidden.
      .catch(() => undefined);

    return () => {
      cancelled = true;
    };
  }, [api]);

  if (provider === null) {
    return null;
  }

  const label = `Sign in with ${issuerHost(provider.issuer)}`;
  const reason = startError ?? unavailableReason(provider);

  async function start(endpoint: string, current: OidcProviderDescription) {
    setStarting(true);
    try {
      const codeVerifier = randomToken();
      const state = randomToken();
      const redirectUri = callbackUrl(window.location.origin);
      const codeChallenge = await codeChallengeS256(codeVerifier);
      storePendingSignIn({ state, codeVerifier, redirectUri, issuer: current.issuer, startedAt: Date.now() });
      window.location.assign(
        buildAuthorizationUrl({
          authorizationEndpoint: endpoint,
          clientId: current.clientId,
          redirectUri,
          scopes: current.scopes,
          state,
          codeChallenge,
        }),
      );
    } catch (error) {
      setStartError(`The sign-in could not be started: ${(error as Error).message}`);
      setStarting(false);
    }
  }

  return (
    <Button
      data-testid="oidc-sign-in"
      formAction="none"
      loading={starting}
      disabled={reason !== null}
      disabledReason={reason ?? undefined}
      onClick={() => {
        if (provider.authorizationEndpoint !== null) {
          void start(provider.authorizationEndpoint, provider);
        }
      }}
    >
      {label}
    </Button>
  );
}
