import { parsePendingSignIn, PendingSignIn } from './oidc-flow';

/** sessionStorage is per tab, so a sign-in started in one tab cannot be completed in another. */
const STORAGE_KEY = 'drs-orchestrator.oidc-sign-in';

export function storePendingSignIn(pending: PendingSignIn): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(pending));
}

/** Reads and removes the pending sign-in, so that a code can be redeemed with its verifier once only. */
export function takePendingSignIn(): PendingSignIn | null {
  const pending = parsePendingSignIn(sessionStorage.getItem(STORAGE_KEY));
  sessionStorage.removeItem(STORAGE_KEY);

  return pending;
}
