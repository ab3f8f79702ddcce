import type { InstrumentRules } from '../../domain/execution/instrument.js';
import type { Bar } from '../../domain/market-data/bar.js';
import type { WorkingOrder } from '../../domain/execution/orders.js';

/** One minute, the simulator's bar interval, in milliseconds. */
export const MINUTE = 60_000;

/** BTCUSDT's trading rules as the simulator lists them; `overrides` replace any field. */
export function btcusdtRules(overrides: Partial<InstrumentRules> = {}): InstrumentRules {
  return {
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    tickSize: 0.01,
    minPrice: 0.01,
    maxPrice: 1_000_000,
    stepSize: 0.001,
    minQty: 0.001,
    maxQty: 9000,
    minNotional: 5,
    maxNotional: 9_000_000,
    priceCollar: 0.5,
    ...overrides,
  };
}

/** A new market buy of 1 BTCUSDT (order 1, `c-1`) submitted at time 0; `overrides` replace any field. */
export function workingOrder(overrides: Partial<WorkingOrder> = {}): WorkingOrder {
  return {
    orderId: 1,
    clientOrderId: 'c-1',
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    timeInForce: 'GTC',
    price: null,
    quantity: 1,
    executedQty: 0,
    cummulativeQuoteQty: 0,
    status: 'NEW',
    submitTime: 0,
    ...overrides,
  };
}

/** The prices and volume of a bar, the fields a test sets. */
export type BarFields = Partial<Omit<Bar, 'symbol' | 'openTime' | 'closeTime'>>;

/**
 * A BTCUSDT bar from `openTime`, one `intervalMs` long, closing Binance style a millisecond before
 * the next opens. Its prices and volume are those the market-data tests' rows describe (100 / 101 /
 * 99 / 100.5, volume 3), unless `fields` say otherwise.
 */
export function sampleBar(openTime: number, fields: BarFields = {}, intervalMs = MINUTE): Bar {
  return {
    symbol: 'BTCUSDT',
    openTime,
    closeTime: openTime + intervalMs - 1,
    open: 100,
    high: 101,
    low: 99,
    close: 100.5,
    volume: 3,
    ...fields,
  };
}
