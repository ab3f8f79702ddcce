import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { BarIndex } from '../../domain/market-data/bar-index.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Minute bars with gaps: bar k opens at T0 + offsets[k] minutes; its close is 100 + k. */
function barsAt(offsets: number[]): Bar[] {
  return [...new Set(offsets)]
    .sort((a, b) => a - b)
    .map((minute, k) => ({
      symbol: 'BTCUSDT',
      openTime: T0 + minute * MINUTE,
      closeTime: T0 + (minute + 1) * MINUTE - 1,
      open: 99 + k,
      high: 101 + k,
      low: 98 + k,
      close: 100 + k,
      volume: 1,
    }));
}

const offsets = fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 60 });
const instant = fc.integer({ min: T0 - 5 * MINUTE, max: T0 + 510 * MINUTE });

describe('BarIndex: which bars were known at an instant', () => {
  it('completedBefore(t) is exactly the bars with closeTime < t, and lastTrade the latest of them', () => {
    fc.assert(
      fc.property(offsets, instant, (minutes, t) => {
        const series = barsAt(minutes);
        const index = new BarIndex(new Map([['BTCUSDT', series]]));
        const known = series.filter((bar) => bar.closeTime < t);
        expect(index.completedBefore('BTCUSDT', t)).toEqual(known);
        const last = known.at(-1);
        expect(index.lastTrade('BTCUSDT', t)).toEqual(
          last
            ? { price: last.close, time: last.closeTime }
            : { price: series[0]!.open, time: series[0]!.openTime },
        );
      }),
    );
  });

  it('completedBetween(from, to) is the bars with from <= closeTime < to, with the index of the first', () => {
    fc.assert(
      fc.property(offsets, instant, instant, (minutes, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const series = barsAt(minutes);
        const index = new BarIndex(new Map([['BTCUSDT', series]]));
        const { bars, firstIndex } = index.completedBetween('BTCUSDT', from, to);
        expect(bars).toEqual(series.filter((bar) => bar.closeTime >= from && bar.closeTime < to));
        if (bars.length > 0) expect(series[firstIndex]).toBe(bars[0]);
      }),
    );
  });

  it('an unknown symbol has no bars', () => {
    const index = new BarIndex(new Map([['BTCUSDT', barsAt([0, 1])]]));
    expect(index.series('ETHUSDT')).toEqual([]);
    expect(index.completedBefore('ETHUSDT', T0 + 10 * MINUTE)).toEqual([]);
    expect(index.startTime).toBe(T0);
    expect(index.endTime).toBe(T0 + 2 * MINUTE);
  });
});
