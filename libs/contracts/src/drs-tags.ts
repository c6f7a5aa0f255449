/**
 * Tags the launcher puts on every DRS job it starts. StartRecovery takes no idempotency token,
 * so these tags are how an earlier job is found again after a crash or an unknown outcome.
 */
export const DRS_TAG = {
  execution: 'drs-orchestrator:execution',
  wave: 'drs-orchestrator:wave',
  batch: 'drs-orchestrator:batch',
  attempt: 'drs-orchestrator:attempt',
} as const;
