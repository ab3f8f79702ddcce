/** One OHLCV bar of one instrument. Times are epoch milliseconds (market time); volume in base units. */
export interface Bar {
  symbol: string;
  openTime: number;
  /** Inclusive end, as Binance reports it: openTime + interval - 1. */
  closeTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
