/**
 * Attribution: trades grouped by a key (strategy, category, a regime tag) with each group's own
 * statistics, so a report can say where the P&L came from and which slices carry the Sharpe.
 *
 * Per slice: `trades` (the count), `netPnl` = Σ netPnl, `fees` = Σ fees, `winRate`, `expectancy`
 * (trades.ts) and `sharpePerTrade` on returnPct (ratios.ts); NaN where undefined for that slice.
 * Slices are sorted by key in code-unit order (not localeCompare, which depends on the host's locale
 * and would make reports differ between machines).
 */
import { sharpePerTrade } from './ratios.js';
import { expectancy, winRate, type TradeOutcome } from './trades.js';

/**
 * A closed round trip as the run metrics see it. `regime` holds tags such as { trend: 'up' }.
 * `resolved`: a binary-market position held to its market's resolution (the outcome known, the
 * position settled at it); absent means not resolved (a spot trade, a binary position sold before its
 * market resolved, an end-of-run mark).
 */
export interface TradeLike extends TradeOutcome {
  fees: number;
  strategy: string;
  category: string;
  regime: Readonly<Record<string, string>>;
  resolved?: boolean;
}

export interface Slice {
  key: string;
  trades: number;
  netPnl: number;
  fees: number;
  winRate: number;
  expectancy: number;
  sharpePerTrade: number;
}

/** What slicing needs of a trade; every TradeLike qualifies. */
export type SliceableTrade = TradeOutcome & { fees: number };

export function sliceTrades<T extends SliceableTrade>(
  trades: readonly T[],
  keyOf: (trade: T) => string,
): Slice[] {
  const groups = new Map<string, T[]>();
  for (const trade of trades) {
    const key = keyOf(trade);
    const group = groups.get(key);
    if (group) group.push(trade);
    else groups.set(key, [trade]);
  }
  return [...groups.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => {
      const group = groups.get(key)!;
      return {
        key,
        trades: group.length,
        netPnl: group.reduce((sum, trade) => sum + trade.netPnl, 0),
        fees: group.reduce((sum, trade) => sum + trade.fees, 0),
        winRate: winRate(group),
        expectancy: expectancy(group),
        sharpePerTrade: sharpePerTrade(group.map((trade) => trade.returnPct)),
      };
    });
}
