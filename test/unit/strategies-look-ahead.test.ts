// Look-ahead defence. For every strategy, walking forward through long synthetic spot series and
// prediction markets, the decisions at each time t must be identical whether the strategy is given
// (a) only the bars closed before t, (b) the same plus every later bar (including the bar still
// open at t), or (c) those later bars wildly distorted or corrupted. And the test is not vacuous:
// changing a bar that closed before t does change some decision.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { generateBinaryMarkets } from '../../domain/market-data/binary-markets.js';
import { generateSpotBars } from '../../domain/market-data/synthetic-spot.js';
import { resolveStrategy, STRATEGY_NAMES } from '../../domain/strategies/registry.js';
import type {
  DecisionContext,
  MarketSeries,
  PositionView,
  Strategy,
  StrategyDecision,
} from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const BARS = 500;

const spotSeries: MarketSeries[] = ['BTCUSDT', 'ETHUSDT'].map((symbol, i) => ({
  symbol,
  kind: 'spot',
  bars: generateSpotBars({
    symbol,
    startTime: T0,
    intervalMs: HOUR,
    count: BARS,
    startPrice: 1000 * (i + 1),
    seed: 11 + i,
    annualVolatility: 0.8,
    baseVolume: 50,
  }),
}));

const binarySeries: MarketSeries[] = generateBinaryMarkets({
  seed: 5,
  count: 8,
  categories: ['politics', 'sports', 'weather'],
  startTime: T0,
  endTime: T0 + BARS * HOUR,
  intervalMs: HOUR,
}).map((market) => ({
  symbol: market.symbol,
  kind: 'binary',
  bars: market.bars,
  binary: { category: market.category, resolutionTime: market.resolutionTime },
}));

const ALL_SERIES = [...spotSeries, ...binarySeries];

/** Decision times: bar boundaries and mid-bar instants, so an open bar is sometimes present. */
const TIMES = Array.from({ length: BARS / 2 }, (_, k) => T0 + 2 * k * HOUR + (k % 2 === 0 ? 0 : HOUR / 2));

const withBars = (series: MarketSeries, bars: Bar[]): MarketSeries => ({ ...series, bars });

/** (a) Only the bars closed before t. */
const closedBefore = (t: number) =>
  ALL_SERIES.map((series) =>
    withBars(
      series,
      series.bars.filter((bar) => bar.closeTime < t),
    ),
  );

/** (c) Every bar, the ones not closed at t distorted: prices moved far, some fields corrupted. */
function distortedFuture(t: number): MarketSeries[] {
  return ALL_SERIES.map((series) =>
    withBars(
      series,
      series.bars.map((bar, i) => {
        if (bar.closeTime < t) return bar;
        if (i % 7 === 0) return { ...bar, close: Number.NaN, high: Number.POSITIVE_INFINITY };
        if (series.kind === 'binary') return { ...bar, close: 1 - bar.close, high: 1, low: 0 };
        const factor = i % 2 === 0 ? 5 : 0.1;
        return { ...bar, close: bar.close * factor, high: bar.high * 5, low: bar.low * 0.1 };
      }),
    ),
  );
}

/** Moves the close of the bar `back` bars before the newest one closed before t. */
function shiftedPast(t: number, back: number): MarketSeries[] {
  return closedBefore(t).map((series) => {
    const index = series.bars.length - 1 - back;
    if (index < 0) return series;
    const bars = [...series.bars];
    const bar = bars[index]!;
    const close =
      series.kind === 'binary' ? (bar.close > 0.5 ? bar.close - 0.4 : bar.close + 0.4) : bar.close * 1.3;
    bars[index] = { ...bar, close, high: Math.max(bar.high, close), low: Math.min(bar.low, close) };
    return withBars(series, bars);
  });
}

/** Strategies under test: defaults, plus short lookbacks so that signals fire often. */
const STRATEGIES: Strategy[] = [
  ...STRATEGY_NAMES.map((name) => resolveStrategy(name, {}).strategy),
  resolveStrategy('donchian', { entryLookback: 5, exitLookback: 3, atrLookback: 3 }).strategy,
  resolveStrategy('maCrossover', { fastLookback: 3, slowLookback: 8 }).strategy,
  resolveStrategy('meanReversion', { lookback: 8, entryZ: -1, exitZ: 0.5 }).strategy,
  resolveStrategy('probabilityEdge', { estimatorHalfLifeBars: 3, edgeThreshold: 0.02 }).strategy,
];

interface Walk {
  /** Times at which (b) or (c) differed from (a). */
  mismatches: number[];
  /** Times at which moving a past close changed the decisions. */
  pastSensitive: number;
  codes: Set<string>;
}

/** Walks forward in time, opening and closing positions as the (a) decisions say. */
function walk(strategy: Strategy): Walk {
  const positions: Record<string, PositionView> = {};
  const result: Walk = { mismatches: [], pastSensitive: 0, codes: new Set() };
  const decide = (t: number, series: MarketSeries[]): StrategyDecision[] => {
    const context: DecisionContext = { decisionTime: t, series, positions: { ...positions } };
    return strategy.decide(context);
  };
  for (const t of TIMES) {
    const expected = decide(t, closedBefore(t));
    const same = (other: StrategyDecision[]) => JSON.stringify(other) === JSON.stringify(expected);
    if (!same(decide(t, ALL_SERIES)) || !same(decide(t, distortedFuture(t)))) result.mismatches.push(t);
    if (!same(decide(t, shiftedPast(t, 0))) || !same(decide(t, shiftedPast(t, 3)))) result.pastSensitive++;
    for (const decision of expected) {
      result.codes.add(decision.reasonCanonical);
      if (decision.action === 'enter') {
        positions[decision.symbol] = {
          symbol: decision.symbol,
          quantity: 1,
          averageEntryPrice: decision.referencePrice!,
          entryTime: t,
        };
      }
      if (decision.action === 'exit') delete positions[decision.symbol];
    }
  }
  return result;
}

describe('no strategy looks ahead', () => {
  it.each(STRATEGIES.map((strategy, i) => [`${strategy.name} #${i}`, strategy] as const))(
    '%s: future bars, even distorted, never change a decision; past bars do',
    (_label, strategy) => {
      const result = walk(strategy);
      expect(result.mismatches).toEqual([]);
      // Not vacuous: the decisions do read the past, over many of the sampled times.
      expect(result.pastSensitive).toBeGreaterThan(TIMES.length / 10);
      // And the walk went beyond warm-up into real decisions.
      expect([...result.codes].filter((code) => code !== 'WARMUP').length).toBeGreaterThan(0);
    },
  );

  it('the distortions are real: a strategy fed the future decides differently', () => {
    // A deliberately cheating strategy (reads every bar) must be caught by the same comparison.
    const cheat: Strategy = {
      name: 'cheat',
      decide: (context) =>
        context.series.map((series) => ({
          strategy: 'cheat',
          symbol: series.symbol,
          decisionTime: context.decisionTime,
          action: 'hold',
          reasonRaw: 'hold: cheat',
          reasonCanonical: 'HOLD',
          confidence: 0,
          referencePrice: series.bars[series.bars.length - 1]?.close ?? null,
        })),
    };
    expect(walk(cheat).mismatches.length).toBeGreaterThan(TIMES.length / 2);
  });
});
