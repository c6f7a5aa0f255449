import { FailurePolicy, WaveStatus } from './statuses';

export interface WavePolicy {
  failurePolicy: FailurePolicy;
  /** Share of the wave's servers, in percent, that must launch for the wave to pass. */
  minSuccessPercent: number;
  /** Servers whose failure never fails the wave on its own; every other server is critical. */
  optionalServerIds: string[];
}

export const DEFAULT_WAVE_POLICY: WavePolicy = {
  failurePolicy: FailurePolicy.Halt,
  minSuccessPercent: 100,
  optionalServerIds: [],
};

export interface WaveOutcome {
  status: WaveStatus.Succeeded | WaveStatus.Partial | WaveStatus.Failed;
  launched: number;
  failed: number;
  criticalFailed: string[];
  /** Why the wave failed, in words, or null. */
  reason: string | null;
}

/**
 * Judges a wave whose servers are all final. It passes when no critical server failed and the
 * launched share reaches the minimum; a pass with failures is PARTIAL.
 */
export function judgeWave(
  servers: Array<{ sourceServerId: string; launched: boolean }>,
  policy: WavePolicy,
): WaveOutcome {
  const optional = new Set(policy.optionalServerIds);
  const failedServers = servers.filter((server) => !server.launched);
  const launched = servers.length - failedServers.length;
  const criticalFailed = failedServers
    .filter((server) => !optional.has(server.sourceServerId))
    .map((server) => server.sourceServerId);
  const sharePercent = servers.length === 0 ? 100 : (launched / servers.length) * 100;

  const reasons: string[] = [];
  if (criticalFailed.length > 0) {
    reasons.push(
      `${criticalFailed.length} critical server(s) failed: ${criticalFailed.slice(0, 5).join(', ')}`,
    );
  }
  if (sharePercent < policy.minSuccessPercent) {
    reasons.push(`${Math.floor(sharePercent)}% launched, below the minimum of ${policy.minSuccessPercent}%`);
  }
  if (reasons.length > 0) {
    return {
      status: WaveStatus.Failed,
      launched,
      failed: failedServers.length,
      criticalFailed,
      reason: reasons.join('; '),
    };
  }

  return {
    status: failedServers.length === 0 ? WaveStatus.Succeeded : WaveStatus.Partial,
    launched,
    failed: failedServers.length,
    criticalFailed,
    reason: null,
  };
}

/** True when the waves that depend on a wave in this state may start. */
export function releasesDependents(status: WaveStatus, policy: FailurePolicy): boolean {
  switch (status) {
    case WaveStatus.Succeeded:
    case WaveStatus.Partial:
    case WaveStatus.Skipped:
      return true;
    case WaveStatus.Failed:
      return policy === FailurePolicy.Continue;
    case WaveStatus.Pending:
    case WaveStatus.Running:
    case WaveStatus.Cancelled:
      return false;
  }
}
