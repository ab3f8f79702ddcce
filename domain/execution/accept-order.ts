// A new order's acceptance at a simulated venue, once for every runner: the market must be open,
// the order must pass the instrument's filters and the free balances, and its funds are held. The
// simulator maps a refusal to Binance's error; a backtest records it as the venue's rejection.
import { QUOTE_DECIMALS, roundTo } from './decimals.js';
import type { InstrumentRules } from './instrument.js';
import type { NewOrderRequest, OrderRejection } from './orders.js';
import type { AccountWriter, StoredOrder } from './sim-account.js';
import { reserveFunds } from './sim-settlement.js';
import { validateNewOrder } from './validate-order.js';

export interface AcceptanceContext {
  /** The instrument's rules; undefined for a symbol the account's data does not have. */
  rules: InstrumentRules | undefined;
  /** The last traded price at `marketTime` (0 without rules). */
  lastPrice: number;
  /** A binary market's trading window; absent for spot. */
  tradingWindow?: { openTime: number; resolutionTime: number };
  marketTime: number;
  /** The lowest tier's taker rate: what a buy's reservation holds for fees. */
  takerFeeRate: number;
  freeBalances: Record<string, number>;
}

/** Binance's answer to an order for a market that is not trading, and why. */
export const MARKET_CLOSED: Readonly<OrderRejection> = Object.freeze({
  httpStatus: 400,
  code: -1013,
  msg: 'Market is closed.',
  reason: 'MARKET_CLOSED',
});

export type Acceptance =
  { accepted: true; order: StoredOrder } | { accepted: false; rejection: OrderRejection; why?: string };

/** Accepts the order at `marketTime` (its funds held, the order stored), or says why not. */
export function acceptOrder(
  change: AccountWriter,
  request: NewOrderRequest & { clientOrderId: string | undefined },
  ctx: AcceptanceContext,
): Acceptance {
  const { state } = change;
  const window = ctx.tradingWindow;
  if (window && (ctx.marketTime < window.openTime || ctx.marketTime >= window.resolutionTime))
    return {
      accepted: false,
      rejection: MARKET_CLOSED,
      why: ctx.marketTime < window.openTime ? 'the market has not opened' : 'the market has resolved',
    };
  const rejection = validateNewOrder(request, {
    rules: ctx.rules,
    lastPrice: ctx.lastPrice,
    freeBalances: ctx.freeBalances,
    takerFeeRate: ctx.takerFeeRate,
  });
  if (rejection) return { accepted: false, rejection };

  const orderId = state.nextOrderId++;
  const order: StoredOrder = {
    orderId,
    clientOrderId: request.clientOrderId ?? `sim-${state.spec.name}-${orderId}`,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    price: request.price,
    quantity: request.quantity,
    executedQty: 0,
    cummulativeQuoteQty: 0,
    status: 'NEW',
    submitTime: ctx.marketTime,
    updateTime: ctx.marketTime,
    reserved: 0,
  };
  reserveFunds(change, order, reservationFor(order, ctx.lastPrice, ctx.takerFeeRate, ctx.rules!.priceCollar));
  change.setOrder(order);
  return { accepted: true, order };
}

/**
 * Buys hold quote: the limit notional, or for market orders the notional at the collar's edge (the
 * price may move before execution), plus the taker fee. Sells hold the base quantity.
 */
function reservationFor(order: StoredOrder, lastPrice: number, takerFeeRate: number, collar: number): number {
  if (order.side === 'SELL') return order.quantity;
  const price = order.price ?? lastPrice * (1 + collar);
  return roundTo(price * order.quantity * (1 + takerFeeRate), QUOTE_DECIMALS);
}
