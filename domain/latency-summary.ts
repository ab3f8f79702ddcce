/** Summary of a set of latency samples in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Nearest-rank percentile (the smallest sample with at least p% of samples at or below it), so the
 * result is always an observed value. `p` in (0, 100].
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples is undefined');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (samples.some((sample) => !Number.isFinite(sample)))
    throw new RangeError('samples must be finite numbers');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1]!;
}

export function summariseLatencies(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    maxMs: percentile(samples, 100),
  };
}
