import type { Bar } from './bar.js';
import { bridgeExtremes } from './bridge-extremes.js';
import { intradayVolumeFactor } from './intraday-volume-profile.js';
import { checkNonEmptyString, checkNumber } from './option-checks.js';
import { SeededRandom } from './random.js';

export interface SpotBarOptions {
  symbol: string;
  /** openTime of the first bar, epoch ms. */
  startTime: number;
  intervalMs: number;
  count: number;
  startPrice: number;
  seed: number;
  /** Long-run annualised volatility of the diffusive part (0.6 = 60 %), over a 365-day year (crypto trades 24/7). */
  annualVolatility: number;
  /**
   * GARCH(1,1) weights: alpha on the last squared shock, beta on the last variance; alpha + beta < 1.
   * Default { alpha: 0.08, beta: 0.9 }, typical of daily crypto returns.
   */
  volClustering?: { alpha: number; beta: number };
  /** Default 0: no jumps unless asked for, since a sensible rate depends on the bar interval. */
  jumpProbabilityPerBar?: number;
  /** Standard deviation of a jump's log-return (0.05 ≈ a 5 % gap). Default 0.03. */
  jumpStdDev?: number;
  /** Mean volume per bar in base units, before the intraday profile and activity effects. */
  baseVolume: number;
  /** Round prices to this many decimals (the instrument's tick); unrounded when omitted. */
  tickDecimals?: number;
}

export const DEFAULT_VOL_CLUSTERING = { alpha: 0.08, beta: 0.9 } as const;
export const DEFAULT_JUMP_PROBABILITY_PER_BAR = 0;
export const DEFAULT_JUMP_STD_DEV = 0.03;

type ValidOptions = Required<Omit<SpotBarOptions, 'tickDecimals'>> & Pick<SpotBarOptions, 'tickDecimals'>;

const MS_PER_YEAR = 365 * 86_400_000;
const MAX_BARS = 10_000_000;
// Keeps exp(logPrice) finite and positive whatever the parameters; never binds for realistic ones.
const LOG_PRICE_LIMIT = 700;
// Volume scales with |return| / sigma: a 2-sigma bar trades about twice a quiet one.
const ACTIVITY_SLOPE = 1;
const MEAN_ABS_NORMAL = Math.sqrt(2 / Math.PI);
const VOLUME_NOISE_SD = 0.25;

/**
 * A synthetic spot series: a log-price random walk whose variance follows GARCH(1,1), so calm and
 * stormy stretches cluster as in real markets, plus rare normally distributed jumps. Deterministic for
 * a seed. Each bar draws a fixed number of random values, so changing the jump settings leaves the
 * diffusive path of the same seed unchanged, which makes with/without-jump comparisons meaningful.
 */
