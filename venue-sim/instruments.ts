import type { InstrumentRules } from '../domain/venue/instrument.js';

/** An instrument the simulator lists: its exchange rules and how its synthetic market behaves. */
export interface SimInstrument {
  rules: InstrumentRules;
  synthetic: {
    startPrice: number;
    annualVolatility: number;
    /** Typical base volume of a 1-minute bar; scaled to the dataset's interval. */
    baseVolumePerMinute: number;
  };
}

function spot(
  base: string,
  quote: string,
  rules: Pick<InstrumentRules, 'tickSize' | 'stepSize' | 'minQty' | 'maxQty'>,
  synthetic: SimInstrument['synthetic'],
): SimInstrument {
  return {
    rules: {
      symbol: `${base}${quote}`,
      baseAsset: base,
      quoteAsset: quote,
      minPrice: rules.tickSize,
      maxPrice: 1_000_000,
      minNotional: 5,
      maxNotional: 9_000_000,
      priceCollar: 0.2,
      ...rules,
    },
    synthetic,
  };
}

/** The simulator's catalogue. Filters resemble Binance spot's for the same pairs. */
export const SIM_INSTRUMENTS: Readonly<Record<string, SimInstrument>> = {
  BTCUSDT: spot(
    'BTC',
    'USDT',
    { tickSize: 0.01, stepSize: 0.00001, minQty: 0.00001, maxQty: 9000 },
    { startPrice: 60_000, annualVolatility: 0.55, baseVolumePerMinute: 12 },
  ),
  ETHUSDT: spot(
    'ETH',
    'USDT',
    { tickSize: 0.01, stepSize: 0.0001, minQty: 0.0001, maxQty: 9000 },
    { startPrice: 3_000, annualVolatility: 0.7, baseVolumePerMinute: 150 },
  ),
  SOLUSDT: spot(
    'SOL',
    'USDT',
    { tickSize: 0.01, stepSize: 0.001, minQty: 0.001, maxQty: 90_000 },
    { startPrice: 150, annualVolatility: 0.9, baseVolumePerMinute: 2_500 },
  ),
};
