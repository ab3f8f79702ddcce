import { describe, expect, it } from 'vitest';
import { sliceTrades, type TradeLike } from '../../domain/metrics/attribution.js';

const trade = (strategy: string, netPnl: number, returnPct: number, fees = 1): TradeLike => ({
  netPnl,
  fees,
  returnPct,
  strategy,
  category: 'c',
  regime: {},
});

describe('sliceTrades', () => {
  it('groups by key with per-slice statistics, sorted by key', () => {
    // momentum: netPnl 50, 30 (returns 0.05, 0.03): mean 0.04, std sqrt(2·0.01²/1) = 0.0141421 → 2.8284271
    // carry: netPnl −20, 10 (returns −0.02, 0.01): mean −0.005, std 0.0212132 → −0.2357023
    const trades = [
      trade('momentum', 50, 0.05),
      trade('carry', -20, -0.02, 2),
      trade('momentum', 30, 0.03),
      trade('carry', 10, 0.01, 3),
    ];
    const slices = sliceTrades(trades, (t) => t.strategy);
    expect(slices.map((s) => s.key)).toEqual(['carry', 'momentum']);
    const [carry, momentum] = slices;
    expect(carry).toMatchObject({ trades: 2, netPnl: -10, fees: 5, winRate: 0.5, expectancy: -5 });
    expect(carry!.sharpePerTrade).toBeCloseTo(-0.2357023, 6);
    expect(momentum).toMatchObject({ trades: 2, netPnl: 80, fees: 2, winRate: 1, expectancy: 40 });
    expect(momentum!.sharpePerTrade).toBeCloseTo(2.8284271, 6);
  });

  it('sorts by code unit, not locale', () => {
    const slices = sliceTrades([trade('b', 1, 0), trade('B', 1, 0), trade('a', 1, 0)], (t) => t.strategy);
    expect(slices.map((s) => s.key)).toEqual(['B', 'a', 'b']);
  });

  it('gives NaN Sharpe for a one-trade slice and nothing for no trades', () => {
    expect(sliceTrades([trade('x', 5, 0.01)], (t) => t.strategy)[0]!.sharpePerTrade).toBeNaN();
    expect(sliceTrades([], (t: TradeLike) => t.strategy)).toEqual([]);
  });
});
