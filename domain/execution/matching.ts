// Bar-by-bar matching of one working order: a pure step the simulator folds over market time.
//
// Driving contract. For every bar, in market-time order, the simulator calls executeOnBar for
// each open order of an account in acceptance order, starting with availableVolume =
// participationRate × bar.volume and subtracting each result's consumedVolume before the next
// order, so one account never takes more than its share of a bar.
//
// Semantics.
// - Latency: an order is live from liveTime = submitTime + latency.delayMs(order). A bar is
//   eligible only if bar.openTime ≥ liveTime, so the bar an order was decided on (and any bar
//   the order went live inside) is never used: a market order fills at the first price after the
//   latency, the open of the first eligible bar. Ineligible bars, final orders and GTC orders the
//   bar does not reach are no-ops: the same order object comes back, with no fills.
// - Taker execution (MARKET; LIMIT marketable at the open of its first eligible bar, i.e. BUY
//   price ≥ open or SELL price ≤ open): at the open moved against the taker by the slippage
//   fraction (BUY × (1 + s), SELL × (1 − s)), rounded to tick against the taker (buy up, sell
//   down; a price within binary noise of a tick is that tick), and for LIMIT never worse than
//   the limit price. A sale never executes below one tick, however large the slippage.
// - Maker execution (GTC LIMIT not marketable at its first eligible bar, and every later bar):
//   at exactly the limit price, no slippage, only when the bar trades through it (BUY when
//   low < price, SELL when high > price): touching the price is not proof of a fill in a queue.
// - Quantity: min(remaining, availableVolume floored to stepSize); a fill rounding to 0 is no
//   fill. At most one execution per order per bar; a GTC remainder waits for later bars.
// - MARKET, IOC and FOK live only in their first eligible bar, and only as takers: whatever does
//   not execute at the open EXPIRES (IOC never rests, so a non-marketable IOC/FOK limit expires
//   empty even if the bar later trades through its price). FOK executes its whole remainder or
//   nothing. MARKET ignores timeInForce (Binance does not accept one), so MARKET + FOK behaves
//   like any MARKET order: partial fill, remainder EXPIRED.
// - Fees: commission = quoteQty × maker or taker rate of models.fees at the trailing volume,
//   charged in the quote asset. Fill time = max(bar.openTime, liveTime).
// - Rounding: quantities to step decimals, prices to tick decimals, quote amounts and
//   commissions to 8 decimals; executedQty and cummulativeQuoteQty are re-rounded sums of them.
// - Status: FILLED once nothing remains; else EXPIRED for MARKET/IOC/FOK; else
//   PARTIALLY_FILLED if anything executed, NEW otherwise.
// - "First eligible bar" for a GTC order is inferred without extra state: the order is still NEW
//   and one bar interval before this bar's open it was not yet live. After a gap in the data the
//   first bar seen may therefore count as a later bar (maker semantics): the order rested
//   through the gap.
import type { Bar } from '../market-data/bar.js';
import { QUOTE_DECIMALS, ceilToStep, decimalsOf, floorToStep, roundTo } from './decimals.js';
import type { InstrumentRules } from './instrument.js';
import { isFinalStatus } from './order-status.js';
import type {
  BarExecution,
  FillModels,
  LatencyModel,
  SimFill,
  SimOrderStatus,
  WorkingOrder,
} from './orders.js';

export { cancelOrder, isFinalStatus } from './order-status.js';

export interface MatchingContext {
  models: FillModels;
  rules: InstrumentRules;
  /** Bars strictly before `bar`, oldest first, handed to the slippage model. */
  history: readonly Bar[];
  /** Base volume of this bar still open to this account (participationRate × volume − earlier orders' fills). */
  availableVolume: number;
  /** The account's trailing 30-day quote volume, selecting the fee tier. */
  trailingQuoteVolume: number;
}

/** Market time from which the order may execute. */
export function liveTimeOf(order: WorkingOrder, latency: LatencyModel): number {
  const delay = latency.delayMs(order);
  if (!(Number.isFinite(delay) && delay >= 0))
    throw new RangeError(`latency model ${latency.name} returned ${delay} ms`);
  return order.submitTime + delay;
}

type Role = 'maker' | 'taker';

interface Execution {
  price: number;
  qty: number;
  isMaker: boolean;
}

const unchanged = (order: WorkingOrder): BarExecution => ({ order, fills: [], consumedVolume: 0 });

function isImmediateOnly(order: WorkingOrder): boolean {
  return order.type === 'MARKET' || order.timeInForce === 'IOC' || order.timeInForce === 'FOK';
}

function isFirstEligibleBar(order: WorkingOrder, bar: Bar, liveTime: number): boolean {
  if (isImmediateOnly(order)) return true; // they are final after their first eligible bar
  const intervalMs = bar.closeTime - bar.openTime + 1;
  return order.status === 'NEW' && bar.openTime - intervalMs < liveTime;
}

function limitPriceOf(order: WorkingOrder, tickSize: number): number {
  if (order.price === null || !(order.price > 0))
    throw new RangeError(`LIMIT order ${order.orderId} has no positive price`);
  return roundTo(order.price, decimalsOf(tickSize));
}

function isMarketableAtOpen(order: WorkingOrder, limit: number | null, bar: Bar): boolean {
  if (limit === null) return true;
  return order.side === 'BUY' ? limit >= bar.open : limit <= bar.open;
}

