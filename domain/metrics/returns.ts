/**
 * Returns and growth of an equity curve (one point per period end, the first point the starting
 * equity).
 *
 * - `periodReturns`: simple returns r_i = e_i / e_{i−1} − 1, one fewer than the equity points.
 * - `cagr(start, end, periods, periodsPerYear)`: compound annual growth rate
 *   (end / start)^(periodsPerYear / periods) − 1. NaN for no periods; −1 when the end equity is 0.
 */
import { requireEquitySeries, requirePositive } from './validate.js';

export function periodReturns(equity: readonly number[]): number[] {
  requireEquitySeries(equity);
  const returns: number[] = [];
  for (let i = 1; i < equity.length; i++) returns.push(equity[i]! / equity[i - 1]! - 1);
  return returns;
}

export function cagr(
  startEquity: number,
  endEquity: number,
  periods: number,
  periodsPerYear: number,
): number {
  requirePositive(periodsPerYear, 'periodsPerYear');
  if (!(periods > 0) || !(startEquity > 0) || !(endEquity >= 0)) return NaN;
  return (endEquity / startEquity) ** (periodsPerYear / periods) - 1;
}
