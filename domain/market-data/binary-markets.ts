import type { Bar } from './bar.js';
import { bridgeExtremes } from './bridge-extremes.js';
import { checkNonEmptyString, checkNumber } from './option-checks.js';
import { SeededRandom } from './random.js';

export interface BinaryMarketOptions {
  seed: number;
  count: number;
  /** Markets are assigned round-robin, so every category is used once count >= categories.length. */
  categories: readonly string[];
  /** The window markets live in, epoch ms; every market opens and resolves inside it. */
  startTime: number;
  endTime: number;
  intervalMs: number;
  /** Quote asset appended to symbols (uppercase alphanumeric); default USDT. */
  quoteSymbol?: string;
  /** Mean contracts traded per bar; default 1000. */
  baseVolume?: number;
}

/** A yes/no market whose price is the crowd's probability of YES, and which settles at 0 or 1. */
export interface BinaryMarket {
  marketId: string;
  /** `PM<index><quote>`, e.g. PM7USDT: uppercase alphanumeric like a Binance symbol, unique per set. */
  symbol: string;
  category: string;
  /** openTime of the first bar. */
  openTime: number;
  /** When the outcome becomes known: the end of the last bar (its closeTime + 1). */
  resolutionTime: number;
  trueProbability: number;
  outcome: 0 | 1;
  settlementPrice: 0 | 1;
  /** Contiguous bars from openTime to resolutionTime, every price within [0.01, 0.99]. */
  bars: Bar[];
}

/** Whether a venue symbol is one of the generated binary markets (`PM<index><quote>`). */
export function isBinaryMarketSymbol(symbol: string): boolean {
  return /^PM\d+[A-Z][A-Z0-9]*$/.test(symbol);
}

const PRICE_FLOOR = 0.01;
const PRICE_CEILING = 0.99;
const TARGET_LOGIT = logit(PRICE_CEILING);
const TRUE_PROBABILITY_RANGE = [0.03, 0.97] as const;
// The crowd opens near, not at, the true probability; the mispricing is what a strategy can trade.
const OPENING_MISPRICING_SD = 0.5;
// Noise in logit units over a market's whole life, whatever its number of bars.
const LIFETIME_LOGIT_VOLATILITY = 1.2;
const DEFAULT_BASE_VOLUME = 1000;
const MAX_MARKETS = 100_000;
const MAX_BARS_PER_MARKET = 1_000_000;
const VOLUME_NOISE_SD = 0.3;
const MEAN_ABS_NORMAL = Math.sqrt(2 / Math.PI);

/**
 * Synthetic prediction markets, deterministic for a seed. Each market's price is a random walk in
 * logit space whose drift pulls toward the (hidden) outcome with a strength that grows as resolution
 * nears: the expected share of information revealed by progress τ is τ², so prices wander early and
 * converge late, as news arrives. Each market draws from its own split of the seed's stream, so one
 * market's length never changes another's path.
 */
export function generateBinaryMarkets(options: BinaryMarketOptions): BinaryMarket[] {
  const o = validate(options);
  const root = SeededRandom.fromSeed(o.seed);
  const markets: BinaryMarket[] = [];
  for (let index = 0; index < o.count; index++) {
    const category = o.categories[index % o.categories.length] ?? '';
    markets.push(generateMarket(index, category, o, root.split()));
  }
  return markets;
}

type ValidOptions = Required<BinaryMarketOptions> & { slots: number };

