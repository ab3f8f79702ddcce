// Property tests over random contexts: random-walk spot series and prediction markets of random
// lengths, some with corrupted fields (NaN, ±Infinity, ≤ 0, out-of-range probabilities), random
// decision times (before, inside and after the data) and random positions. Every strategy must be
// deterministic, leave its input untouched, and return one well-formed decision per applicable
// series, with no NaN anywhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { resolveStrategy, STRATEGY_NAMES } from '../../domain/strategies/registry.js';
import type { DecisionContext, MarketSeries, PositionView, Strategy } from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const BAR_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'openTime', 'closeTime'] as const;

const STRATEGIES: Strategy[] = [
  ...STRATEGY_NAMES.map((name) => resolveStrategy(name, {}).strategy),
  resolveStrategy('donchian', { entryLookback: 3, exitLookback: 2, atrLookback: 2 }).strategy,
  resolveStrategy('maCrossover', { fastLookback: 2, slowLookback: 4, atrLookback: 2 }).strategy,
  resolveStrategy('meanReversion', { lookback: 3, entryZ: -0.5, exitZ: 0.2, atrLookback: 2 }).strategy,
  resolveStrategy('probabilityEdge', { estimatorHalfLifeBars: 1.5, edgeThreshold: 0.01, shrinkage: 0.5 })
    .strategy,
];

const corruptionArb = fc.option(
  fc.record({
    index: fc.nat(),
    field: fc.constantFrom(...BAR_FIELDS),
    value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, 1.5),
  }),
  { freq: 3 },
);

function seriesArb(index: number): fc.Arbitrary<MarketSeries> {
  return fc
    .record({
      kind: fc.constantFrom('spot' as const, 'binary' as const),
      start: fc.double({ min: 0.02, max: 0.98, noNaN: true }),
      steps: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { maxLength: 70 }),
      firstBar: fc.integer({ min: 0, max: 20 }),
      resolutionBars: fc.integer({ min: -5, max: 120 }),
      corruption: corruptionArb,
    })
    .map(({ kind, start, steps, firstBar, resolutionBars, corruption }) => {
      const symbol = `${kind === 'spot' ? 'S' : 'PM'}${index}USDT`;
      let level = kind === 'spot' ? Math.log(100 * start) : Math.log(start / (1 - start));
      const bars: Bar[] = steps.map((step, i) => {
        const previous = kind === 'spot' ? Math.exp(level) : 1 / (1 + Math.exp(-level));
        level += step;
        const close = kind === 'spot' ? Math.exp(level) : 1 / (1 + Math.exp(-level));
        const openTime = T0 + (firstBar + i) * HOUR;
        return {
          symbol,
          openTime,
          closeTime: openTime + HOUR - 1,
          open: previous,
          high: Math.max(previous, close),
          low: Math.min(previous, close),
          close,
          volume: 1 + i,
        };
      });
      if (corruption && bars.length > 0) {
        const i = corruption.index % bars.length;
        bars[i] = { ...bars[i]!, [corruption.field]: corruption.value };
      }
      const resolutionTime = T0 + (firstBar + resolutionBars) * HOUR;
      return kind === 'spot'
        ? { symbol, kind, bars }
        : { symbol, kind, bars, binary: { category: 'c', resolutionTime } };
    });
}

const contextArb: fc.Arbitrary<DecisionContext> = fc
  .record({
    series: fc
      .integer({ min: 0, max: 5 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => seriesArb(i)))),
    hour: fc.integer({ min: -2, max: 100 }),
    offset: fc.constantFrom(0, 1, HOUR / 2, HOUR - 1),
    held: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map(({ series, hour, offset, held }) => {
    const positions: Record<string, PositionView> = {};
    series.forEach((s, i) => {
      if (held[i])
        positions[s.symbol] = { symbol: s.symbol, quantity: 2, averageEntryPrice: 1, entryTime: T0 };
    });
    return { decisionTime: T0 + hour * HOUR + offset, series, positions };
  });

/** Freezes the whole context: a strategy that mutates its input throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const finiteOrAbsent = (value: number | undefined) => value === undefined || Number.isFinite(value);

/** The series a strategy must decide for: spot ones, or binary markets open at the decision time. */
function applicable(strategy: Strategy, context: DecisionContext): string[] {
  return context.series
    .filter((s) => {
      if (strategy.name !== 'probabilityEdge') return s.kind === 'spot';
      if (s.kind !== 'binary' || !s.bars.some((bar) => !(bar.closeTime >= context.decisionTime)))
        return false;
      return !(context.decisionTime >= s.binary!.resolutionTime);
    })
    .map((s) => s.symbol)
    .sort();
}

describe('strategy properties', () => {
  it.each(STRATEGIES.map((s, i) => [`${s.name} #${i}`, s] as const))(
    '%s: deterministic, input untouched, one well-formed decision per applicable series',
    (_label, strategy) => {
      fc.assert(
        fc.property(contextArb, (context) => {
          const copy = structuredClone(context);
          const first = strategy.decide(deepFreeze(context));
          expect(strategy.decide(copy)).toEqual(first);
          expect(copy).toEqual(context);
          expect(first.map((d) => d.symbol)).toEqual(applicable(strategy, context));
          for (const decision of first) {
            expect(decision.strategy).toBe(strategy.name);
            expect(decision.decisionTime).toBe(context.decisionTime);
            expect(Number.isFinite(decision.confidence)).toBe(true);
            expect(decision.confidence).toBeGreaterThanOrEqual(0);
            expect(decision.confidence).toBeLessThanOrEqual(1);
            expect(decision.reasonCanonical).not.toBe('UNMAPPED');
            expect(decision.referencePrice === null || Number.isFinite(decision.referencePrice)).toBe(true);
            expect(finiteOrAbsent(decision.stopDistance)).toBe(true);
            expect(finiteOrAbsent(decision.realizedVolatility)).toBe(true);
            expect(finiteOrAbsent(decision.probability)).toBe(true);
            const holding = Object.hasOwn(context.positions, decision.symbol);
            if (decision.action === 'enter') expect(holding).toBe(false);
            if (decision.action === 'exit' || decision.action === 'hold') expect(holding).toBe(true);
            if (decision.schemaFail) expect(decision.action).toBe('no_trade');
          }
        }),
        { numRuns: 300 },
      );
    },
  );
});
