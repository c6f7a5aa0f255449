/** The gateway rejects a run-control reason longer than this (ControlReasonInput). */
export const MAX_REASON_LENGTH = 500;

/** Builds the request body of a run-control call, adding the reason only when one was typed. */
export function withReason<T extends object>(body: T, reason: string): T & { reason?: string } {
  const trimmed = reason.trim();
  return trimmed === '' ? body : { ...body, reason: trimmed };
}
