// Hand-computed fixtures for sizeEntry: each method, each cap, lot rounding and the skip reasons,
// and the RangeErrors that invalid input must raise.
import { describe, expect, it } from 'vitest';
import { sizeEntry } from '../../domain/sizing/size-entry.js';
import type { SizingInput } from '../../domain/sizing/types.js';

const BTC_RULES = { stepSize: 0.0001, minQty: 0.0001, maxQty: 100, minNotional: 10 };

const fixedFraction: SizingInput = {
  symbol: 'BTCUSDT',
  method: 'fixedFraction',
  equity: 10_000,
  price: 60_000,
  riskOn: true,
  riskFraction: 0.01,
  stopDistance: 500,
  rules: BTC_RULES,
};

const volatilityTarget: SizingInput = {
  symbol: 'ETHUSDT',
  method: 'volatilityTarget',
  equity: 100_000,
  price: 2000,
  riskOn: true,
  targetVolatility: 0.2,
  realizedVolatility: 0.4,
  baseFraction: 0.5,
  scaleFloor: 0.25,
  scaleCap: 2,
  rules: { stepSize: 0.01, minQty: 0.01, maxQty: 1000, minNotional: 5 },
};

const kelly: SizingInput = {
  symbol: 'PM1USDT',
  method: 'kelly',
  equity: 1000,
  price: 0.4,
  riskOn: true,
  probability: 0.6,
  kellyFraction: 0.5,
  rules: { stepSize: 1, minQty: 1, maxQty: 1_000_000, minNotional: 1 },
};

describe('sizeEntry methods', () => {
  it('fixedFraction: loses riskFraction of equity at the stop', () => {
    // 10 000 × 1 % / 500 = 0.2 BTC; 0.2 × 500 = 100 at risk.
    expect(sizeEntry(fixedFraction)).toEqual({
      quantity: 0.2,
      line: {
        symbol: 'BTCUSDT',
        method: 'fixedFraction',
        probability: null,
        riskOn: true,
        sizeMultiplier: 1,
        riskQuote: 100,
        notional: 12_000,
        quantity: 0.2,
        cappedBy: [],
        skippedReason: null,
      },
    });
  });

  it('volatilityTarget: scales the base fraction by target / realised, within floor and cap', () => {
    // scale 0.2 / 0.4 = 0.5 → notional 100 000 × 0.5 × 0.5 = 25 000 → 12.5 ETH; risk 25 000 × 0.4.
    expect(sizeEntry(volatilityTarget).line).toMatchObject({
      sizeMultiplier: 0.5,
      notional: 25_000,
      quantity: 12.5,
      riskQuote: 10_000,
    });
    // scale 0.2 / 0.05 = 4 → capped at 2 → notional 100 000 → 50 ETH.
    expect(sizeEntry({ ...volatilityTarget, realizedVolatility: 0.05 }).line).toMatchObject({
      sizeMultiplier: 2,
      quantity: 50,
    });
    // A series that never moved: the ratio is infinite, the cap applies.
    expect(sizeEntry({ ...volatilityTarget, realizedVolatility: 0 }).line.sizeMultiplier).toBe(2);
    // scale 0.2 / 2 = 0.1 → floor 0.25 → notional 12 500 → 6.25 ETH.
    expect(sizeEntry({ ...volatilityTarget, realizedVolatility: 2 }).line).toMatchObject({
      sizeMultiplier: 0.25,
      quantity: 6.25,
    });
  });

  it('kelly: stakes kellyFraction × f* of equity on YES', () => {
    // f* = (0.6 − 0.4) / 0.6 = 1/3; multiplier 1/6; stake 166.67 → 416.67 tokens → 416 (step 1).
    const { quantity, line } = sizeEntry(kelly);
    expect(quantity).toBe(416);
    expect(line.sizeMultiplier).toBeCloseTo(1 / 6, 12);
    expect(line).toMatchObject({ probability: 0.6, notional: 166.4, riskQuote: 166.4, skippedReason: null });
  });

  it('kelly: no edge, no stake', () => {
    expect(sizeEntry({ ...kelly, probability: 0.35 })).toEqual({
      quantity: 0,
      line: expect.objectContaining({
        sizeMultiplier: 0,
        quantity: 0,
        notional: 0,
        skippedReason: 'no edge: probability 0.35 <= price 0.4',
      }) as unknown,
    });
  });

  it('risk off sizes nothing but still logs what would have applied', () => {
    expect(sizeEntry({ ...volatilityTarget, riskOn: false })).toEqual({
      quantity: 0,
      line: {
        symbol: 'ETHUSDT',
        method: 'volatilityTarget',
        probability: null,
        riskOn: false,
        sizeMultiplier: 0.5,
        riskQuote: 0,
        notional: 0,
        quantity: 0,
        cappedBy: [],
        skippedReason: 'risk off',
      },
    });
  });
});

