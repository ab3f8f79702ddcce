import type { Bar } from './bar.js';

/** Binance kline intervals in milliseconds (the calendar month is not supported). */
export const KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
  '1w': 604_800_000,
};

/**
 * Combines consecutive base bars into bars of `targetMs` (a multiple of the base interval), aligned
 * to multiples of `targetMs` since the epoch. A bucket is emitted only when all its bars are present
 * in `bars` (incomplete buckets at either end are dropped, so no partial candle is ever shown).
 */
export function aggregateBars(bars: readonly Bar[], baseMs: number, targetMs: number): Bar[] {
  if (targetMs % baseMs !== 0)
    throw new RangeError(`interval ${targetMs} ms is not a multiple of ${baseMs} ms`);
  if (targetMs === baseMs) return [...bars];
  const perBucket = targetMs / baseMs;
  const result: Bar[] = [];
  let bucket: Bar[] = [];
  const flush = () => {
    if (bucket.length === perBucket) {
      const first = bucket[0]!;
      const last = bucket[bucket.length - 1]!;
      result.push({
        symbol: first.symbol,
        openTime: first.openTime,
        closeTime: first.openTime + targetMs - 1,
        open: first.open,
        high: Math.max(...bucket.map((bar) => bar.high)),
        low: Math.min(...bucket.map((bar) => bar.low)),
        close: last.close,
        volume: bucket.reduce((sum, bar) => sum + bar.volume, 0),
      });
    }
    bucket = [];
  };
  for (const bar of bars) {
    const bucketStart = Math.floor(bar.openTime / targetMs) * targetMs;
    if (bucket.length > 0 && Math.floor(bucket[0]!.openTime / targetMs) * targetMs !== bucketStart) flush();
    if (bucket.length === 0 && bar.openTime !== bucketStart) continue;
    bucket.push(bar);
  }
  flush();
  return result;
}
