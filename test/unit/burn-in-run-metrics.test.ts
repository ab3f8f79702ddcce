import { describe, expect, it } from 'vitest';
import { burnInMetrics, isResolvedPosition, type MetricsTrade } from '../../domain/burn-in/run-metrics.js';

const trade = (overrides: Partial<MetricsTrade>): MetricsTrade => ({
  netPnl: 1,
  fees: 0.1,
  returnPct: 0.01,
  strategy: 'probabilityEdge',
  probability: 0.6,
  outcome: 1,
  regime: { category: 'politics' },
  kind: 'binary',
  exitKind: 'settlement',
  ...overrides,
});

describe('burn-in metrics: round trips, resolved positions, market categories', () => {
  const trades: MetricsTrade[] = [
    trade({ regime: { category: 'politics' } }),
    trade({ regime: { category: 'sports' }, outcome: 0, netPnl: -1, returnPct: -0.01 }),
    trade({ regime: { category: 'sports' } }),
    // Sold before its market resolved, the outcome known by the end of the run: a round trip only.
    trade({ regime: { category: 'crypto' }, exitKind: 'signal' }),
    // Still open at the end of the run, its market unresolved: marked, not resolved.
    trade({ regime: { category: 'economics' }, exitKind: 'end_of_run', outcome: null }),
    // Spot: a round trip, no market category.
    trade({
      kind: 'spot',
      strategy: 'donchian',
      regime: {},
      exitKind: 'signal',
      probability: null,
      outcome: null,
    }),
    trade({
      kind: 'spot',
      strategy: 'donchian',
      regime: {},
      exitKind: 'end_of_run',
      probability: null,
      outcome: null,
    }),
  ];
  const equity = [0, 1, 2].map((day) => ({ time: day * 86_400_000, equity: 100_000 + day }));

  it('a resolved position is a binary position settled at its known outcome', () => {
    expect(trades.map(isResolvedPosition)).toEqual([true, true, true, false, false, false, false]);
  });

  it('counts every round trip, the resolved positions, and their categories (spot is none)', () => {
    const { values, byRegime } = burnInMetrics(equity, trades);
    expect(values.roundTrips.value).toBe(7);
    expect(values.resolvedPositions.value).toBe(3);
    expect(values.marketCategories.value).toBe(2);
    // The category slice still shows every trade, spot under 'spot'.
    expect(byRegime.category!.map((slice) => [slice.key, slice.trades])).toEqual([
      ['crypto', 1],
      ['economics', 1],
      ['politics', 1],
      ['sports', 2],
      ['spot', 2],
    ]);
    // Brier scores every forecast whose outcome is known, the early exit's included.
    expect(values.forecasts.value).toBe(4);
  });
});
