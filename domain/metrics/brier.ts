/**
 * Brier score of probability forecasts of binary outcomes, and its Murphy (1973) decomposition.
 *
 * - `brierScore`: BS = Σ (p_i − o_i)² / N, in [0, 1]; lower is better, 0.25 is always saying 0.5.
 *   NaN for no forecasts.
 * - `brierDecomposition(pairs, bins = 10)`: forecasts go into `bins` equal-width bins over [0, 1];
 *   bin k is [k/B, (k+1)/B) except the last, which is closed [1 − 1/B, 1] (index floor(p·B), capped).
 *   With n_k forecasts in bin k, p̄_k their mean forecast, ō_k their observed frequency and ō the
 *   overall frequency:
 *     reliability REL = Σ n_k (p̄_k − ō_k)² / N   (calibration error; lower is better)
 *     resolution  RES = Σ n_k (ō_k − ō)² / N     (how far the bins separate outcomes; higher is better)
 *     uncertainty UNC = ō (1 − ō)                (of the outcomes alone; no forecast can change it)
 *   BS = REL − RES + UNC holds exactly only when the forecasts within each bin are equal. Otherwise
 *   BS = REL − RES + UNC + Σ_k Σ_{i∈k} [(p_i − p̄_k)² − 2 (p_i − p̄_k)(o_i − ō_k)] / N, and since
 *   forecasts in a bin of width w = 1/B lie within w of each other the gap is at most w²/4 + w/2.
 *   `calibrationBins` lists only the NON-EMPTY bins (an empty bin has no mean forecast or frequency),
 *   in increasing order, for the reliability diagram. No forecasts: NaN components and no bins.
 */
import { requireProbability } from './validate.js';

export interface ProbabilityForecast {
  probability: number;
  outcome: 0 | 1;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanForecast: number;
  observedFrequency: number;
}

export interface BrierDecomposition {
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
  calibrationBins: CalibrationBin[];
}

export function validateForecasts(pairs: readonly ProbabilityForecast[], field = 'forecasts'): void {
  pairs.forEach(({ probability, outcome }, index) => {
    requireProbability(probability, `${field}[${index}].probability`);
    if (outcome !== 0 && outcome !== 1)
      throw new RangeError(`${field}[${index}].outcome must be 0 or 1, got ${String(outcome)}`);
  });
}

export function brierScore(pairs: readonly ProbabilityForecast[]): number {
  validateForecasts(pairs);
  if (pairs.length === 0) return NaN;
  let sum = 0;
  for (const { probability, outcome } of pairs) sum += (probability - outcome) ** 2;
  return sum / pairs.length;
}

export function brierDecomposition(pairs: readonly ProbabilityForecast[], bins = 10): BrierDecomposition {
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const brier = brierScore(pairs);
  const total = pairs.length;
  if (total === 0) return { brier, reliability: NaN, resolution: NaN, uncertainty: NaN, calibrationBins: [] };

  const counts = new Array<number>(bins).fill(0);
  const forecastSums = new Array<number>(bins).fill(0);
  const outcomeSums = new Array<number>(bins).fill(0);
  let outcomeTotal = 0;
  for (const { probability, outcome } of pairs) {
    const k = Math.min(Math.floor(probability * bins), bins - 1);
    counts[k]! += 1;
    forecastSums[k]! += probability;
    outcomeSums[k]! += outcome;
    outcomeTotal += outcome;
  }
  const base = outcomeTotal / total;

  const calibrationBins: CalibrationBin[] = [];
  let reliability = 0;
  let resolution = 0;
  for (let k = 0; k < bins; k++) {
    const count = counts[k]!;
    if (count === 0) continue;
    const meanForecast = forecastSums[k]! / count;
    const observedFrequency = outcomeSums[k]! / count;
    reliability += count * (meanForecast - observedFrequency) ** 2;
    resolution += count * (observedFrequency - base) ** 2;
    calibrationBins.push({ lower: k / bins, upper: (k + 1) / bins, count, meanForecast, observedFrequency });
  }
  return {
    brier,
    reliability: reliability / total,
    resolution: resolution / total,
    uncertainty: base * (1 - base),
    calibrationBins,
  };
}
