/**
 * Drawdowns of an equity curve (one point per period end; every point a positive amount).
 *
 * - `drawdownSeries(equity)`: per point, the fraction below the running peak,
 *   (peak_i − e_i) / peak_i with peak_i = max(e_0..e_i); 0 at a new high, always in [0, 1).
 * - `maxDrawdown(equity)`: the deepest such fraction, `maxDrawdownPct` (a positive fraction:
 *   0.12 means 12 % below the peak), with
 *   - `peakIndex`: the last point at the high-water mark before the trough (the decline starts there),
 *   - `troughIndex`: the first point where the maximum depth is reached,
 *   - `recoveryIndex`: the first point after the trough back at or above that peak; null if never,
 *   - `durationPeriods`: recoveryIndex − peakIndex, or lastIndex − peakIndex when never recovered,
 *   - `longestDurationPeriods`: the longest underwater stretch of any drawdown (same measure), which
 *     can exceed the deepest one's.
 *   With no drawdown at all (non-decreasing equity, or one point) the depth and durations are 0 and
 *   the three indices are 0. With no points everything numeric is NaN and recoveryIndex null.
 * - `calmarRatio(cagr, maxDrawdownPct)`: cagr / maxDrawdownPct; NaN when the drawdown is 0.
 */
import { requireEquitySeries } from './validate.js';

export interface MaxDrawdown {
  maxDrawdownPct: number;
  peakIndex: number;
  troughIndex: number;
  recoveryIndex: number | null;
  durationPeriods: number;
  longestDurationPeriods: number;
}

export function drawdownSeries(equity: readonly number[]): number[] {
  requireEquitySeries(equity);
  let peak = 0;
  return equity.map((value) => {
    peak = Math.max(peak, value);
    return (peak - value) / peak;
  });
}

export function maxDrawdown(equity: readonly number[]): MaxDrawdown {
  requireEquitySeries(equity);
  if (equity.length === 0) {
    return {
      maxDrawdownPct: NaN,
      peakIndex: NaN,
      troughIndex: NaN,
      recoveryIndex: null,
      durationPeriods: NaN,
      longestDurationPeriods: NaN,
    };
  }
  const lastIndex = equity.length - 1;
  let peak = equity[0]!;
  let peakIndex = 0;
  let underwater = false;
  let deepest = 0;
  let deepestPeakIndex = 0;
  let troughIndex = 0;
  let longest = 0;
  for (let i = 1; i <= lastIndex; i++) {
    const value = equity[i]!;
    if (value >= peak) {
      if (underwater) longest = Math.max(longest, i - peakIndex);
      underwater = false;
      peak = value;
      peakIndex = i;
      continue;
    }
    underwater = true;
    const depth = (peak - value) / peak;
    if (depth > deepest) {
      deepest = depth;
      deepestPeakIndex = peakIndex;
      troughIndex = i;
    }
  }
  if (underwater) longest = Math.max(longest, lastIndex - peakIndex);
  if (deepest === 0) {
    return {
      maxDrawdownPct: 0,
      peakIndex: 0,
      troughIndex: 0,
      recoveryIndex: 0,
      durationPeriods: 0,
      longestDurationPeriods: 0,
    };
  }
  const peakValue = equity[deepestPeakIndex]!;
  let recoveryIndex: number | null = null;
  for (let i = troughIndex + 1; i <= lastIndex; i++) {
    if (equity[i]! >= peakValue) {
      recoveryIndex = i;
      break;
    }
  }
  return {
    maxDrawdownPct: deepest,
    peakIndex: deepestPeakIndex,
    troughIndex,
    recoveryIndex,
    durationPeriods: (recoveryIndex ?? lastIndex) - deepestPeakIndex,
    longestDurationPeriods: longest,
  };
}

export function calmarRatio(cagr: number, maxDrawdownPct: number): number {
  if (!Number.isFinite(cagr) || !(maxDrawdownPct > 0)) return NaN;
  return cagr / maxDrawdownPct;
}
