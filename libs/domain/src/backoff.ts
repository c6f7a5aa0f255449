/**
 * Delay before retry number `attempt` (1 for the first retry): exponential from `baseMs`, capped
 * at `maxMs`, with "full jitter" so that launchers blocked by the same DRS job do not retry
 * in step. `random` returns a number in [0, 1).
 */
export function jitteredBackoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const floor = Math.min(baseMs, ceiling) / 2;

  return Math.round(floor + random() * (ceiling - floor));
}
