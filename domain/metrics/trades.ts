/**
 * Per-trade outcome statistics over closed round trips. NaN when undefined.
 *
 * - `winRate`: count(netPnl > 0) / n (a break-even trade is not a win). NaN for no trades.
 * - `profitFactor`: gross profit / |gross loss| = Σ max(netPnl, 0) / Σ max(−netPnl, 0). NaN when
 *   there is no losing trade: Infinity is not a number we report (computeRunMetrics says
 *   'no losing trades'). 0 when there are losses and no profit.
 * - `expectancy`: mean netPnl per trade, in quote currency. NaN for no trades.
 */
import { mean } from './moments.js';

/** What the outcome statistics need of a trade: its net P&L (after fees) and its return. */
export interface TradeOutcome {
  netPnl: number;
  returnPct: number;
}

export function winRate(trades: readonly TradeOutcome[]): number {
  if (trades.length === 0) return NaN;
  return trades.filter((trade) => trade.netPnl > 0).length / trades.length;
}

export function profitFactor(trades: readonly TradeOutcome[]): number {
  let grossProfit = 0;
  let grossLoss = 0;
  for (const { netPnl } of trades) {
    if (netPnl > 0) grossProfit += netPnl;
    else grossLoss -= netPnl;
  }
  if (!(grossLoss > 0)) return NaN;
  return grossProfit / grossLoss;
}

export function expectancy(trades: readonly TradeOutcome[]): number {
  return mean(trades.map((trade) => trade.netPnl));
}
