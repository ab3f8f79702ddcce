/**
 * Risk-adjusted return ratios. The risk-free rate is 0 throughout. NaN when undefined.
 *
 * - `sharpeRatio(returns, ppy)`: mean(r) / sampleStd(r) × sqrt(ppy), with ppy the periods per year
 *   of the series. NaN for fewer than 2 returns or zero variance (a flat series has no risk to
 *   divide by; ±Infinity is not a number we report).
 * - `sharpePerTrade(tradeReturns)`: mean / sampleStd of per-trade returns, NOT annualised (trades
 *   are not evenly spaced, so there is no honest periods-per-year). Scale-free, so the returns may
 *   be fractions or percent. NaN as sharpeRatio.
 * - `sortinoRatio(returns, ppy)`: mean(r) / DD × sqrt(ppy), where the downside deviation
 *   DD = sqrt(Σ min(r_i, 0)² / n) is taken over ALL n periods with target 0 (periods above target
 *   count as zero shortfall rather than being dropped). NaN for no returns or no negative return.
 * - `annualizedVolatility(returns, ppy)`: sampleStd(r) × sqrt(ppy). NaN for fewer than 2 returns.
 */
import { mean, sampleStd } from './moments.js';
import { requirePositive } from './validate.js';

export function sharpePerTrade(tradeReturns: readonly number[]): number {
  const std = sampleStd(tradeReturns);
  if (!(std > 0)) return NaN;
  return mean(tradeReturns) / std;
}

export function sharpeRatio(returns: readonly number[], periodsPerYear: number): number {
  requirePositive(periodsPerYear, 'periodsPerYear');
  return sharpePerTrade(returns) * Math.sqrt(periodsPerYear);
}

/** sqrt(Σ min(r, 0)² / n) over all periods (target return 0). */
export function downsideDeviation(returns: readonly number[]): number {
  if (returns.length === 0) return NaN;
  let sum = 0;
  for (const r of returns) if (r < 0) sum += r * r;
  return Math.sqrt(sum / returns.length);
}

export function sortinoRatio(returns: readonly number[], periodsPerYear: number): number {
  requirePositive(periodsPerYear, 'periodsPerYear');
  const downside = downsideDeviation(returns);
  if (!(downside > 0)) return NaN;
  return (mean(returns) / downside) * Math.sqrt(periodsPerYear);
}

export function annualizedVolatility(returns: readonly number[], periodsPerYear: number): number {
  requirePositive(periodsPerYear, 'periodsPerYear');
  return sampleStd(returns) * Math.sqrt(periodsPerYear);
}
