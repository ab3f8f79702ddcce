import { describe, expect, it } from 'vitest';
import { expectancy, profitFactor, winRate } from '../../domain/metrics/trades.js';

const trade = (netPnl: number) => ({ netPnl, returnPct: netPnl / 1000 });

describe('trade statistics', () => {
  // netPnl [10, −5, 0, 20, −15]: wins 10 and 20 → 2/5 = 0.4 (break-even is not a win);
  // gross profit 30, gross loss 5 + 15 = 20 → profit factor 1.5; expectancy (10 − 5 + 0 + 20 − 15) / 5 = 2.
  const trades = [10, -5, 0, 20, -15].map(trade);

  it('computes the hand-worked fixture', () => {
    expect(winRate(trades)).toBe(0.4);
    expect(profitFactor(trades)).toBe(1.5);
    expect(expectancy(trades)).toBe(2);
  });

  it('is NaN with no trades', () => {
    expect(winRate([])).toBeNaN();
    expect(profitFactor([])).toBeNaN();
    expect(expectancy([])).toBeNaN();
  });

  it('gives no profit factor without a losing trade, and 0 without a winning one', () => {
    expect(profitFactor([10, 0, 5].map(trade))).toBeNaN();
    expect(profitFactor([-10, -5].map(trade))).toBe(0);
  });
});
