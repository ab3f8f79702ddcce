// The maintained reason mapping: every raw reason key any strategy can produce must map to a
// canonical code (never UNMAPPED), and each strategy's keys are listed here so that a new key
// cannot appear without someone adding it to the table and to this list.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { generateBinaryMarkets } from '../../domain/market-data/binary-markets.js';
import { generateSpotBars } from '../../domain/market-data/synthetic-spot.js';
import { canonicalReason, REASON_CODES, REASON_TABLE } from '../../domain/strategies/reasons.js';
import { resolveStrategy, type StrategyName } from '../../domain/strategies/registry.js';
import type { MarketSeries, PositionView } from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe('canonicalReason', () => {
  it('maps a raw reason by the key before the first colon', () => {
    expect(canonicalReason('donchian_breakout: close 61234.5 > 20-bar high 61000.1')).toBe('BREAKOUT_ENTRY');
    expect(canonicalReason('baseline: never trades')).toBe('BASELINE_NO_TRADE');
    expect(canonicalReason('  warmup : 3 of 21: bars')).toBe('WARMUP');
    expect(canonicalReason('hold')).toBe('HOLD');
  });

  it('returns UNMAPPED for unknown keys, including names on Object.prototype', () => {
    for (const raw of ['mystery: x', '', ':', 'constructor: x', '__proto__: x', 'toString', 'Hold: x']) {
      expect(canonicalReason(raw)).toBe('UNMAPPED');
    }
  });

  it('maps every table key to a canonical code other than UNMAPPED', () => {
    for (const [key, code] of Object.entries(REASON_TABLE)) {
      expect(REASON_CODES).toContain(code);
      expect(canonicalReason(`${key}: detail`)).toBe(code);
      expect(code).not.toBe('UNMAPPED');
    }
  });
});

/** The raw reason keys each strategy can produce. */
const KEYS: Record<StrategyName, string[]> = {
  donchian: ['donchian_breakout', 'donchian_breakdown', 'hold', 'no_signal', 'warmup', 'data_defect'],
  maCrossover: ['ma_cross_up', 'ma_cross_down', 'hold', 'no_signal', 'warmup', 'data_defect'],
  meanReversion: ['zscore_oversold', 'zscore_reverted', 'hold', 'no_signal', 'warmup', 'data_defect'],
  buyAndHold: ['buy_and_hold', 'hold', 'warmup', 'data_defect'],
  noTrade: ['baseline'],
  probabilityEdge: [
    'edge_entry',
    'edge_gone',
    'edge_too_small',
    'too_close_to_resolution',
    'hold',
    'data_defect',
  ],
};

/** Keys the runner writes for a strategy (guarded-decide.ts: the strategy threw for a series). */
const RUNNER_KEYS = ['strategy_error'];

/** Small lookbacks so that a few hundred bars reach every branch. */
const CONFIGS: Record<StrategyName, unknown> = {
  donchian: { entryLookback: 5, exitLookback: 3, atrLookback: 3 },
  maCrossover: { fastLookback: 3, slowLookback: 8, atrLookback: 3 },
  meanReversion: { lookback: 8, entryZ: -1.5, exitZ: 0.5, atrLookback: 3 },
  buyAndHold: {},
  noTrade: {},
  probabilityEdge: { estimatorHalfLifeBars: 2, edgeThreshold: 0.03 },
};

const withNaN = (bars: Bar[], index: number): Bar[] =>
  bars.map((bar, i) => (i === index ? { ...bar, close: Number.NaN } : bar));

/** Random walks, a flat series, a series with a defect, and prediction markets (one without metadata). */
function scenarioSeries(): MarketSeries[] {
  const spotBars = (seed: number) =>
    generateSpotBars({
      symbol: `S${seed}USDT`,
      startTime: T0,
      intervalMs: HOUR,
      count: 300,
      startPrice: 100,
      seed,
      annualVolatility: 1,
      baseVolume: 10,
    });
  const flat = spotBars(3).map((bar) => ({ ...bar, open: 50, high: 50, low: 50, close: 50 }));
  const markets = generateBinaryMarkets({
    seed: 9,
    count: 12,
    categories: ['a', 'b'],
    startTime: T0,
    endTime: T0 + 300 * HOUR,
    intervalMs: HOUR,
  });
  return [
    { symbol: 'S1USDT', kind: 'spot', bars: spotBars(1) },
    { symbol: 'S2USDT', kind: 'spot', bars: withNaN(spotBars(2), 150) },
    { symbol: 'S3USDT', kind: 'spot', bars: flat },
    ...markets.map((market, i): MarketSeries => ({
      symbol: market.symbol,
      kind: 'binary',
      bars: i === 0 ? withNaN(market.bars, 40) : market.bars,
      ...(i === 1 ? {} : { binary: { category: market.category, resolutionTime: market.resolutionTime } }),
    })),
  ];
}

describe('every reason a strategy produces is mapped', () => {
  const series = scenarioSeries();
  const everyone: Record<string, PositionView> = Object.fromEntries(
    series.map((s) => [s.symbol, { symbol: s.symbol, quantity: 1, averageEntryPrice: 1, entryTime: T0 }]),
  );

  it.each(Object.keys(KEYS) as StrategyName[])('%s', (name) => {
    const { strategy } = resolveStrategy(name, CONFIGS[name]);
    const seen = new Set<string>();
    for (let hour = 0; hour <= 300; hour++) {
      // Flat everywhere, then holding everywhere: entry and exit branches both get exercised.
      for (const positions of [{}, everyone]) {
        for (const decision of strategy.decide({ decisionTime: T0 + hour * HOUR, series, positions })) {
          expect(decision.reasonCanonical).not.toBe('UNMAPPED');
          expect(canonicalReason(decision.reasonRaw)).toBe(decision.reasonCanonical);
          seen.add(decision.reasonRaw.slice(0, decision.reasonRaw.indexOf(':')));
        }
      }
    }
    expect([...seen].sort()).toEqual([...KEYS[name]].sort());
  });

  it('the table has no key that no strategy (or the runner) produces', () => {
    expect(Object.keys(REASON_TABLE).sort()).toEqual(
      [...new Set([...Object.values(KEYS).flat(), ...RUNNER_KEYS])].sort(),
    );
  });
});
