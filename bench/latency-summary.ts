export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile of values sorted in ascending order; null for no values. */
export function percentile(sortedValues: number[], fraction: number): number | null {
  if (sortedValues.length === 0) {
    return null;
  }
  const rank = Math.ceil(fraction * sortedValues.length);

  return sortedValues[Math.min(sortedValues.length, Math.max(1, rank)) - 1];
}

export function summarizeLatencies(valuesMs: number[]): LatencySummary {
  const sorted = [...valuesMs].sort((a, b) => a - b);

  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}
