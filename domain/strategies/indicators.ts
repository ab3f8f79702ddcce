import type { Bar } from '../market-data/bar.js';

// Bounded-window indicators: each reads only the last `lookback` bars it is given, so a decision
// depends on a fixed window and never on how much history happens to be loaded (recursive forms
// such as Wilder's ATR smoothing would make a decision depend on where the data starts).

/** The last `count` items (all of them when there are fewer). */
export function lastN<T>(items: readonly T[], count: number): readonly T[] {
  return items.slice(Math.max(0, items.length - count));
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Population standard deviation (divides by n): the dispersion of the window itself. */
export function populationStd(values: readonly number[]): number {
  const average = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Sample standard deviation (divides by n − 1): an estimate from a sample, as for volatility. */
export function sampleStd(values: readonly number[]): number {
  const average = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** Simple moving average of the last `lookback` closes. */
export function smaOfCloses(bars: readonly Bar[], lookback: number): number {
  return mean(lastN(bars, lookback).map((bar) => bar.close));
}

// Loops rather than Math.max(...spread): a long lookback would overflow the argument stack.
export function highestHigh(bars: readonly Bar[]): number {
  let highest = Number.NEGATIVE_INFINITY;
  for (const bar of bars) highest = Math.max(highest, bar.high);
  return highest;
}

export function lowestLow(bars: readonly Bar[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const bar of bars) lowest = Math.min(lowest, bar.low);
  return lowest;
}

/**
 * Average true range: the simple mean of the true ranges of the last `lookback` bars. A bar's true
 * range is max(high − low, |high − previous close|, |low − previous close|); the oldest bar of the
 * whole input has no previous close and counts high − low.
 */
export function averageTrueRange(bars: readonly Bar[], lookback: number): number {
  const start = Math.max(0, bars.length - lookback);
  const ranges: number[] = [];
  for (let i = start; i < bars.length; i++) {
    const bar = bars[i]!;
    const previous = bars[i - 1];
    ranges.push(
      previous === undefined
        ? bar.high - bar.low
        : Math.max(
            bar.high - bar.low,
            Math.abs(bar.high - previous.close),
            Math.abs(bar.low - previous.close),
          ),
    );
  }
  return mean(ranges);
}
