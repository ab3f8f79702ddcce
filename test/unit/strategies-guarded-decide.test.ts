import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { errorMessage, decideGuarded } from '../../domain/strategies/guarded-decide.js';
import { canonicalReason } from '../../domain/strategies/reasons.js';
import { resolveStrategy } from '../../domain/strategies/registry.js';
import type { DecisionContext, MarketSeries, Strategy } from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

const bars = (count: number, close = 100, symbol = 'XUSDT'): Bar[] =>
  Array.from({ length: count }, (_, i) => ({
    symbol,
    openTime: T0 + i * HOUR,
    closeTime: T0 + (i + 1) * HOUR - 1,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));

const spot = (symbol: string, count = 3, close = 100): MarketSeries => ({
  symbol,
  kind: 'spot',
  bars: bars(count, close, symbol),
});

/** buyAndHold, except that it throws whenever it sees the symbol `bad`. */
function throwingFor(bad: string): Strategy {
  const inner = resolveStrategy('buyAndHold', {}).strategy;
  return {
    name: inner.name,
    decide(context) {
      if (context.series.some((series) => series.symbol === bad))
        throw new RangeError(`cannot decide ${bad}:\n  bar 3 is odd`);
      return inner.decide(context);
    },
  };
}

const context = (series: MarketSeries[]): DecisionContext => ({
  decisionTime: T0 + 3 * HOUR,
  series,
  positions: {},
});

describe('decideGuarded', () => {
  it("returns the strategy's own decisions when it does not throw", () => {
    const { strategy } = resolveStrategy('buyAndHold', {});
    const ctx = context([spot('AUSDT'), spot('BUSDT')]);
    expect(decideGuarded(strategy, ctx)).toEqual(strategy.decide(ctx));
  });

  it('turns a throw for one series into a no_trade of class unknown, and decides the others', () => {
    const strategy = throwingFor('BUSDT');
    // BUSDT also has a bar closing at the decision time: the reference price must not use it.
    const late = { ...spot('BUSDT'), bars: [...bars(3, 150, 'BUSDT'), ...bars(4, 200, 'BUSDT').slice(3)] };
    const ctx = context([spot('AUSDT'), late, spot('CUSDT')]);
    const decisions = decideGuarded(strategy, ctx);
    expect(decisions.map((d) => [d.symbol, d.action])).toEqual([
      ['AUSDT', 'enter'],
      ['BUSDT', 'no_trade'],
      ['CUSDT', 'enter'],
    ]);
    expect(decisions[1]).toEqual({
      strategy: 'buyAndHold',
      symbol: 'BUSDT',
      decisionTime: ctx.decisionTime,
      action: 'no_trade',
      reasonRaw: 'strategy_error: RangeError: cannot decide BUSDT: bar 3 is odd',
      reasonCanonical: 'STRATEGY_ERROR',
      confidence: 0,
      referencePrice: 150,
      schemaFail: { failClass: 'unknown', missingFields: [] },
    });
    expect(canonicalReason(decisions[1]!.reasonRaw)).toBe('STRATEGY_ERROR');
    // The decisions of the series that did not throw are exactly what the strategy says alone.
    expect(decisions[0]).toEqual(throwingFor('BUSDT').decide(context([spot('AUSDT')]))[0]);
  });

  it('fails closed on every series when no single series reproduces the throw', () => {
    const strategy: Strategy = {
      name: 'pairs',
      decide(ctx) {
        if (ctx.series.length > 1) throw new Error('pair logic broke');
        return [];
      },
    };
    const decisions = decideGuarded(strategy, context([spot('AUSDT'), spot('BUSDT')]));
    expect(decisions.map((d) => [d.symbol, d.action, d.schemaFail?.failClass, d.reasonRaw])).toEqual([
      ['AUSDT', 'no_trade', 'unknown', 'strategy_error: Error: pair logic broke'],
      ['BUSDT', 'no_trade', 'unknown', 'strategy_error: Error: pair logic broke'],
    ]);
  });

  it('rethrows when there is no series to record the failure against', () => {
    const strategy: Strategy = {
      name: 'broken',
      decide() {
        throw new Error('always');
      },
    };
    expect(() => decideGuarded(strategy, context([]))).toThrow('always');
  });
});

describe('errorMessage', () => {
  it('keeps one bounded line of whatever was thrown', () => {
    expect(errorMessage(new TypeError('x is\nundefined'))).toBe('TypeError: x is undefined');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage('')).toBe('(no message)');
    const long = errorMessage('a'.repeat(1000));
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});