describe('sizeEntry caps and lot rules', () => {
  it('caps the notional at maxNotional, then at maxLeverage × equity, then maxQty', () => {
    // 5000 / 60 000 = 0.08333… → 0.0833 BTC.
    expect(sizeEntry({ ...fixedFraction, maxNotional: 5000 }).line).toMatchObject({
      quantity: 0.0833,
      notional: 4998,
      riskQuote: 41.65,
      cappedBy: ['maxNotional'],
    });
    expect(sizeEntry({ ...fixedFraction, maxLeverage: 0.5 }).line).toMatchObject({
      quantity: 0.0833,
      cappedBy: ['maxLeverage'],
    });
    expect(sizeEntry({ ...fixedFraction, maxNotional: 8000, maxLeverage: 0.5 }).line.cappedBy).toEqual([
      'maxNotional',
      'maxLeverage',
    ]);
    expect(sizeEntry({ ...fixedFraction, maxNotional: 1000, maxLeverage: 0.5 }).line.cappedBy).toEqual([
      'maxNotional',
    ]);
    expect(sizeEntry({ ...fixedFraction, rules: { ...BTC_RULES, maxQty: 0.05 } }).line).toMatchObject({
      quantity: 0.05,
      cappedBy: ['maxQty'],
    });
    // A maxQty off the step grid is itself rounded down to it.
    expect(sizeEntry({ ...fixedFraction, rules: { ...BTC_RULES, maxQty: 0.05005 } }).quantity).toBe(0.05);
  });

  it('rounds down to the step with float-safe arithmetic: 0.3 at step 0.1 is 3 steps', () => {
    // 1 × 0.3 / 1 = 0.3, and 0.3 / 0.1 is 2.9999999999999996 in binary: a naive floor gives 0.2.
    const input: SizingInput = {
      ...fixedFraction,
      equity: 1,
      riskFraction: 0.3,
      stopDistance: 1,
      price: 100,
      rules: { stepSize: 0.1, minQty: 0.1, maxQty: 10, minNotional: 1 },
    };
    expect(sizeEntry(input).quantity).toBe(0.3);
    expect(sizeEntry({ ...input, riskFraction: 0.39 }).quantity).toBe(0.3);
    // 30 / 100 = 0.3 under a notional cap, and the logged notional is the clean 30.
    expect(sizeEntry({ ...input, riskFraction: 1, maxNotional: 30 }).line).toMatchObject({
      quantity: 0.3,
      notional: 30,
    });
  });

  it('skips quantities below minQty or notionals below minNotional, saying why', () => {
    expect(sizeEntry({ ...fixedFraction, rules: { ...BTC_RULES, minQty: 0.5 } }).line).toMatchObject({
      quantity: 0,
      skippedReason: 'quantity 0.2 below minQty 0.5',
    });
    expect(sizeEntry({ ...fixedFraction, rules: { ...BTC_RULES, minNotional: 20_000 } }).line).toMatchObject({
      quantity: 0,
      notional: 0,
      skippedReason: 'notional 12000 below minNotional 20000',
    });
    const tiny = sizeEntry({ ...fixedFraction, equity: 1, rules: { ...BTC_RULES, minQty: 0 } });
    expect(tiny.quantity).toBe(0);
    expect(tiny.line.skippedReason).toMatch(/^quantity 0\.00002 rounds to 0 at stepSize 0\.0001$/);
  });
});

describe('sizeEntry input errors', () => {
  const { stopDistance: _omitted, ...withoutStop } = fixedFraction;
  it.each<[string, SizingInput, RegExp]>([
    [
      'NaN equity',
      { ...fixedFraction, equity: Number.NaN },
      /^sizing BTCUSDT: equity must be a finite number > 0 \(got NaN\); pass the account equity/,
    ],
    ['zero price', { ...fixedFraction, price: 0 }, /price must be a finite number > 0 \(got 0\)/],
    ['negative equity', { ...fixedFraction, equity: -5 }, /equity must be a finite number > 0/],
    [
      'missing stop',
      withoutStop,
      /stopDistance must be a finite number > 0 \(got undefined\); fixedFraction sizing needs the stop distance/,
    ],
    [
      'risk fraction above 1',
      { ...fixedFraction, riskFraction: 2 },
      /riskFraction must be a number in \(0, 1\]/,
    ],
    [
      'missing scale cap',
      { ...volatilityTarget, scaleCap: undefined },
      /scaleCap must be a finite number > 0 \(got undefined\)/,
    ],
    ['cap below floor', { ...volatilityTarget, scaleFloor: 3 }, /scaleCap must be >= scaleFloor \(3\)/],
    [
      'missing probability',
      { ...kelly, probability: undefined },
      /probability must be a number in \[0, 1\] \(got undefined\); kelly sizing needs/,
    ],
    ['kelly price of 1', { ...kelly, price: 1 }, /price must be below 1 for kelly/],
    [
      'a NaN field the method does not use',
      { ...fixedFraction, realizedVolatility: Number.NaN },
      /realizedVolatility must be a finite number >= 0 \(got NaN\); omit it/,
    ],
    [
      'negative maxNotional',
      { ...fixedFraction, maxNotional: -1 },
      /maxNotional must be a finite number >= 0/,
    ],
    [
      'unknown method',
      { ...fixedFraction, method: 'martingale' as SizingInput['method'] },
      /method must be one of fixedFraction, volatilityTarget, kelly/,
    ],
    [
      'a step that is no decimal',
      { ...fixedFraction, rules: { ...BTC_RULES, stepSize: 1 / 3 } },
      /rules.stepSize must be a decimal step/,
    ],
    [
      'maxQty below minQty',
      { ...fixedFraction, rules: { ...BTC_RULES, minQty: 200 } },
      /rules.maxQty must be a finite number > 0 and >= minQty/,
    ],
  ])('%s', (_label, input, message) => {
    expect(() => sizeEntry(input)).toThrow(RangeError);
    expect(() => sizeEntry(input)).toThrow(message);
  });

  it('validates even when risk is off: invalid input is a bug whatever the desk state', () => {
    expect(() => sizeEntry({ ...fixedFraction, riskOn: false, equity: Number.NaN })).toThrow(RangeError);
  });
});
