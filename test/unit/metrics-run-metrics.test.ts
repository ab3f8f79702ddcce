import { describe, expect, it } from 'vitest';
import type { TradeLike } from '../../domain/metrics/attribution.js';
import { METRIC_NAMES } from '../../domain/metrics/metric-names.js';
import { computeRunMetrics, type RunMetricsInput } from '../../domain/metrics/run-metrics.js';

const DAY = 86_400_000;
const curve = (values: readonly number[]) => values.map((equity, i) => ({ time: i * DAY, equity }));

const trade = (
  netPnl: number,
  returnPct: number,
  strategy: string,
  category: string,
  regime: Record<string, string>,
): TradeLike => ({ netPnl, fees: 1, returnPct, strategy, category, regime });

// Equity 100 → 101 → 98.98 → 101.9494 is the returns 0.01, −0.02, 0.03 (metrics-returns.test.ts):
// Sharpe 4.2052599 (252/yr), Sortino 9.1651514, volatility 0.3994997.
// Max drawdown 101 → 98.98 = 2 %, peak 1, trough 2, recovered at 3: duration 2.
// CAGR: 1.019494^(252/3) − 1; Calmar = CAGR / 0.02.
// Trades: returns 0.05, −0.02, 0.03, 0.01 → mean 0.0175, deviations 0.0325, −0.0375, 0.0125, −0.0075,
// Σd² = 0.002675, std sqrt(0.002675/3) = 0.0298608 → sharpePerTrade 0.5860529;
// skew −0.2439429, kurt 1.7445192 → V = 1 + 0.2439429·0.5860529 + 0.1861298·0.3434580 = 1.2068912;
// SE sqrt(1.2068912/(4 − 1)) = 0.6342689; 95 % CI 0.5860529 ± 1.2431442 = [−0.6570914, 1.8291971];
// width 0.1 needs n − 1 ≥ 4·3.8414588·1.2068912/0.01 = 1854.49, n = 1856 trades → 1852 more;
// PSR Φ(0.5860529 / 0.6342689) = Φ(0.9239817) = 0.8222521 (the same SE as the interval).
// netPnl 50, −20, 30, 10: win rate 3/4, profit factor 90/20 = 4.5, expectancy 70/4 = 17.5.
const INPUT: RunMetricsInput = {
  equity: curve([100, 101, 98.98, 101.9494]),
  periodsPerYear: 252,
  trades: [
    trade(50, 0.05, 'momentum', 'crypto', { trend: 'up', vol: 'high' }),
    trade(-20, -0.02, 'carry', 'rates', { trend: 'down' }),
    trade(30, 0.03, 'momentum', 'crypto', { trend: 'up', vol: 'low' }),
    trade(10, 0.01, 'carry', 'fx', {}),
  ],
  forecasts: [
    { probability: 0.9, outcome: 1 },
    { probability: 0.9, outcome: 1 },
    { probability: 0.9, outcome: 0 },
    { probability: 0.2, outcome: 0 },
    { probability: 0.2, outcome: 1 },
    { probability: 0.2, outcome: 0 },
    { probability: 0.2, outcome: 0 },
    { probability: 0.5, outcome: 1 },
  ],
};

