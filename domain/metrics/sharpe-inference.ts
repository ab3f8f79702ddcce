/**
 * How sure a Sharpe ratio is, for returns that are not normal. `sr` is the PER-PERIOD (or per-trade)
 * Sharpe ratio, NOT annualised; `n` the number of returns it came from; `skew` and `kurt` the
 * population skewness and NON-excess kurtosis of those returns (moments.ts). NaN when undefined.
 *
 * ONE standard error, used by the interval and the PSR alike (Bailey & López de Prado 2012, "The
 * Sharpe Ratio Efficient Frontier", Journal of Risk 15(2), the paper that defines the PSR):
 *   V  = 1 − skew·sr + (kurt − 1)/4 · sr²   (Mertens' 2002 variance; 1 + sr²/2 for normal returns)
 *   SE = sqrt(V / (n − 1))                  NaN for n < 2
 * Mertens (and Lo, for normal returns) divide V by n; Bailey & López de Prado divide by n − 1. The
 * two agree as n grows; n − 1 is kept because the PSR is theirs (so the PSR stays the published
 * statistic), it is the more cautious of the two (wider, by a factor sqrt(n/(n − 1))) on the short
 * burn-in samples Keel judges, and it gives one number: PSR(sr*) = Φ((sr − sr*) / SE), so the lower
 * bound of the two-sided interval at confidence c is exactly the sr* with PSR = (1 + c)/2.
 * - `sharpeStandardError(sr, n, skew, kurt)` = sqrt(V / (n − 1)).
 * - `sharpeConfidenceInterval(sr, n, skew, kurt, confidence = 0.95)` = sr ± z·SE with
 *   z = Φ⁻¹((1 + confidence) / 2), a two-sided interval.
 * - `observationsForIntervalWidth(sr, skew, kurt, width, confidence = 0.95)`: the least n at which
 *   the full interval width 2·z·SE is at most `width`: ceil(4 z² V / width²) + 1.
 * - `furtherObservationsNeeded(n, sr, skew, kurt, width, confidence = 0.95)`: max(0, that − n).
 * - `probabilisticSharpeRatio(sr, benchmarkSr, n, skew, kurt)`: the probability that the true
 *   Sharpe ratio exceeds `benchmarkSr`, PSR = Φ((sr − benchmarkSr) / SE), in [0, 1]. NaN for n < 2.
 *   Because V grows with sr, PSR against benchmark 0 rises with sr only while skew·sr < 2 (always,
 *   for realistic per-trade Sharpe ratios below 1).
 *
 * Population moments always satisfy kurt ≥ 1 + skew², so V ≥ (1 − skew·sr/2)² ≥ 0; a negative V can
 * only come from inconsistent inputs and gives NaN.
 */
import { inverseNormalCdf, normalCdf } from './normal.js';

export interface SharpeInterval {
  lower: number;
  upper: number;
  standardError: number;
}

/** Mertens' V; NaN for non-finite inputs or a negative result. */
export function sharpeEstimatorVariance(sr: number, skew: number, kurt: number): number {
  const variance = 1 - skew * sr + ((kurt - 1) / 4) * sr * sr;
  return Number.isFinite(variance) && variance >= 0 ? variance : NaN;
}

/** z of a two-sided interval: Φ⁻¹((1 + confidence) / 2). */
function twoSidedZ(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return inverseNormalCdf((1 + confidence) / 2);
}

/** The one standard error of the Sharpe ratio: sqrt(V / (n − 1)); NaN for n < 2. */
export function sharpeStandardError(sr: number, n: number, skew: number, kurt: number): number {
  if (!(n >= 2)) return NaN;
  return Math.sqrt(sharpeEstimatorVariance(sr, skew, kurt) / (n - 1));
}

export function sharpeConfidenceInterval(
  sr: number,
  n: number,
  skew: number,
  kurt: number,
  confidence = 0.95,
): SharpeInterval {
  const z = twoSidedZ(confidence);
  const standardError = sharpeStandardError(sr, n, skew, kurt);
  return { lower: sr - z * standardError, upper: sr + z * standardError, standardError };
}

export function observationsForIntervalWidth(
  sr: number,
  skew: number,
  kurt: number,
  width: number,
  confidence = 0.95,
): number {
  if (!(Number.isFinite(width) && width > 0))
    throw new RangeError(`width must be a finite positive number, got ${width}`);
  const z = twoSidedZ(confidence);
  // 2·z·sqrt(V / (n − 1)) ≤ width  ⇔  n − 1 ≥ 4 z² V / width².
  return Math.ceil((4 * z * z * sharpeEstimatorVariance(sr, skew, kurt)) / (width * width)) + 1;
}

export function furtherObservationsNeeded(
  n: number,
  sr: number,
  skew: number,
  kurt: number,
  width: number,
  confidence = 0.95,
): number {
  return Math.max(0, observationsForIntervalWidth(sr, skew, kurt, width, confidence) - n);
}

export function probabilisticSharpeRatio(
  sr: number,
  benchmarkSr: number,
  n: number,
  skew: number,
  kurt: number,
): number {
  return normalCdf((sr - benchmarkSr) / sharpeStandardError(sr, n, skew, kurt));
}
