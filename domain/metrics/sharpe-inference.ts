/**
 * How sure a Sharpe ratio is, for returns that are not normal. `sr` is the PER-PERIOD (or per-trade)
 * Sharpe ratio, NOT annualised; `n` the number of returns it came from; `skew` and `kurt` the
 * population skewness and NON-excess kurtosis of those returns (moments.ts). NaN when undefined.
 *
 * Mertens (2002) asymptotic variance of the estimated Sharpe ratio:
 *   V = 1 − skew·sr + (kurt − 1)/4 · sr²   (1 + sr²/2 for normal returns: skew 0, kurt 3)
 * - `sharpeStandardError(sr, n, skew, kurt)` = sqrt(V / n).
 * - `sharpeConfidenceInterval(sr, n, skew, kurt, confidence = 0.95)` = sr ± z·SE with
 *   z = Φ⁻¹((1 + confidence) / 2), a two-sided interval.
 * - `observationsForIntervalWidth(sr, skew, kurt, width, confidence = 0.95)`: the n at which the
 *   full interval width 2·z·sqrt(V/n) is at most `width`: ceil(4 z² V / width²).
 * - `furtherObservationsNeeded(n, sr, skew, kurt, width, confidence = 0.95)`: max(0, that − n).
 * - `probabilisticSharpeRatio(sr, benchmarkSr, n, skew, kurt)` (Bailey & López de Prado 2012): the
 *   probability that the true Sharpe ratio exceeds `benchmarkSr`,
 *   PSR = Φ((sr − benchmarkSr)·sqrt(n − 1) / sqrt(V)), in [0, 1]. NaN for n < 2. Because V grows
 *   with sr, PSR against benchmark 0 rises with sr only while skew·sr < 2 (always, for realistic
 *   per-trade Sharpe ratios below 1).
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

export function sharpeStandardError(sr: number, n: number, skew: number, kurt: number): number {
  if (!(n >= 1)) return NaN;
  return Math.sqrt(sharpeEstimatorVariance(sr, skew, kurt) / n);
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
  return Math.ceil((4 * z * z * sharpeEstimatorVariance(sr, skew, kurt)) / (width * width));
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
  if (!(n >= 2)) return NaN;
  const z = ((sr - benchmarkSr) * Math.sqrt(n - 1)) / Math.sqrt(sharpeEstimatorVariance(sr, skew, kurt));
  return normalCdf(z);
}
