/**
 * Sample moments, the building blocks of every ratio in this folder. Inputs are plain arrays of
 * finite numbers; a moment that does not exist for the sample is NaN (never a throw), so callers
 * decide how to report it.
 *
 * - `mean`: arithmetic mean Σx / n. NaN for no values.
 * - `sampleStd`: sample standard deviation with Bessel's correction (ddof = 1),
 *   sqrt(Σ(x − x̄)² / (n − 1)). NaN for fewer than 2 values. Exactly 0 when every value is equal:
 *   that is checked directly, because rounding in x̄ can otherwise turn a constant series into a
 *   std of 1e-18 and a Sharpe ratio of 1e16.
 * - `skewness`: the population (biased) moment estimator g1 = m3 / m2^1.5, where
 *   m_k = Σ(x − x̄)^k / n. NaN for no values or zero variance.
 * - `kurtosis`: population and NON-excess, m4 / m2² (3 for a normal distribution). NaN as skewness.
 *
 * The population (not bias-corrected) skewness and kurtosis are what Mertens' (2002) Sharpe-ratio
 * variance is stated in, and they always satisfy kurtosis ≥ 1 + skewness², which keeps that
 * variance non-negative (see sharpe-inference.ts).
 */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function allEqual(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

/** Central moment m_k = Σ(x − x̄)^k / n; exactly 0 for a constant sample. */
function centralMoment(values: readonly number[], k: number, center: number): number {
  if (allEqual(values)) return 0;
  let sum = 0;
  for (const value of values) sum += (value - center) ** k;
  return sum / values.length;
}

export function sampleStd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m2 = centralMoment(values, 2, mean(values));
  return Math.sqrt((m2 * n) / (n - 1));
}

export function skewness(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const center = mean(values);
  const m2 = centralMoment(values, 2, center);
  if (!(m2 > 0)) return NaN;
  return centralMoment(values, 3, center) / m2 ** 1.5;
}

export function kurtosis(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const center = mean(values);
  const m2 = centralMoment(values, 2, center);
  if (!(m2 > 0)) return NaN;
  return centralMoment(values, 4, center) / m2 ** 2;
}
