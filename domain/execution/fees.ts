// Fee models. Rates are fractions of the quote amount of a fill (0.001 = 0.1 %); tiers are keyed
// on the account's trailing 30-day quote volume, as Binance's VIP levels are.
import type { FeeModel, FeeRates } from './orders.js';

export interface FeeTier {
  /** Trailing 30-day quote volume (e.g. USDT) from which this tier applies, inclusive. */
  minQuoteVolume: number;
  maker: number;
  taker: number;
}

/**
 * Binance spot's regular and first three VIP levels without the BNB discount: 0.1 % / 0.1 %,
 * then maker (and, at VIP 3, taker) rates falling at 1M, 5M and 20M USDT.
 */
export const DEFAULT_FEE_TIERS: readonly FeeTier[] = Object.freeze([
  Object.freeze({ minQuoteVolume: 0, maker: 0.001, taker: 0.001 }),
  Object.freeze({ minQuoteVolume: 1_000_000, maker: 0.0009, taker: 0.001 }),
  Object.freeze({ minQuoteVolume: 5_000_000, maker: 0.0008, taker: 0.001 }),
  Object.freeze({ minQuoteVolume: 20_000_000, maker: 0.00042, taker: 0.0006 }),
]);

function validateTiers(tiers: readonly FeeTier[]): void {
  if (tiers.length === 0) throw new RangeError('fee tiers must not be empty');
  if (tiers[0]!.minQuoteVolume !== 0) throw new RangeError('the first fee tier must start at quote volume 0');
  tiers.forEach((tier, index) => {
    for (const [field, value] of Object.entries(tier) as [keyof FeeTier, number][]) {
      if (!(Number.isFinite(value) && value >= 0))
        throw new RangeError(`fee tier ${index}: ${field} must be finite and ≥ 0, got ${value}`);
    }
    const previous = tiers[index - 1];
    if (previous && !(tier.minQuoteVolume > previous.minQuoteVolume))
      throw new RangeError(`fee tiers must be sorted by strictly increasing minQuoteVolume (tier ${index})`);
  });
}

/** Rates of the highest tier whose minQuoteVolume ≤ the trailing quote volume. */
export function tieredFeeModel(tiers: readonly FeeTier[]): FeeModel {
  validateTiers(tiers);
  // Copied so a caller mutating its array later cannot change fees mid-run.
  const table: readonly FeeRates[] = tiers.map(({ maker, taker }) => ({ maker, taker }));
  const thresholds = tiers.map((tier) => tier.minQuoteVolume);
  return {
    name: `tiered(${tiers.length} tiers)`,
    rates(trailingQuoteVolume: number): FeeRates {
      if (!(Number.isFinite(trailingQuoteVolume) && trailingQuoteVolume >= 0))
        throw new RangeError(`trailing quote volume must be finite and ≥ 0, got ${trailingQuoteVolume}`);
      let tier = 0;
      while (tier + 1 < thresholds.length && thresholds[tier + 1]! <= trailingQuoteVolume) tier++;
      return { ...table[tier]! };
    },
  };
}