/** Open moved by slippage against the taker, rounded to tick against the taker, capped by the limit. */
function takerPrice(
  order: WorkingOrder,
  bar: Bar,
  qty: number,
  limit: number | null,
  ctx: MatchingContext,
): number {
  const { slippage } = ctx.models;
  const { tickSize } = ctx.rules;
  const s = slippage.slippageFraction({ bar, history: ctx.history, side: order.side, quantity: qty });
  if (!(Number.isFinite(s) && s >= 0))
    throw new RangeError(`slippage model ${slippage.name} returned ${s}; it must be finite and ≥ 0`);
  if (order.side === 'BUY') {
    const price = ceilToStep(bar.open * (1 + s), tickSize);
    return limit === null ? price : Math.min(price, limit);
  }
  // A slippage of 100 % or more would price a sale at zero; the lowest tick is the floor.
  const price = Math.max(floorToStep(bar.open * (1 - s), tickSize), tickSize);
  return limit === null ? price : Math.max(price, limit);
}

function tradesThrough(order: WorkingOrder, limit: number, bar: Bar): boolean {
  return order.side === 'BUY' ? bar.low < limit : bar.high > limit;
}

/** Whether this bar can execute the order at all, and in which role; no quantities yet. */
function liquidityRole(order: WorkingOrder, limit: number | null, bar: Bar, liveTime: number): Role | null {
  if (isFirstEligibleBar(order, bar, liveTime) && isMarketableAtOpen(order, limit, bar)) return 'taker';
  if (isImmediateOnly(order) || limit === null) return null;
  return tradesThrough(order, limit, bar) ? 'maker' : null;
}

function decideExecution(
  order: WorkingOrder,
  bar: Bar,
  liveTime: number,
  remaining: number,
  ctx: MatchingContext,
): Execution | null {
  const { stepSize, tickSize } = ctx.rules;
  const limit = order.type === 'LIMIT' ? limitPriceOf(order, tickSize) : null;
  const role = liquidityRole(order, limit, bar, liveTime);
  if (role === null) return null;

  const volumeCap = floorToStep(Math.max(0, ctx.availableVolume), stepSize);
  const qty = floorToStep(Math.min(remaining, volumeCap), stepSize);
  if (!(qty > 0)) return null;
  if (role === 'maker' && limit !== null) return { price: limit, qty, isMaker: true };
  if (order.timeInForce === 'FOK' && order.type === 'LIMIT' && qty < remaining) return null;
  return { price: takerPrice(order, bar, qty, limit, ctx), qty, isMaker: false };
}

function nextStatus(order: WorkingOrder, executedQty: number, stepDecimals: number): SimOrderStatus {
  if (roundTo(order.quantity - executedQty, stepDecimals) <= 0) return 'FILLED';
  if (isImmediateOnly(order)) return 'EXPIRED';
  return executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW';
}

/** Tries `order` against one bar; see the file header for the rules. Pure: inputs are not mutated. */
export function executeOnBar(order: WorkingOrder, bar: Bar, ctx: MatchingContext): BarExecution {
  if (isFinalStatus(order.status)) return unchanged(order);
  if (bar.symbol !== order.symbol || ctx.rules.symbol !== order.symbol)
    throw new RangeError(`order ${order.orderId} on ${order.symbol} matched against ${bar.symbol} data`);
  const liveTime = liveTimeOf(order, ctx.models.latency);
  if (bar.openTime < liveTime) return unchanged(order);

  const stepDecimals = decimalsOf(ctx.rules.stepSize);
  const tickDecimals = decimalsOf(ctx.rules.tickSize);
  const remaining = roundTo(order.quantity - order.executedQty, stepDecimals);
  const execution = decideExecution(order, bar, liveTime, remaining, ctx);
  // A GTC order that does not trade simply rests; only immediate-only orders change by not trading.
  if (!execution && !isImmediateOnly(order)) return unchanged(order);

  const fills: SimFill[] = [];
  let { executedQty, cummulativeQuoteQty } = order;
  if (execution) {
    const price = roundTo(execution.price, tickDecimals);
    const qty = roundTo(execution.qty, stepDecimals);
    const quoteQty = roundTo(price * qty, QUOTE_DECIMALS);
    const rates = ctx.models.fees.rates(ctx.trailingQuoteVolume);
    const rate = execution.isMaker ? rates.maker : rates.taker;
    fills.push({
      orderId: order.orderId,
      symbol: order.symbol,
      side: order.side,
      price,
      qty,
      quoteQty,
      commission: roundTo(quoteQty * rate, QUOTE_DECIMALS),
      commissionAsset: ctx.rules.quoteAsset,
      isMaker: execution.isMaker,
      time: Math.max(bar.openTime, liveTime),
    });
    executedQty = roundTo(executedQty + qty, stepDecimals);
    cummulativeQuoteQty = roundTo(cummulativeQuoteQty + quoteQty, QUOTE_DECIMALS);
  }

  const status = nextStatus(order, executedQty, stepDecimals);
  const consumedVolume = fills.reduce((sum, fill) => sum + fill.qty, 0);
  return { order: { ...order, executedQty, cummulativeQuoteQty, status }, fills, consumedVolume };
}
