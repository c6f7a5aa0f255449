/** The dashboard's route that receives the provider's redirect after sign-in. */
export const OIDC_CALLBACK_PATH = '/auth/callback';

/** The origin a request reached, as Express reads it (honouring X-Forwarded-* when proxies are trusted). */
export interface RequestOrigin {
  /** `http` or `https`, without the colon. */
  protocol: string;
  /** Host name with an optional port, such as `dr.example.com` or `127.0.0.1:3000`. */
  host: string;
}

/**
 * Checks that `redirectUri` is the dashboard's callback on the origin this request reached, and
 * returns why not, or null when it is.
 *
 * The gateway redeems codes on the dashboard's behalf (with the client secret, when one is set).
 * Were any redirect URI accepted, it would also redeem codes issued for other callbacks registered
 * on the same app client, such as a developer's localhost or a forgotten host. The token of a flow
 * that began elsewhere would then end up in this dashboard. A query or fragment is rejected too,
 * because the provider compares the URI as a whole and a callback never carries one.
 *
 * `https` is accepted on an origin that the gateway receives as `http`, because a load balancer that
 * ends TLS in front of it hides the browser's scheme unless TRUST_PROXY_HOPS is set.
 */
export function redirectUriProblem(redirectUri: string, origin: RequestOrigin): string | null {
  const expected = `${origin.protocol}://${origin.host}${OIDC_CALLBACK_PATH}`;
  const mismatch = `redirectUri must be ${expected}, the dashboard's sign-in callback on this server`;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return mismatch;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return mismatch;
  }
  if (url.protocol === 'http:' && origin.protocol !== 'http') {
    return mismatch;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return mismatch;
  }
  // `new URL` also strips a default port and lower-cases the host, so both sides compare alike.
  if (url.host !== normalisedHost(url.protocol, origin.host) || url.pathname !== OIDC_CALLBACK_PATH) {
    return mismatch;
  }
  // A trailing "?" or "#" leaves search and hash empty, but the provider would still see it.
  if (/[?#]/.test(redirectUri)) {
    return mismatch;
  }

  return null;
}

function normalisedHost(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}
