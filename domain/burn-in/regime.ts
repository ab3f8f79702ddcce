/**
 * Regime tags put on every trade, so results can be sliced by the conditions they were made in.
 * Buckets are fixed (not fitted to the run), so two runs' slices compare.
 */

/** Annualised realized volatility at entry: below 40 % low, below 80 % mid, else high. */
export function volatilityBucket(annualisedVolatility: number | null | undefined): string {
  if (
    annualisedVolatility === null ||
    annualisedVolatility === undefined ||
    !Number.isFinite(annualisedVolatility)
  )
    return 'unknown';
  if (annualisedVolatility < 0.4) return 'low';
  if (annualisedVolatility < 0.8) return 'mid';
  return 'high';
}

/** Time from entry to a binary market's resolution: under a day, one to seven days, longer. */
export function timeToResolutionBucket(entryTime: number, resolutionTime: number | null): string {
  if (resolutionTime === null) return 'n/a';
  const days = (resolutionTime - entryTime) / 86_400_000;
  if (days < 1) return '<1d';
  if (days <= 7) return '1-7d';
  return '>7d';
}

export interface RegimeTags {
  volatility: string;
  category: string;
  timeToResolution: string;
}

export function regimeTags(input: {
  realizedVolatility: number | null;
  category: string | null;
  entryTime: number;
  resolutionTime: number | null;
}): RegimeTags {
  return {
    volatility: volatilityBucket(input.realizedVolatility),
    category: input.category ?? 'spot',
    timeToResolution: timeToResolutionBucket(input.entryTime, input.resolutionTime),
  };
}