function generateMarket(index: number, category: string, o: ValidOptions, rng: SeededRandom): BinaryMarket {
  // Lives span at least a quarter of the window, so no market is a one-bar blip in a long window.
  const length = rng.int(Math.max(1, Math.ceil(o.slots / 4)), o.slots);
  const openTime = o.startTime + rng.int(0, o.slots - length) * o.intervalMs;
  const [low, high] = TRUE_PROBABILITY_RANGE;
  const trueProbability = low + (high - low) * rng.uniform();
  const outcome: 0 | 1 = rng.uniform() < trueProbability ? 1 : 0;
  const target = outcome === 1 ? TARGET_LOGIT : -TARGET_LOGIT;
  const symbol = `PM${index}${o.quoteSymbol}`;
  const stepVariance = LIFETIME_LOGIT_VOLATILITY ** 2 / length;

  const bars: Bar[] = [];
  let x = logit(trueProbability) + OPENING_MISPRICING_SD * rng.normal();
  for (let k = 0; k < length; k++) {
    const revealed = informationRevealed(k / length);
    // The share of the still-unknown information that arrives in this bar; 1 in the last bar.
    const pull = (informationRevealed((k + 1) / length) - revealed) / (1 - revealed);
    const next = x + pull * (target - x) + Math.sqrt(stepVariance) * rng.normal();
    const change = next - x;
    const { up, down } = bridgeExtremes(change, stepVariance, rng.uniform(), rng.uniform());
    const volumeNoise = Math.exp(VOLUME_NOISE_SD * rng.normal() - VOLUME_NOISE_SD ** 2 / 2);
    const open = price(x);
    const close = price(next);
    const barOpenTime = openTime + k * o.intervalMs;
    // Trading picks up toward resolution and on bars where the price moves.
    const activity =
      (0.5 + (k + 0.5) / length) * ((1 + Math.abs(change) / Math.sqrt(stepVariance)) / (1 + MEAN_ABS_NORMAL));
    bars.push({
      symbol,
      openTime: barOpenTime,
      closeTime: barOpenTime + o.intervalMs - 1,
      open,
      high: Math.max(price(x + up), open, close),
      low: Math.min(price(x + down), open, close),
      close,
      volume: o.baseVolume * activity * volumeNoise,
    });
    x = next;
  }
  return {
    marketId: `pm-${index}`,
    symbol,
    category,
    openTime,
    resolutionTime: openTime + length * o.intervalMs,
    trueProbability,
    outcome,
    settlementPrice: outcome,
    bars,
  };
}

function informationRevealed(progress: number): number {
  return progress * progress;
}

function price(logitValue: number): number {
  const p = 1 / (1 + Math.exp(-logitValue));
  return Math.min(PRICE_CEILING, Math.max(PRICE_FLOOR, p));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function validate(options: BinaryMarketOptions): ValidOptions {
  const seed = checkNumber('seed', options.seed, { integer: true });
  const count = checkNumber('count', options.count, { integer: true, min: 0, max: MAX_MARKETS });
  const categories: unknown = options.categories;
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new RangeError('categories must be a non-empty array of strings');
  }
  categories.forEach((category, i) => checkNonEmptyString(`categories[${i}]`, category));
  if (new Set(categories).size !== categories.length) {
    throw new RangeError('categories must not contain duplicates');
  }
  const startTime = checkNumber('startTime', options.startTime, { integer: true, min: 0 });
  const endTime = checkNumber('endTime', options.endTime, { integer: true, greaterThan: startTime });
  const intervalMs = checkNumber('intervalMs', options.intervalMs, { integer: true, min: 1 });
  const slots = Math.floor((endTime - startTime) / intervalMs);
  if (slots < 1) {
    throw new RangeError(`intervalMs ${intervalMs} leaves no whole bar between startTime and endTime`);
  }
  if (slots > MAX_BARS_PER_MARKET) {
    throw new RangeError(
      `intervalMs ${intervalMs} gives ${slots} bars in the window; at most ${MAX_BARS_PER_MARKET}`,
    );
  }
  const quoteSymbol = options.quoteSymbol ?? 'USDT';
  if (typeof quoteSymbol !== 'string' || !/^[A-Z0-9]+$/.test(quoteSymbol)) {
    throw new RangeError(`quoteSymbol must be uppercase alphanumeric, got ${JSON.stringify(quoteSymbol)}`);
  }
  const baseVolume = checkNumber('baseVolume', options.baseVolume ?? DEFAULT_BASE_VOLUME, { min: 0 });
  return {
    seed,
    count,
    categories: options.categories,
    startTime,
    endTime,
    intervalMs,
    quoteSymbol,
    baseVolume,
    slots,
  };
}

/** A binary market as the venue lists it: its outcome only once resolved. */
export interface ListedBinaryMarket {
  symbol: string;
  category: string;
  openTime: number;
  resolutionTime: number;
  outcome: 0 | 1 | null;
}
