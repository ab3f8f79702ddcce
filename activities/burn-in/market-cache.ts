import type { Bar } from '../../domain/market-data/bar.js';
import type { SimMarket } from '../../venues/sim-market.js';
import { type ListedBinaryMarket } from '../../domain/market-data/binary-markets.js';

/**
 * A run's market data as delivered so far, kept in the worker between steps: each step fetches only
 * what completed since the last one. A worker restart starts it again from the dataset's start, so
 * nothing durable depends on it.
 */
export class MarketCache {
  private readonly bars = new Map<string, Bar[]>();
  private markets: ListedBinaryMarket[] = [];
  private fetchedUntil: number | null = null;
  lastFetchAt: number | null = null;

  constructor(
    private readonly sim: SimMarket,
    private readonly account: string,
  ) {}

  /** Brings the cache up to the venue's market time; returns that time. */
  async refresh(): Promise<number> {
    const page = await this.sim.feed(this.account, this.fetchedUntil ?? 0);
    for (const bar of page.bars) {
      const series = this.bars.get(bar.symbol) ?? [];
      if (series.length === 0 || series.at(-1)!.openTime < bar.openTime) series.push(bar);
      this.bars.set(bar.symbol, series);
    }
    this.markets = page.markets;
    this.fetchedUntil = page.marketTime;
    this.lastFetchAt = Date.now();
    return page.marketTime;
  }

  /** Bars of `symbol` completed before `time`, oldest first. */
  barsBefore(symbol: string, time: number): Bar[] {
    const series = this.bars.get(symbol) ?? [];
    let end = series.length;
    while (end > 0 && series[end - 1]!.closeTime >= time) end--;
    return end === series.length ? series : series.slice(0, end);
  }

  lastClose(symbol: string, time: number): number | null {
    const bars = this.barsBefore(symbol, time);
    return bars.at(-1)?.close ?? null;
  }

  /** When `symbol` was listed: a binary market's opening, else the first bar delivered. */
  listedAt(symbol: string): number | null {
    const market = this.markets.find((m) => m.symbol === symbol);
    return market ? market.openTime : (this.bars.get(symbol)?.[0]?.openTime ?? null);
  }

  binaryMarkets(): readonly ListedBinaryMarket[] {
    return this.markets;
  }
}

const caches = new Map<string, MarketCache>();

export function marketCacheFor(runId: string, create: () => MarketCache): MarketCache {
  let cache = caches.get(runId);
  if (!cache) {
    cache = create();
    caches.set(runId, cache);
  }
  return cache;
}

export function dropMarketCache(runId: string): void {
  caches.delete(runId);
}
