// The simulated venue's clock step, once for every runner: an account's open orders executed
// against each bar that completes in [from, to), then the binary markets that resolve in (from, to]
// settled. Fills depend only on bars, models and order times, never on wall-clock timing.
import type { Bar } from '../market-data/bar.js';
import type { BarIndex } from '../market-data/bar-index.js';
import type { BinaryMarket } from '../market-data/binary-markets.js';
import { settleResolvedMarkets } from './binary-settlement.js';
import { executeOnBar } from './matching.js';
import type { FillModels } from './orders.js';
import type { AccountWriter } from './sim-account.js';
import { instrumentRules } from './sim-instruments.js';
import { releaseIfFinal, settleFill } from './sim-settlement.js';

const THIRTY_DAYS_MS = 30 * 86_400_000;

export interface AccountMarket {
  bars: Pick<BarIndex, 'series' | 'completedBetween'>;
  /** The binary markets the account's data lists (settled as they resolve). */
  binaryMarkets: readonly BinaryMarket[];
  models: FillModels;
  /** Bars of history the slippage model may look at. */
  lookback: number;
}

/**
 * Executes the account's open orders on every bar that completes in [from, to), in market-time
 * order (then symbol order), orders in acceptance order sharing each bar's volume; then settles
 * the binary markets resolving in (from, to].
 */
export function advanceAccount(change: AccountWriter, market: AccountMarket, from: number, to: number): void {
  const { state } = change;
  const symbols = [...new Set([...state.openOrderIds].map((id) => state.orders.get(id)!.symbol))].sort();
  const events: { bar: Bar; index: number }[] = [];
  for (const symbol of symbols) {
    const { bars, firstIndex } = market.bars.completedBetween(symbol, from, to);
    bars.forEach((bar, offset) => events.push({ bar, index: firstIndex + offset }));
  }
  events.sort((a, b) => a.bar.openTime - b.bar.openTime || a.bar.symbol.localeCompare(b.bar.symbol));

  const { models, lookback } = market;
  for (const { bar, index } of events) {
    const series = market.bars.series(bar.symbol);
    const history = series.slice(Math.max(0, index - lookback), index);
    let availableVolume = models.participationRate * bar.volume;
    for (const orderId of [...state.openOrderIds]) {
      const order = state.orders.get(orderId)!;
      if (order.symbol !== bar.symbol) continue;
      const execution = executeOnBar(order, bar, {
        models,
        rules: instrumentRules(bar.symbol)!,
        history,
        availableVolume,
        trailingQuoteVolume: trailingQuoteVolume(change, bar.openTime),
      });
      if (execution.fills.length === 0 && execution.order.status === order.status) continue;
      availableVolume -= execution.consumedVolume;
      const updated = { ...order, ...execution.order, updateTime: Math.max(bar.openTime, order.submitTime) };
      for (const fill of execution.fills) {
        change.addTrade({ ...fill, tradeId: state.nextTradeId++ });
        settleFill(change, updated, fill);
        updated.updateTime = fill.time;
      }
      releaseIfFinal(change, updated);
      change.setOrder(updated);
    }
  }
  settleResolvedMarkets(change, market.binaryMarkets, from, to);
}

/** The account's quote volume over the 30 days before `at`: the fee tier's measure. */
function trailingQuoteVolume(change: AccountWriter, at: number): number {
  let total = 0;
  const trades = change.state.trades;
  for (let i = trades.length - 1; i >= 0 && trades[i]!.time > at - THIRTY_DAYS_MS; i--)
    total += trades[i]!.quoteQty;
  return total;
}
