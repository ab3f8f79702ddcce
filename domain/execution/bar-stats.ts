// Statistics over recent bars that slippage models scale with. Only bars strictly before the
// executing bar are ever passed in, so no model can peek at the price it is about to set.
import type { Bar } from '../market-data/bar.js';

const MS_PER_DAY = 86_400_000;

/** The last `lookbackBars` bars (all of them when there are fewer). */
export function lastBars(history: readonly Bar[], lookbackBars: number): readonly Bar[] {
  return history.slice(Math.max(0, history.length - lookbackBars));
}

/**
 * Sample standard deviation (n − 1) of the per-bar log returns ln(close_i / close_{i−1}) of
 * consecutive bars, a dimensionless per-bar volatility. 0 when fewer than two returns exist:
 * one return has no spread to estimate. Pairs with a non-positive close are skipped.
 */
export function logReturnStdev(bars: readonly Bar[]): number {
  const returns: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    const previous = bars[i - 1]!.close;
    const current = bars[i]!.close;
    if (previous > 0 && current > 0) returns.push(Math.log(current / previous));
  }
  if (returns.length < 2) return 0;
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const squares = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0);
  return Math.sqrt(squares / (returns.length - 1));
}

/** Mean base volume per bar; 0 for no bars. */
export function meanVolume(bars: readonly Bar[]): number {
  if (bars.length === 0) return 0;
  return bars.reduce((sum, bar) => sum + bar.volume, 0) / bars.length;
}

/** Bars in a 24 h day at this bar's interval (closeTime is inclusive, hence the + 1). */
export function barsPerDay(bar: Bar): number {
  const intervalMs = bar.closeTime - bar.openTime + 1;
  if (!(intervalMs > 0)) throw new RangeError(`bar interval must be positive, got ${intervalMs} ms`);
  return MS_PER_DAY / intervalMs;
}
