// Hand-computed fixtures for probabilityEdge: a half-life of one bar keeps the exponentially
// weighted logit mean small enough to write out (weights 1/4, 1/2, 1 for a three-bar market).
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { createProbabilityEdge } from '../../domain/strategies/probability-edge.js';
import type { DecisionContext, MarketSeries, PositionView } from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const SYMBOL = 'PM1USDT';

function closes(values: readonly number[], symbol = SYMBOL): Bar[] {
  return values.map((close, i) => ({
    symbol,
    openTime: T0 + i * HOUR,
    closeTime: T0 + (i + 1) * HOUR - 1,
    open: close,
    high: close,
    low: close,
    close,
    volume: 10,
  }));
}

const NOW = T0 + 3 * HOUR; // just after the third bar closed

function market(values: readonly number[], resolutionTime = NOW + 48 * HOUR, symbol = SYMBOL): MarketSeries {
  return {
    symbol,
    kind: 'binary',
    bars: closes(values, symbol),
    binary: { category: 'politics', resolutionTime },
  };
}

function context(series: MarketSeries[], holding = false, decisionTime = NOW): DecisionContext {
  const positions: Record<string, PositionView> = holding
    ? { [SYMBOL]: { symbol: SYMBOL, quantity: 100, averageEntryPrice: 0.4, entryTime: T0 } }
    : {};
  return { decisionTime, series, positions };
}

const strategy = createProbabilityEdge({
  estimatorHalfLifeBars: 1,
  shrinkage: 0.1,
  edgeThreshold: 0.05,
  exitEdge: -0.02,
  minTimeToResolutionMs: 6 * HOUR,
});

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
/** The documented estimator, for three bars with half-life 1: weights 1/4, 1/2, 1. */
const estimate = ([a, b, c]: [number, number, number]) =>
  0.9 * logistic((0.25 * logit(a) + 0.5 * logit(b) + logit(c)) / 1.75) + 0.1 * 0.5;

describe('probabilityEdge', () => {
  const dip: [number, number, number] = [0.5, 0.5, 0.3]; // estimate ≈ 0.393, edge ≈ +0.093
  const rally: [number, number, number] = [0.3, 0.3, 0.6]; // estimate ≈ 0.470, edge ≈ -0.130

  it('buys YES when the estimate exceeds the price by the threshold, far from resolution', () => {
    const [decision] = strategy.decide(context([market(dip)]));
    const p = estimate(dip);
    expect(p).toBeCloseTo(0.39314, 4);
    expect(decision).toMatchObject({
      strategy: 'probabilityEdge',
      symbol: SYMBOL,
      decisionTime: NOW,
      action: 'enter',
      reasonCanonical: 'EDGE_ENTRY',
      referencePrice: 0.3,
    });
    expect(decision!.probability).toBeCloseTo(p, 12);
    expect(decision!.confidence).toBeCloseTo((p - 0.3) / 0.25, 12);
    expect(decision!.reasonRaw).toMatch(
      /^edge_entry: estimate 0\.39\d+ - price 0\.3 = edge 0\.09\d+ >= 0\.05; 48h/,
    );
    expect(decision).not.toHaveProperty('stopDistance');
  });

  it('does not open a position within minTimeToResolutionMs of resolution', () => {
    const [decision] = strategy.decide(context([market(dip, NOW + 2 * HOUR)]));
    expect([decision!.action, decision!.reasonCanonical]).toEqual(['no_trade', 'TOO_CLOSE_TO_RESOLUTION']);
    expect(decision!.reasonRaw).toContain('but 2h to resolution < 6h');
    expect(decision!.probability).toBeCloseTo(estimate(dip), 12);
  });

  it('holds while the edge stays above exitEdge and exits once it falls to it', () => {
    expect(strategy.decide(context([market(dip)], true))[0]).toMatchObject({
      action: 'hold',
      reasonCanonical: 'HOLD',
    });
    const [exit] = strategy.decide(context([market(rally)], true));
    expect(exit).toMatchObject({ action: 'exit', reasonCanonical: 'EDGE_GONE_EXIT' });
    expect(exit!.probability).toBeCloseTo(estimate(rally), 12);
    expect(exit!.confidence).toBeCloseTo((0.6 - estimate(rally)) / 0.25, 12);
  });

  it('stays out when the edge is below the threshold', () => {
    const [decision] = strategy.decide(context([market(rally)]));
    expect([decision!.action, decision!.reasonCanonical]).toEqual(['no_trade', 'EDGE_TOO_SMALL']);
  });

  it('decides only for binary markets open at the decision time, sorted by symbol', () => {
    const decisions = strategy.decide(
      context([
        market(dip, NOW + 48 * HOUR, 'PM9USDT'),
        market(dip, NOW, 'PM5USDT'), // resolves at the decision time: closed
        market(dip, NOW + 48 * HOUR, 'PM2USDT'),
        { ...market(dip, NOW + 48 * HOUR, 'PM3USDT'), bars: [] }, // not listed yet
        {
          ...market(dip, NOW + 48 * HOUR, 'PM4USDT'),
          bars: closes(dip, 'PM4USDT').map((b) => ({ ...b, closeTime: NOW })),
        },
        { symbol: 'BTCUSDT', kind: 'spot', bars: closes([60_000, 61_000, 62_000], 'BTCUSDT') },
      ]),
    );
    expect(decisions.map((d) => d.symbol)).toEqual(['PM2USDT', 'PM9USDT']);
  });

  it('uses one completed bar: the estimate is the shrunk price, never an edge worth trading', () => {
    const [decision] = strategy.decide(context([market([0.2])], false, T0 + HOUR));
    expect(decision!.probability).toBeCloseTo(0.9 * 0.2 + 0.05, 12);
    expect(decision!.reasonCanonical).toBe('EDGE_TOO_SMALL');
  });

  it('reports prices outside [0, 1] and a missing resolution time as data defects', () => {
    const broken = market([0.5, 0.5, 0.5]);
    broken.bars = broken.bars.map((bar, i) => (i === 1 ? { ...bar, close: 1.2 } : bar));
    const [outside] = strategy.decide(context([broken]));
    expect(outside).toMatchObject({
      action: 'no_trade',
      reasonCanonical: 'DATA_DEFECT',
      schemaFail: { failClass: 'integration_defect', missingFields: ['close'] },
    });
    expect(outside).not.toHaveProperty('probability');
    const [unlisted] = strategy.decide(context([{ symbol: SYMBOL, kind: 'binary', bars: closes(dip) }]));
    expect(unlisted!.schemaFail).toEqual({
      failClass: 'integration_defect',
      missingFields: ['binary.resolutionTime'],
    });
  });
});