export function generateSpotBars(options: SpotBarOptions): Bar[] {
  const o = validate(options);
  const rng = SeededRandom.fromSeed(o.seed);
  const { alpha, beta } = o.volClustering;
  const longRunVariance = (o.annualVolatility ** 2 * o.intervalMs) / MS_PER_YEAR;
  const longRunSigma = Math.sqrt(longRunVariance);
  const omega = longRunVariance * (1 - alpha - beta);
  const price = (logPrice: number) =>
    roundPrice(Math.exp(clamp(logPrice, -LOG_PRICE_LIMIT, LOG_PRICE_LIMIT)), o.tickDecimals);

  const bars: Bar[] = [];
  let logPrice = Math.log(o.startPrice);
  let variance = longRunVariance;
  let lastShock = 0;
  for (let i = 0; i < o.count; i++) {
    if (i > 0) variance = omega + alpha * lastShock ** 2 + beta * variance;
    const shock = Math.sqrt(variance) * rng.normal();
    const jumpDraw = rng.uniform();
    const jumpSize = o.jumpStdDev * rng.normal();
    const jump = jumpDraw < o.jumpProbabilityPerBar ? jumpSize : 0;
    // The -variance/2 term makes the price (not its log) a martingale. Jumps stay out of the GARCH
    // recursion: feeding them in would let rare jumps dominate the variance and detach the realised
    // diffusive volatility from `annualVolatility`.
    const logReturn = shock - variance / 2 + jump;
    const { up, down } = bridgeExtremes(logReturn, variance, rng.uniform(), rng.uniform());
    const volumeNoise = Math.exp(VOLUME_NOISE_SD * rng.normal() - VOLUME_NOISE_SD ** 2 / 2);

    const nextLogPrice = clamp(logPrice + logReturn, -LOG_PRICE_LIMIT, LOG_PRICE_LIMIT);
    const open = price(logPrice);
    const close = price(nextLogPrice);
    const openTime = o.startTime + i * o.intervalMs;
    const activity =
      longRunSigma > 0
        ? (1 + (ACTIVITY_SLOPE * Math.abs(logReturn)) / longRunSigma) / (1 + ACTIVITY_SLOPE * MEAN_ABS_NORMAL)
        : 1;
    bars.push({
      symbol: o.symbol,
      openTime,
      closeTime: openTime + o.intervalMs - 1,
      open,
      // Rounding can pull an extreme inside open/close; the bar must still contain both.
      high: Math.max(price(logPrice + up), open, close),
      low: Math.min(price(logPrice + down), open, close),
      close,
      volume: o.baseVolume * intradayVolumeFactor(openTime, o.intervalMs) * activity * volumeNoise,
    });
    logPrice = nextLogPrice;
    lastShock = shock;
  }
  return bars;
}

/** Rounds to the tick but never to zero: a price of 0 is invalid on every venue. */
function roundPrice(value: number, tickDecimals: number | undefined): number {
  if (tickDecimals === undefined) return value;
  const scale = 10 ** tickDecimals;
  return Math.max(Math.round(value * scale), 1) / scale;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function validate(options: SpotBarOptions): ValidOptions {
  checkNonEmptyString('symbol', options.symbol);
  checkNumber('startTime', options.startTime, { integer: true, min: 0 });
  checkNumber('intervalMs', options.intervalMs, { integer: true, min: 1 });
  checkNumber('count', options.count, { integer: true, min: 0, max: MAX_BARS });
  if (!Number.isSafeInteger(options.startTime + options.count * options.intervalMs)) {
    throw new RangeError('startTime + count * intervalMs must stay a safe integer');
  }
  checkNumber('startPrice', options.startPrice, { greaterThan: 0 });
  checkNumber('seed', options.seed, { integer: true });
  checkNumber('annualVolatility', options.annualVolatility, { min: 0, max: 10 });
  const clustering: unknown = options.volClustering ?? DEFAULT_VOL_CLUSTERING;
  if (typeof clustering !== 'object' || clustering === null) {
    throw new RangeError('volClustering must be an object { alpha, beta }');
  }
  const { alpha, beta } = clustering as { alpha: unknown; beta: unknown };
  checkNumber('volClustering.alpha', alpha, { min: 0, lessThan: 1 });
  checkNumber('volClustering.beta', beta, { min: 0, lessThan: 1 });
  // alpha + beta >= 1 has no long-run variance: the volatility would wander off without bound.
  checkNumber('volClustering.alpha + volClustering.beta', Number(alpha) + Number(beta), { lessThan: 1 });
  const jumpProbabilityPerBar = options.jumpProbabilityPerBar ?? DEFAULT_JUMP_PROBABILITY_PER_BAR;
  checkNumber('jumpProbabilityPerBar', jumpProbabilityPerBar, { min: 0, max: 1 });
  const jumpStdDev = options.jumpStdDev ?? DEFAULT_JUMP_STD_DEV;
  checkNumber('jumpStdDev', jumpStdDev, { min: 0, max: 5 });
  checkNumber('baseVolume', options.baseVolume, { min: 0 });
  if (options.tickDecimals !== undefined) {
    checkNumber('tickDecimals', options.tickDecimals, { integer: true, min: 0, max: 12 });
  }
  return {
    ...options,
    volClustering: { alpha: Number(alpha), beta: Number(beta) },
    jumpProbabilityPerBar,
    jumpStdDev,
  };
}
