import { describe, expect, it } from 'vitest';
import {
  annualizedVolatility,
  sharpePerTrade,
  sharpeRatio,
  sortinoRatio,
} from '../../domain/metrics/ratios.js';
import { cagr, periodReturns } from '../../domain/metrics/returns.js';

// r = [0.01, −0.02, 0.03]: mean 0.02/3 = 0.0066667; deviations 0.0033333, −0.0266667, 0.0233333;
// squares 1.1111e−5 + 7.1111e−4 + 5.4444e−4 = 1.2666667e−3; / (3 − 1) = 6.3333e−4 → std 0.0251661.
// per-period Sharpe 0.0066667 / 0.0251661 = 0.2649065; × sqrt(252) = 4.2052599.
// downside deviation sqrt((0 + 0.0004 + 0) / 3) = 0.0115470 → Sortino 0.5773503 × sqrt(252) = 9.1651514.
// volatility 0.0251661 × sqrt(252) = 0.3994997.
const R = [0.01, -0.02, 0.03];

describe('periodReturns', () => {
  it('computes simple returns e_i / e_{i−1} − 1', () => {
    // 100 → 110 is +10 %, 110 → 99 is −10 %, 99 → 99 is 0.
    const returns = periodReturns([100, 110, 99, 99]);
    expect(returns).toHaveLength(3);
    expect(returns[0]).toBeCloseTo(0.1, 12);
    expect(returns[1]).toBeCloseTo(-0.1, 12);
    expect(returns[2]).toBe(0);
  });

  it('is empty for fewer than two points', () => {
    expect(periodReturns([])).toEqual([]);
    expect(periodReturns([100])).toEqual([]);
  });

  it('rejects non-positive or non-finite equity, naming the index', () => {
    expect(() => periodReturns([100, 0])).toThrow(/equity\[1\]/);
    expect(() => periodReturns([100, NaN])).toThrow(RangeError);
    expect(() => periodReturns([-1])).toThrow(/equity\[0\]/);
  });
});

describe('sharpeRatio / sharpePerTrade', () => {
  it('computes the hand-worked fixture', () => {
    expect(sharpePerTrade(R)).toBeCloseTo(0.2649065, 6);
    expect(sharpeRatio(R, 252)).toBeCloseTo(4.2052599, 6);
    expect(sharpeRatio(R, 1)).toBeCloseTo(sharpePerTrade(R), 12);
  });

  it('is NaN for fewer than two returns or zero variance', () => {
    expect(sharpeRatio([], 252)).toBeNaN();
    expect(sharpeRatio([0.01], 252)).toBeNaN();
    expect(sharpeRatio([0.01, 0.01, 0.01], 252)).toBeNaN();
    expect(sharpePerTrade([0, 0])).toBeNaN();
  });

  it('rejects a non-positive periodsPerYear', () => {
    expect(() => sharpeRatio(R, 0)).toThrow(/periodsPerYear/);
  });
});

describe('sortinoRatio', () => {
  it('divides by the downside deviation over all periods', () => {
    expect(sortinoRatio(R, 252)).toBeCloseTo(9.1651514, 6);
    expect(sortinoRatio(R, 1)).toBeCloseTo(0.5773503, 6);
  });

  it('is NaN with no returns or no negative return', () => {
    expect(sortinoRatio([], 252)).toBeNaN();
    expect(sortinoRatio([0.01, 0, 0.02], 252)).toBeNaN();
  });

  it('is defined for a single negative return', () => {
    // mean −0.02, downside sqrt(0.0004 / 1) = 0.02 → −1 per period.
    expect(sortinoRatio([-0.02], 1)).toBeCloseTo(-1, 12);
  });
});

describe('annualizedVolatility', () => {
  it('is sampleStd × sqrt(periodsPerYear)', () => {
    expect(annualizedVolatility(R, 252)).toBeCloseTo(0.3994997, 6);
  });

  it('is 0 for a flat series and NaN for fewer than two returns', () => {
    expect(annualizedVolatility([0, 0, 0], 252)).toBe(0);
    expect(annualizedVolatility([0.01], 252)).toBeNaN();
  });
});

describe('cagr', () => {
  it('compounds to an annual rate', () => {
    // 100 → 121 over 24 monthly periods: 1.21^(12/24) − 1 = 1.1 − 1 = 0.1.
    expect(cagr(100, 121, 24, 12)).toBeCloseTo(0.1, 12);
    // 100 → 110 over one year of daily periods: 10 %.
    expect(cagr(100, 110, 365, 365)).toBeCloseTo(0.1, 12);
    // Half a year at +10 %: 1.1² − 1 = 0.21.
    expect(cagr(100, 110, 6, 12)).toBeCloseTo(0.21, 12);
  });

  it('is −1 when everything is lost and NaN without periods', () => {
    expect(cagr(100, 0, 12, 12)).toBe(-1);
    expect(cagr(100, 110, 0, 12)).toBeNaN();
  });
});
