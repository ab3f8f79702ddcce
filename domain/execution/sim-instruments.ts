import type { InstrumentRules } from './instrument.js';

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

/** How many binary prediction markets (PM0USDT … PM99USDT) the simulator lists. */
export const BINARY_MARKET_LIMIT = 100;

/**
 * A binary market's YES token: priced in USDT as the probability of YES, whole contracts, settled
 * by the venue at 0 or 1 when the market resolves. Every account sees the same listing; which of
 * them has data (and so trades) depends on the account's dataset.
 */
function binaryToken(index: number): InstrumentRules {
  return {
    symbol: `PM${index}USDT`,
    baseAsset: `PM${index}`,
    quoteAsset: 'USDT',
    tickSize: 0.001,
    stepSize: 1,
    minQty: 1,
    maxQty: 1_000_000,
    minPrice: 0.001,
    maxPrice: 0.999,
    minNotional: 1,
    maxNotional: 1_000_000,
    priceCollar: 0.5,
  };
}

export const SIM_BINARY_INSTRUMENTS: Readonly<Record<string, InstrumentRules>> = Object.fromEntries(
  Array.from({ length: BINARY_MARKET_LIMIT }, (_, index) => [`PM${index}USDT`, binaryToken(index)]),
);

/** Exchange rules of any listed symbol, spot or binary. */
export function instrumentRules(symbol: string): InstrumentRules | undefined {
  return SIM_INSTRUMENTS[symbol]?.rules ?? SIM_BINARY_INSTRUMENTS[symbol];
}

/** Every listed symbol's rules, spot first. */
export function listedInstruments(): InstrumentRules[] {
  return [...Object.values(SIM_INSTRUMENTS).map((i) => i.rules), ...Object.values(SIM_BINARY_INSTRUMENTS)];
}
