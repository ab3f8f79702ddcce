import type { Bar } from '../domain/market-data/bar.js';
import type { ListedBinaryMarket } from '../domain/market-data/binary-markets.js';

export interface MarketFeedPage {
  marketTime: number;
  intervalMs: number;
  bars: Bar[];
  markets: ListedBinaryMarket[];
}

/**
 * The simulator's admin side as a burn-in uses it in paper mode: the account (created idempotently),
 * its driven clock, and its market-data feed. The feed is what a live desk's market-data
 * subscription would deliver: bars completed up to the account's market time, never later ones.
 */
export class SimMarket {
  constructor(private readonly baseUrl: string) {}

  async ensureAccount(spec: Record<string, unknown>): Promise<{ marketTime: number }> {
    const body = await this.call<{ account: { marketTime: number } }>('POST', '/sim/accounts', spec);
    return { marketTime: body.account.marketTime };
  }

  async marketTime(account: string): Promise<number> {
    return (await this.call<{ marketTime: number }>('GET', `/sim/accounts/${account}`)).marketTime;
  }

  /** Moves a driven clock to `to` (no-op when it is already there or later: safe to retry). */
  async advanceTo(account: string, to: number): Promise<number> {
    const now = await this.marketTime(account);
    if (now >= to) return now;
    return (await this.call<{ marketTime: number }>('POST', `/sim/accounts/${account}/clock`, { to }))
      .marketTime;
  }

  async feed(account: string, since: number): Promise<MarketFeedPage> {
    return this.call<MarketFeedPage>('GET', `/sim/accounts/${account}/feed?since=${since}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`simulator ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
