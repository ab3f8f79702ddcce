import type { Bar } from '../domain/market-data/bar.js';
import { executeOnBar } from '../domain/execution/matching.js';
import type { AccountChange } from './account-change.js';
import type { Dataset } from '../store/market-data/dataset.js';
import { fillModelsFor, lookbackFor } from './fill-models.js';
import { instrumentRules } from '../domain/execution/sim-instruments.js';
import { settleResolvedMarkets } from './binary-settlement.js';
import { releaseIfFinal, settleFill } from './settlement.js';

const THIRTY_DAYS_MS = 30 * 86_400_000;

/** Where an account's clock stands now: driven clocks wait for the admin API; realtime ones run. */
export function marketTimeNow(change: AccountChange, dataset: Dataset, wallNow: number): number {
  const { state } = change;
  const limit = dataset.endTime;
  if (state.spec.clock.mode === 'driven') return Math.min(state.marketTime, limit);
  const elapsed = Math.max(0, wallNow - state.wallAnchor) * state.spec.clock.speed;
  return Math.min(limit, state.marketTime + Math.floor(elapsed));
}

/**
 * Moves the account's market clock to `to`, executing its open orders against every bar that
 * completes on the way, in market-time order (then symbol order), orders in acceptance order.
 * Fills depend only on bars and order times, never on wall-clock timing.
 */
export function advanceClock(change: AccountChange, dataset: Dataset, to: number, wallNow: number): void {
  const { state } = change;
  if (to <= state.marketTime) {
    if (state.spec.clock.mode === 'realtime') state.wallAnchor = wallNow;
    return;
  }
  const from = state.marketTime;
  const symbols = [...new Set([...state.openOrderIds].map((id) => state.orders.get(id)!.symbol))].sort();
  const events: { bar: Bar; index: number }[] = [];
  for (const symbol of symbols) {
    const { bars, firstIndex } = dataset.completedBetween(symbol, from, to);
    bars.forEach((bar, offset) => events.push({ bar, index: firstIndex + offset }));
  }
  events.sort((a, b) => a.bar.openTime - b.bar.openTime || a.bar.symbol.localeCompare(b.bar.symbol));

  const models = fillModelsFor(state.spec);
  const lookback = lookbackFor(state.spec);
  for (const { bar, index } of events) {
    const series = dataset.series(bar.symbol);
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
  settleResolvedMarkets(change, dataset, from, to);
  state.marketTime = to;
  state.wallAnchor = wallNow;
}

function trailingQuoteVolume(change: AccountChange, at: number): number {
  let total = 0;
  const trades = change.state.trades;
  for (let i = trades.length - 1; i >= 0 && trades[i]!.time > at - THIRTY_DAYS_MS; i--)
    total += trades[i]!.quoteQty;
  return total;
}
