// Slippage models (LEAN-style, swappable). Each returns a non-negative fraction of the reference
// price (0.001 = 10 bps); the matching engine applies it against the taker, so models never
// need to know the side's sign. 1 bp = 0.0001 = 0.01 %.
import { barsPerDay, lastBars, logReturnStdev, meanVolume } from './bar-stats.js';
import type { SlippageContext, SlippageModel } from './orders.js';

const BPS = 10_000;

/** Largest impact the square-root law may charge, as a fraction (100 %). */
const MAX_IMPACT = 1;

function assertNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be finite and ≥ 0, got ${value}`);
}

function assertLookback(lookbackBars: number): void {
  if (!(Number.isInteger(lookbackBars) && lookbackBars >= 2))
    throw new RangeError(`lookbackBars must be an integer ≥ 2, got ${lookbackBars}`);
}

/** A constant cost of `bps` basis points on every execution. */
export function fixedBpsSlippage(bps: number): SlippageModel {
  assertNonNegative('bps', bps);
  const fraction = bps / BPS;
  return { name: `fixed(${bps}bps)`, slippageFraction: () => fraction };
}

/**
 * Crossing a quoted spread of `spreadBps` (ask − bid, in bps of mid) costs half of it against
 * the mid a bar's open stands for.
 */
export function halfSpreadSlippage(spreadBps: number): SlippageModel {
  assertNonNegative('spreadBps', spreadBps);
  const fraction = spreadBps / 2 / BPS;
  return { name: `half-spread(${spreadBps}bps)`, slippageFraction: () => fraction };
}

export interface VolatilityScaledOptions {
  /** Multiple of the per-bar volatility charged, dimensionless (0.1 = a tenth of one bar's σ). */
  k: number;
  /** Number of most recent closes of `history` to measure over (≥ 2). */
  lookbackBars: number;
}

/**
 * k × σ_bar, where σ_bar is the sample stdev of log returns between the last `lookbackBars`
 * closes before the executing bar (a per-bar fraction). 0 until there are at least two returns.
 */
export function volatilityScaledSlippage({ k, lookbackBars }: VolatilityScaledOptions): SlippageModel {
  assertNonNegative('k', k);
  assertLookback(lookbackBars);
  return {
    name: `volatility-scaled(k=${k}, ${lookbackBars} bars)`,
    slippageFraction: ({ history }: SlippageContext) => k * logReturnStdev(lastBars(history, lookbackBars)),
  };
}

export interface SquareRootImpactOptions {
  /** Impact coefficient Y, dimensionless; empirical studies put it near 1 (0.5 to 1.5). */
  y: number;
  /** Number of most recent bars of `history` to measure volatility and volume over (≥ 2). */
  lookbackBars: number;
}

/**
 * Square-root market impact ΔP/P = Y · σ_daily · √(Q / ADV):
 * - σ_daily: per-bar log-return stdev over the lookback × √barsPerDay (a daily fraction);
 * - ADV: mean bar base volume over the lookback × barsPerDay (base units per day);
 * - Q: the executed base quantity, so Q / ADV is dimensionless;
 * - barsPerDay = 86 400 000 / (bar.closeTime − bar.openTime + 1) of the executing bar.
 * 0 when ADV is 0 or the history holds fewer than two returns; at most 1 (100 %).
 */
export function squareRootImpactSlippage({ y, lookbackBars }: SquareRootImpactOptions): SlippageModel {
  assertNonNegative('y', y);
  assertLookback(lookbackBars);
  return {
    name: `square-root-impact(Y=${y}, ${lookbackBars} bars)`,
    slippageFraction: ({ bar, history, quantity }: SlippageContext) => {
      const window = lastBars(history, lookbackBars);
      const perDay = barsPerDay(bar);
      const dailySigma = logReturnStdev(window) * Math.sqrt(perDay);
      const adv = meanVolume(window) * perDay;
      if (y === 0 || !(adv > 0) || dailySigma === 0 || !(quantity > 0)) return 0;
      // Past 100 % the order dwarfs the market the law was fitted on (and a vanishing ADV would
      // give Infinity); capping keeps prices finite.
      return Math.min(y * dailySigma * Math.sqrt(quantity / adv), MAX_IMPACT);
    },
  };
}
