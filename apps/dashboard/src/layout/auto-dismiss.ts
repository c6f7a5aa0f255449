/** How long a success or info message stays before it dismisses itself. */
export const AUTO_DISMISS_MS = 10_000;

/**
 * Returns the delay in milliseconds after which a message of this type dismisses itself, or null
 * when it stays until the user dismisses it. Errors and warnings stay, so a failure is not missed.
 */
export function autoDismissDelay(type: 'success' | 'error' | 'info' | 'warning'): number | null {
  return type === 'success' || type === 'info' ? AUTO_DISMISS_MS : null;
}
