import type { Bar } from '../market-data/bar.js';
import { lastN, sampleStd } from './indicators.js';

/** Close-to-close log returns used for realised volatility: enough for a stable estimate, recent enough to react. */
export const VOLATILITY_RETURNS = 48;

const MS_PER_YEAR = 365 * 86_400_000; // crypto trades every day of the year

/**
 * Annualised realised volatility from the close-to-close log returns of the last (up to) 48 bars:
 * sample standard deviation × √(bars per year), bars per year from the last bar's interval
 * (closeTime is inclusive, so the interval is closeTime − openTime + 1). Undefined when fewer than
 * two returns exist or the data cannot give a finite answer.
 */
export function annualisedVolatility(bars: readonly Bar[]): number | undefined {
  const closes = lastN(bars, VOLATILITY_RETURNS + 1).map((bar) => bar.close);
  if (closes.length < 3) return undefined;
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) returns.push(Math.log(closes[i]! / closes[i - 1]!));
  const last = bars[bars.length - 1]!;
  const intervalMs = last.closeTime - last.openTime + 1;
  if (!(intervalMs > 0)) return undefined;
  const volatility = sampleStd(returns) * Math.sqrt(MS_PER_YEAR / intervalMs);
  return Number.isFinite(volatility) ? volatility : undefined;
}
