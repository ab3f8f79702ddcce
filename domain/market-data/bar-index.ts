import type { Bar } from './bar.js';

/**
 * Bars per symbol in time order, and the look-ups every runner makes on them by time: what had
 * completed before an instant, what completed in a span, the last trade at an instant. Pure, so the
 * simulator's dataset, the burn-in and a backtest share one answer to "which bars were known at t".
 */
export class BarIndex {
  constructor(protected readonly bars: Map<string, readonly Bar[]>) {}

  get startTime(): number {
    return Math.min(...[...this.bars.values()].map((series) => series[0]!.openTime));
  }

  get endTime(): number {
    return Math.max(...[...this.bars.values()].map((series) => series.at(-1)!.closeTime + 1));
  }

  series(symbol: string): readonly Bar[] {
    return this.bars.get(symbol) ?? [];
  }

  /** Bars that complete in [from, to): closeTime >= from and closeTime < to. */
  completedBetween(symbol: string, from: number, to: number): { bars: readonly Bar[]; firstIndex: number } {
    const series = this.series(symbol);
    const start = firstClosingAtOrAfter(series, from);
    const end = firstClosingAtOrAfter(series, to);
    return { bars: series.slice(start, end), firstIndex: start };
  }

  /** Bars completed before `time` (closeTime < time), oldest first. */
  completedBefore(symbol: string, time: number): readonly Bar[] {
    const series = this.series(symbol);
    return series.slice(0, firstClosingAtOrAfter(series, time));
  }

  /** The last traded price at `time`: the close of the latest completed bar, else the first open. */
  lastPrice(symbol: string, time: number): number {
    return this.lastTrade(symbol, time).price;
  }

  /** The last traded price at `time` and when it traded (the bar's close time; the first open's time before any bar closed). */
  lastTrade(symbol: string, time: number): { price: number; time: number } {
    const series = this.series(symbol);
    const index = firstClosingAtOrAfter(series, time) - 1;
    return index >= 0
      ? { price: series[index]!.close, time: series[index]!.closeTime }
      : { price: series[0]!.open, time: series[0]!.openTime };
  }
}

/** Index of the first bar whose closeTime >= time (binary search). */
export function firstClosingAtOrAfter(series: readonly Bar[], time: number): number {
  let low = 0;
  let high = series.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (series[mid]!.closeTime < time) low = mid + 1;
    else high = mid;
  }
  return low;
}
