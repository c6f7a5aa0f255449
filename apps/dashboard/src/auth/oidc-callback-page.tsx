import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import StatusIndicator from '@cloudscape-design/components/status-indicator';

import type { OidcTokenRequest, SignInResponse } from '../api/resources';
import { issuerHost, OIDC_CALLBACK_PATH, readCallback } from './oidc-flow';
import { takePendingSignIn } from './pending-sign-in-storage';
import { useSession } from './session';
import { SignInPage } from './sign-in-page';

interface Failure {
  providerName: string;
  message: string;
}

/**
 * Renders the page at /auth/callback, where the OpenID Connect provider sends the browser back with a
 * code or an error. It checks `state`, has the gateway redeem the code, starts the session and
 * goes to the overview. On failure it shows the reason above the sign-in form.
 */
export function OidcCallbackPage() {
  const { api, adoptToken } = useSession();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [providerName, setProviderName] = useState('the identity provider');
  const [failure, setFailure] = useState<Failure | null>(null);
  // React's StrictMode runs effects twice in development, but the code may be redeemed once only.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) {
      return;
    }
    started.current = true;

    const pending = takePendingSignIn();
    const name = pending ? issuerHost(pending.issuer) : 'the identity provider';
    setProviderName(name);
    const result = readCallback(search, pending, Date.now());
    // The code is single-use, so it is dropped from the address bar, history and reloads.
    navigate(OIDC_CALLBACK_PATH, { replace: true });
    if (result.kind === 'error') {
      setFailure({ providerName: name, message: result.message });
      return;
    }

    const request: OidcTokenRequest = {
      code: result.code,
      codeVerifier: result.codeVerifier,
      redirectUri: result.redirectUri,
    };
    api
      .post<SignInResponse>('/auth/oidc/token', request)
      .then((response) => adoptToken(response.accessToken))
      .then(() => navigate('/', { replace: true }))
      .catch((error: Error) => setFailure({ providerName: name, message: error.message }));
  }, [api, adoptToken, navigate, search]);

  if (failure === null) {
    return (
      <Box padding={{ top: 'xxxl', horizontal: 'l' }} textAlign="center">
        <StatusIndicator type="loading">Signing in with {providerName}…</StatusIndicator>
      </Box>
    );
  }

  return (
    <>
      <Box padding={{ top: 'xxl', horizontal: 'l' }}>
        <div style={{ maxWidth: 420, margin: '0 auto' }} data-testid="oidc-sign-in-error">
          <Alert type="error" header={`Sign-in with ${failure.providerName} failed`}>
            {failure.message}
          </Alert>
        </div>
      </Box>
      <SignInPage />
    </>
  );
}