describe('computeRunMetrics', () => {
  const metrics = computeRunMetrics(INPUT);
  const v = (name: (typeof METRIC_NAMES)[number]) => metrics.values[name].value;

  it('reports every metric name', () => {
    expect(Object.keys(metrics.values).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('computes the period metrics from the equity curve', () => {
    expect(v('sharpe')).toBeCloseTo(4.2052599, 5);
    expect(v('sortino')).toBeCloseTo(9.1651514, 5);
    expect(v('volatility')).toBeCloseTo(0.3994997, 6);
    expect(v('maxDrawdownPct')).toBeCloseTo(0.02, 12);
    expect(v('maxDrawdownDurationPeriods')).toBe(2);
    expect(v('longestDrawdownPeriods')).toBe(2);
    const growth = 1.019494 ** (252 / 3) - 1;
    expect(v('cagr')).toBeCloseTo(growth, 9);
    expect(v('calmar')).toBeCloseTo(growth / 0.02, 6);
    expect(metrics.periodReturns.map((r) => Number(r.toFixed(12)))).toEqual([0.01, -0.02, 0.03]);
    expect(metrics.drawdown.map((d) => Number(d.toFixed(12)))).toEqual([0, 0, 0.02, 0]);
    expect(metrics.maxDrawdown).toMatchObject({ peakIndex: 1, troughIndex: 2, recoveryIndex: 3 });
  });

  it('computes the trade metrics and the per-trade Sharpe inference', () => {
    expect(v('roundTrips')).toBe(4);
    // No trade is marked resolved (held to its market's resolution): nothing resolved, no categories.
    expect(v('resolvedPositions')).toBe(0);
    expect(v('marketCategories')).toBe(0);
    expect(v('totalNetPnl')).toBe(70);
    expect(v('totalFees')).toBe(4);
    expect(v('winRate')).toBe(0.75);
    expect(v('profitFactor')).toBe(4.5);
    expect(v('expectancy')).toBe(17.5);
    expect(v('sharpePerTrade')).toBeCloseTo(0.5860529, 6);
    expect(v('tradeReturnSkewness')).toBeCloseTo(-0.2439429, 6);
    expect(v('tradeReturnKurtosis')).toBeCloseTo(1.7445192, 6);
    expect(v('sharpePerTradeStandardError')).toBeCloseTo(0.6342689, 6);
    expect(v('sharpePerTradeCiLower')).toBeCloseTo(-0.6570914, 6);
    expect(v('sharpePerTradeCiUpper')).toBeCloseTo(1.8291971, 6);
    expect(v('furtherTradesForTargetWidth')).toBe(1852);
    expect(v('probabilisticSharpeRatio')).toBeCloseTo(0.8222521, 6);
  });

  it('computes the forecast metrics (see metrics-brier.test.ts for the arithmetic)', () => {
    expect(v('forecasts')).toBe(8);
    expect(v('brier')).toBeCloseTo(0.23, 12);
    expect(v('brierReliability')).toBeCloseTo(0.0529167, 6);
    expect(v('brierResolution')).toBeCloseTo(0.0729167, 6);
    expect(v('brierUncertainty')).toBe(0.25);
    expect(metrics.calibrationBins).toHaveLength(3);
  });

  it('honours sharpeTargetWidth and benchmarkSharpe', () => {
    const custom = computeRunMetrics({ ...INPUT, sharpeTargetWidth: 1, benchmarkSharpe: 0.5860529 });
    // ceil(4·3.8414588·1.2068912/1) + 1 = 19 + 1 = 20 → 16 more; PSR against its own estimate ≈ 0.5.
    expect(custom.values.furtherTradesForTargetWidth.value).toBe(16);
    expect(custom.values.probabilisticSharpeRatio.value).toBeCloseTo(0.5, 6);
  });

  it('marks every metric defined on this run', () => {
    for (const name of METRIC_NAMES)
      expect(metrics.values[name], name).toEqual({ value: v(name), defined: true });
  });

  it('slices by strategy and by every regime tag plus category', () => {
    expect(metrics.byStrategy.map((s) => [s.key, s.trades, s.netPnl])).toEqual([
      ['carry', 2, -10],
      ['momentum', 2, 80],
    ]);
    expect(Object.keys(metrics.byRegime).sort()).toEqual(['category', 'trend', 'vol']);
    expect(metrics.byRegime.trend!.map((s) => [s.key, s.trades])).toEqual([
      ['(untagged)', 1],
      ['down', 1],
      ['up', 2],
    ]);
    expect(metrics.byRegime.vol!.map((s) => [s.key, s.trades])).toEqual([
      ['(untagged)', 2],
      ['high', 1],
      ['low', 1],
    ]);
    expect(metrics.byRegime.category!.map((s) => [s.key, s.netPnl])).toEqual([
      ['crypto', 80],
      ['fx', 10],
      ['rates', -20],
    ]);
  });
});

describe('computeRunMetrics counts', () => {
  it('roundTrips counts every trade; resolvedPositions and marketCategories only the resolved ones', () => {
    const resolved = (category: string): TradeLike => ({
      ...trade(5, 0.05, 'edge', category, {}),
      resolved: true,
    });
    const { values } = computeRunMetrics({
      equity: [],
      periodsPerYear: 365,
      trades: [
        trade(1, 0.01, 'trend', 'spot', {}),
        trade(2, 0.02, 'edge', 'sports', {}),
        resolved('politics'),
        resolved('politics'),
        resolved('crypto'),
        { ...trade(3, 0.03, 'edge', 'economics', {}), resolved: false },
      ],
      forecasts: [],
    });
    expect(values.roundTrips.value).toBe(6);
    expect(values.resolvedPositions.value).toBe(3);
    expect(values.marketCategories.value).toBe(2);
  });
});

describe('computeRunMetrics on degenerate runs', () => {
  it('never throws on empty input, and says why each metric is undefined', () => {
    const metrics = computeRunMetrics({ equity: [], periodsPerYear: 365, trades: [], forecasts: [] });
    const { values } = metrics;
    expect(values.roundTrips).toEqual({ value: 0, defined: true });
    expect(values.resolvedPositions).toEqual({ value: 0, defined: true });
    expect(values.marketCategories).toEqual({ value: 0, defined: true });
    expect(values.totalNetPnl).toEqual({ value: 0, defined: true });
    expect(values.sharpe).toMatchObject({ defined: false, reason: 'fewer than 2 period returns' });
    expect(values.sortino).toMatchObject({ defined: false, reason: 'no period returns' });
    expect(values.maxDrawdownPct).toMatchObject({ defined: false, reason: 'no equity points' });
    expect(values.cagr).toMatchObject({ defined: false, reason: 'fewer than 2 equity points' });
    expect(values.calmar).toMatchObject({ defined: false, reason: 'fewer than 2 equity points' });
    expect(values.sharpePerTrade).toMatchObject({ defined: false, reason: 'fewer than 2 trades' });
    expect(values.winRate).toMatchObject({ defined: false, reason: 'no trades' });
    expect(values.profitFactor).toMatchObject({ defined: false, reason: 'no trades' });
    expect(values.brier).toMatchObject({ defined: false, reason: 'no forecasts' });
    expect(values.probabilisticSharpeRatio).toMatchObject({ defined: false, reason: 'fewer than 2 trades' });
    expect(values.furtherTradesForTargetWidth).toMatchObject({
      defined: false,
      reason: 'fewer than 2 trades',
    });
    expect(metrics.periodReturns).toEqual([]);
    expect(metrics.byStrategy).toEqual([]);
    expect(metrics.byRegime).toEqual({ category: [] });
  });

  it('reports zero variance on a flat equity curve and identical trades', () => {
    const { values } = computeRunMetrics({
      equity: curve([100, 100, 100]),
      periodsPerYear: 365,
      trades: [trade(5, 0.01, 's', 'c', {}), trade(5, 0.01, 's', 'c', {})],
      forecasts: [],
    });
    expect(values.sharpe).toMatchObject({ defined: false, reason: 'zero variance of period returns' });
    expect(values.sortino).toMatchObject({ defined: false, reason: 'no negative period returns' });
    expect(values.volatility).toEqual({ value: 0, defined: true });
    expect(values.maxDrawdownPct).toEqual({ value: 0, defined: true });
    expect(values.calmar).toMatchObject({ defined: false, reason: 'zero max drawdown' });
    expect(values.cagr).toEqual({ value: 0, defined: true });
    expect(values.sharpePerTrade).toMatchObject({ defined: false, reason: 'zero variance of trade returns' });
    expect(values.sharpePerTradeCiLower).toMatchObject({
      defined: false,
      reason: 'zero variance of trade returns',
    });
    expect(values.profitFactor).toMatchObject({ defined: false, reason: 'no losing trades' });
    expect(values.winRate).toEqual({ value: 1, defined: true });
  });

  it('reports one equity point as no drawdown but no returns', () => {
    const { values } = computeRunMetrics({
      equity: curve([100]),
      periodsPerYear: 365,
      trades: [],
      forecasts: [],
    });
    expect(values.maxDrawdownPct).toEqual({ value: 0, defined: true });
    expect(values.volatility).toMatchObject({ defined: false, reason: 'fewer than 2 period returns' });
  });
});

describe('computeRunMetrics input validation', () => {
  const base: RunMetricsInput = { equity: curve([100, 101]), periodsPerYear: 365, trades: [], forecasts: [] };
  const cases: [string, RunMetricsInput, RegExp][] = [
    ['non-positive equity', { ...base, equity: curve([100, 0]) }, /equity\[1\]\.equity/],
    ['NaN equity', { ...base, equity: curve([NaN]) }, /equity\[0\]\.equity/],
    ['infinite time', { ...base, equity: [{ time: Infinity, equity: 1 }] }, /equity\[0\]\.time/],
    ['zero periodsPerYear', { ...base, periodsPerYear: 0 }, /periodsPerYear/],
    ['NaN netPnl', { ...base, trades: [trade(NaN, 0, 's', 'c', {})] }, /trades\[0\]\.netPnl/],
    ['infinite returnPct', { ...base, trades: [trade(1, Infinity, 's', 'c', {})] }, /trades\[0\]\.returnPct/],
    ['reserved regime key', { ...base, trades: [trade(1, 0, 's', 'c', { category: 'x' })] }, /category/],
    [
      'probability > 1',
      { ...base, forecasts: [{ probability: 1.5, outcome: 1 }] },
      /forecasts\[0\]\.probability/,
    ],
    ['zero target width', { ...base, sharpeTargetWidth: 0 }, /sharpeTargetWidth/],
    ['NaN benchmark', { ...base, benchmarkSharpe: NaN }, /benchmarkSharpe/],
  ];
  it.each(cases)('rejects %s with a RangeError naming the field', (_label, input, field) => {
    expect(() => computeRunMetrics(input)).toThrow(RangeError);
    expect(() => computeRunMetrics(input)).toThrow(field);
  });
});
