import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstrumentRules } from '../../domain/execution/instrument.js';
import type { NewOrderRequest, ValidationContext } from '../../domain/execution/orders.js';
import { REJECTIONS } from '../../domain/execution/rejections.js';
import { validateNewOrder } from '../../domain/execution/validate-order.js';

const RULES: InstrumentRules = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  tickSize: 0.01,
  minPrice: 1,
  maxPrice: 100_000,
  stepSize: 0.001,
  minQty: 0.01,
  maxQty: 100,
  minNotional: 10,
  maxNotional: 50_000,
  priceCollar: 0.1,
};

function request(overrides: Partial<NewOrderRequest> = {}): NewOrderRequest {
  return {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: 1,
    price: 1000,
    ...overrides,
  };
}

function ctx(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    rules: RULES,
    lastPrice: 1000,
    freeBalances: { USDT: 1_000_000, BTC: 1000 },
    takerFeeRate: 0.001,
    ...overrides,
  };
}

const reasonOf = (req: Partial<NewOrderRequest>, context: Partial<ValidationContext> = {}) =>
  validateNewOrder(request(req), ctx(context))?.reason ?? null;

describe('validateNewOrder: Binance codes and messages', () => {
  it('answers with the exact Binance error for each reason', () => {
    expect(validateNewOrder(request({ symbol: 'NOPE' }), ctx())).toEqual({
      httpStatus: 400,
      code: -1121,
      msg: 'Invalid symbol.',
      reason: 'UNKNOWN_SYMBOL',
    });
    expect(validateNewOrder(request({ quantity: 0 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1013,
      msg: 'Invalid quantity.',
      reason: 'INVALID_QUANTITY',
    });
    expect(validateNewOrder(request({ price: null }), ctx())).toEqual({
      httpStatus: 400,
      code: -1102,
      msg: "Mandatory parameter 'price' was not sent, was empty/null, or malformed.",
      reason: 'INVALID_PRICE',
    });
    expect(validateNewOrder(request({ type: 'MARKET', price: 1000 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1106,
      msg: "Parameter 'price' sent when not required.",
      reason: 'PRICE_NOT_ALLOWED',
    });
    expect(validateNewOrder(request({ price: 1000.005 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1013,
      msg: 'Filter failure: PRICE_FILTER',
      reason: 'PRICE_FILTER',
    });
    expect(validateNewOrder(request({ quantity: 1.0005 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1013,
      msg: 'Filter failure: LOT_SIZE',
      reason: 'LOT_SIZE',
    });
    expect(validateNewOrder(request({ quantity: 0.009, price: 1200 }), ctx())).toEqual(REJECTIONS.LOT_SIZE);
    expect(validateNewOrder(request({ quantity: 0.01, price: 999.99 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1013,
      msg: 'Filter failure: NOTIONAL',
      reason: 'NOTIONAL',
    });
    expect(validateNewOrder(request({ price: 1100.01 }), ctx())).toEqual({
      httpStatus: 400,
      code: -1013,
      msg: 'Filter failure: PERCENT_PRICE_BY_SIDE',
      reason: 'PRICE_COLLAR',
    });
    expect(validateNewOrder(request(), ctx({ freeBalances: {} }))).toEqual({
      httpStatus: 400,
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
      reason: 'INSUFFICIENT_BALANCE',
    });
  });

  it('accepts a well-formed order', () => {
    expect(validateNewOrder(request(), ctx())).toBeNull();
    expect(validateNewOrder(request({ type: 'MARKET', price: null }), ctx())).toBeNull();
    expect(validateNewOrder(request({ side: 'SELL', timeInForce: 'IOC' }), ctx())).toBeNull();
  });

  it('returns a fresh object each time (the table cannot be mutated through a result)', () => {
    const first = validateNewOrder(request({ symbol: 'NOPE' }), ctx())!;
    first.msg = 'changed';
    expect(validateNewOrder(request({ symbol: 'NOPE' }), ctx())!.msg).toBe('Invalid symbol.');
  });
});

describe('validateNewOrder: each check', () => {
  it('UNKNOWN_SYMBOL when the venue has no rules for the symbol', () => {
    expect(reasonOf({}, { rules: undefined })).toBe('UNKNOWN_SYMBOL');
    expect(reasonOf({ symbol: 'ETHUSDT' })).toBe('UNKNOWN_SYMBOL');
  });

  it('INVALID_QUANTITY for non-finite or non-positive quantities', () => {
    for (const quantity of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, -0.01]) {
      expect(reasonOf({ quantity })).toBe('INVALID_QUANTITY');
      expect(reasonOf({ quantity, type: 'MARKET', price: null })).toBe('INVALID_QUANTITY');
    }
  });

  it('INVALID_PRICE for a LIMIT order without a finite positive price', () => {
    for (const price of [null, 0, -1000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(reasonOf({ price })).toBe('INVALID_PRICE');
    }
  });

  it('PRICE_NOT_ALLOWED for a MARKET order with any price; timeInForce is ignored', () => {
    expect(reasonOf({ type: 'MARKET', price: 1000 })).toBe('PRICE_NOT_ALLOWED');
    expect(reasonOf({ type: 'MARKET', price: 0 })).toBe('PRICE_NOT_ALLOWED');
    for (const timeInForce of ['GTC', 'IOC', 'FOK'] as const) {
      expect(reasonOf({ type: 'MARKET', price: null, timeInForce })).toBeNull();
    }
  });

  it('PRICE_FILTER: tick multiples within [minPrice, maxPrice], boundaries included', () => {
    expect(reasonOf({ price: 1000.01 })).toBeNull();
    expect(reasonOf({ price: 1000.001 })).toBe('PRICE_FILTER');
    expect(reasonOf({ price: 0.1 + 0.2 + 999.7 })).toBeNull(); // 1000.0000000000001 in doubles
    // minPrice 1 (lastPrice 1 keeps the collar and notional out of the way).
    expect(reasonOf({ price: 1, quantity: 10 }, { lastPrice: 1 })).toBeNull();
    expect(reasonOf({ price: 0.99, quantity: 10 }, { lastPrice: 1 })).toBe('PRICE_FILTER');
    // maxPrice 100 000.
    expect(reasonOf({ price: 100_000, quantity: 0.1 }, { lastPrice: 100_000 })).toBeNull();
    expect(reasonOf({ price: 100_000.01, quantity: 0.1 }, { lastPrice: 100_000 })).toBe('PRICE_FILTER');
  });

  it('LOT_SIZE: step multiples within [minQty, maxQty], boundaries included', () => {
    expect(reasonOf({ quantity: 1.001 })).toBeNull();
    expect(reasonOf({ quantity: 1.0001 })).toBe('LOT_SIZE');
    expect(reasonOf({ quantity: 0.1 + 0.2 })).toBeNull(); // 0.30000000000000004
    expect(reasonOf({ quantity: 0.01, price: 1000 })).toBeNull(); // minQty, notional exactly 10
    expect(reasonOf({ quantity: 0.009, price: 1100 })).toBe('LOT_SIZE');
    expect(reasonOf({ quantity: 100, price: 500 }, { lastPrice: 500 })).toBeNull(); // maxQty
    expect(reasonOf({ quantity: 100.001, price: 490 }, { lastPrice: 500 })).toBe('LOT_SIZE');
    expect(reasonOf({ quantity: 100.001, type: 'MARKET', price: null }, { lastPrice: 1 })).toBe('LOT_SIZE');
  });

  it('NOTIONAL: price × quantity within [minNotional, maxNotional], boundaries included', () => {
    expect(reasonOf({ quantity: 0.01, price: 1000 })).toBeNull(); // exactly 10
    expect(reasonOf({ quantity: 0.01, price: 999.99 })).toBe('NOTIONAL'); // 9.9999
    expect(reasonOf({ quantity: 50, price: 1000 })).toBeNull(); // exactly 50 000
    expect(reasonOf({ quantity: 50.001, price: 1000 })).toBe('NOTIONAL');
    expect(reasonOf({ quantity: 50, price: 1000.01 })).toBe('NOTIONAL');
  });

  it('NOTIONAL uses lastPrice for MARKET orders', () => {
    expect(reasonOf({ type: 'MARKET', price: null, quantity: 0.01 })).toBeNull();
    expect(reasonOf({ type: 'MARKET', price: null, quantity: 0.01 }, { lastPrice: 999.99 })).toBe('NOTIONAL');
    expect(reasonOf({ type: 'MARKET', price: null, quantity: 50.001 })).toBe('NOTIONAL');
  });

  it('NOTIONAL boundaries hold despite binary noise in price × quantity', () => {
    expect(1.1 * 3).toBeGreaterThan(3.3);
    expect(1.15 * 3).toBeLessThan(3.45);
    const tight = { ...RULES, minNotional: 3.45, maxNotional: 3.45 };
    expect(reasonOf({ price: 1.15, quantity: 3 }, { rules: tight, lastPrice: 1.15 })).toBeNull();
    const tight2 = { ...RULES, minNotional: 3.3, maxNotional: 3.3 };
    expect(reasonOf({ price: 1.1, quantity: 3 }, { rules: tight2, lastPrice: 1.1 })).toBeNull();
  });

  it('PRICE_COLLAR: a LIMIT price within ±collar of lastPrice, boundaries included', () => {
    expect(reasonOf({ price: 1100, quantity: 0.01 })).toBeNull();
    expect(reasonOf({ price: 1100.01, quantity: 0.01 })).toBe('PRICE_COLLAR');
    expect(reasonOf({ price: 900, quantity: 0.02 })).toBeNull();
    expect(reasonOf({ price: 899.99, quantity: 0.02 })).toBe('PRICE_COLLAR');
    expect(reasonOf({ side: 'SELL', price: 899.99, quantity: 0.02 })).toBe('PRICE_COLLAR');
    // MARKET orders have no price to collar.
    expect(reasonOf({ type: 'MARKET', price: null }, { lastPrice: 1000 })).toBeNull();
  });

  it('INSUFFICIENT_BALANCE: a BUY reserves notional plus the taker fee in quote', () => {
    // 1 × 1000 × (1 + 0.001) = 1001 USDT.
    expect(reasonOf({}, { freeBalances: { USDT: 1001 } })).toBeNull();
    expect(reasonOf({}, { freeBalances: { USDT: 1000.99999999 } })).toBe('INSUFFICIENT_BALANCE');
    expect(reasonOf({}, { freeBalances: { USDT: 1000 }, takerFeeRate: 0 })).toBeNull();
    // MARKET buys reserve at the last price.
    expect(
      reasonOf({ type: 'MARKET', price: null }, { freeBalances: { USDT: 1001 }, lastPrice: 1000 }),
    ).toBeNull();
    expect(
      reasonOf({ type: 'MARKET', price: null }, { freeBalances: { USDT: 1001 }, lastPrice: 1000.01 }),
    ).toBe('INSUFFICIENT_BALANCE');
  });

  it('INSUFFICIENT_BALANCE: a SELL needs the quantity in free base', () => {
    expect(reasonOf({ side: 'SELL', quantity: 2 }, { freeBalances: { BTC: 2 } })).toBeNull();
    expect(reasonOf({ side: 'SELL', quantity: 2 }, { freeBalances: { BTC: 1.999 } })).toBe(
      'INSUFFICIENT_BALANCE',
    );
    expect(reasonOf({ side: 'SELL', quantity: 0.3 }, { freeBalances: { BTC: 0.1 + 0.2 } })).toBeNull();
    expect(reasonOf({ side: 'SELL', quantity: 2 }, { freeBalances: { USDT: 1e9 } })).toBe(
      'INSUFFICIENT_BALANCE',
    );
  });

  it('refuses to judge with an unusable context', () => {
    expect(() => validateNewOrder(request(), ctx({ lastPrice: 0 }))).toThrow(RangeError);
    expect(() => validateNewOrder(request(), ctx({ lastPrice: Number.NaN }))).toThrow(RangeError);
    expect(() => validateNewOrder(request(), ctx({ takerFeeRate: -0.001 }))).toThrow(RangeError);
  });
});

describe('validateNewOrder: first failure wins', () => {
  it('follows the documented order', () => {
    const broke = { freeBalances: {} };
    // Everything wrong: the symbol is reported.
    expect(reasonOf({ symbol: 'X', quantity: -1, price: null }, broke)).toBe('UNKNOWN_SYMBOL');
    expect(reasonOf({ quantity: -1, price: null }, broke)).toBe('INVALID_QUANTITY');
    expect(reasonOf({ quantity: 1.0001, price: null }, broke)).toBe('INVALID_PRICE');
    expect(reasonOf({ type: 'MARKET', quantity: 1.0001, price: 5 }, broke)).toBe('PRICE_NOT_ALLOWED');
    expect(reasonOf({ quantity: 1.0001, price: 5000.005 }, broke)).toBe('PRICE_FILTER');
    expect(reasonOf({ quantity: 1000.0001, price: 5000 }, broke)).toBe('LOT_SIZE');
    expect(reasonOf({ quantity: 99, price: 5000 }, broke)).toBe('NOTIONAL');
    expect(reasonOf({ quantity: 1, price: 5000 }, broke)).toBe('PRICE_COLLAR');
    expect(reasonOf({ quantity: 1, price: 1000 }, broke)).toBe('INSUFFICIENT_BALANCE');
  });

  it('returns null or exactly one of the known rejections, deterministically', () => {
    const known = Object.values(REJECTIONS);
    const arbitraryRequest = fc.record({
      symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      type: fc.constantFrom('MARKET' as const, 'LIMIT' as const),
      timeInForce: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const),
      quantity: fc.oneof(
        fc.double(),
        fc.integer({ min: 0, max: 200_000 }).map((n) => n / 1000),
      ),
      price: fc.option(
        fc.oneof(
          fc.double(),
          fc.integer({ min: 0, max: 200_000 }).map((n) => n / 100),
        ),
      ),
    });
    fc.assert(
      fc.property(arbitraryRequest, fc.integer({ min: 0, max: 100_000 }), (req, usdt) => {
        const context = ctx({ freeBalances: { USDT: usdt, BTC: usdt / 1000 } });
        const result = validateNewOrder(req, context);
        if (result !== null) expect(known).toContainEqual(result);
        expect(validateNewOrder(req, context)).toEqual(result);
      }),
    );
  });

  it('accepts every on-grid order inside all limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 90_000, max: 110_000 }), // price in cents, inside the ±10 % collar
        fc.integer({ min: 12, max: 45_000 }), // quantity in steps: 0.012 × 900 ≥ 10, 45 × 1100 ≤ 50 000
        fc.constantFrom('BUY' as const, 'SELL' as const),
        (cents, steps, side) => {
          const price = cents / 100;
          const quantity = steps / 1000;
          expect(validateNewOrder(request({ price, quantity, side }), ctx())).toBeNull();
        },
      ),
    );
  });
});
