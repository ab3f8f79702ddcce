import { QUOTE_DECIMALS, roundTo } from '../domain/execution/decimals.js';
import { cancelOrder, isFinalStatus } from '../domain/execution/matching.js';
import type { NewOrderRequest } from '../domain/execution/orders.js';
import { validateNewOrder } from '../domain/execution/validate-order.js';
import type { AccountChange } from './account-change.js';
import type { StoredOrder } from './account-state.js';
import { BinanceError, binanceErrors } from './binance-error.js';
import type { Dataset } from '../store/market-data/dataset.js';
import { fillModelsFor } from './fill-models.js';
import { instrumentRules } from '../domain/execution/sim-instruments.js';
import { releaseIfFinal, reserveFunds } from '../domain/execution/sim-settlement.js';

/** Accepts a new order at the account's current market time, or throws Binance's rejection. */
export function placeOrder(
  change: AccountChange,
  dataset: Dataset,
  request: NewOrderRequest & { clientOrderId: string | undefined },
): StoredOrder {
  const { state } = change;
  // Binance: "a unique id among open orders". Once the earlier order is done the same id is a new
  // order, which is what makes a blind re-send of a market order a second order.
  const earlier =
    request.clientOrderId === undefined ? undefined : latestWithClientId(change, request.clientOrderId);
  if (earlier && !isFinalStatus(earlier.status)) throw binanceErrors.duplicateOrder();
  const rules = dataset.has(request.symbol) ? instrumentRules(request.symbol) : undefined;
  const market = dataset.binaryMarket(request.symbol);
  if (market && (state.marketTime < market.openTime || state.marketTime >= market.resolutionTime)) {
    throw binanceErrors.marketClosed(
      state.marketTime < market.openTime ? 'the market has not opened' : 'the market has resolved',
    );
  }
  const lastPrice = rules ? dataset.lastPrice(request.symbol, state.marketTime) : 0;
  const takerFeeRate = fillModelsFor(state.spec).fees.rates(0).taker;
  const rejection = validateNewOrder(request, {
    rules,
    lastPrice,
    freeBalances: Object.fromEntries([...state.balances].map(([asset, balance]) => [asset, balance.free])),
    takerFeeRate,
  });
  if (rejection) throw new BinanceError(rejection.httpStatus, rejection.code, rejection.msg);

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
    submitTime: state.marketTime,
    updateTime: state.marketTime,
    reserved: 0,
  };
  reserveFunds(change, order, reservationFor(order, lastPrice, takerFeeRate, rules!.priceCollar));
  change.setOrder(order);
  return order;
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

function latestWithClientId(change: AccountChange, clientOrderId: string): StoredOrder | undefined {
  const id = change.state.orderIdByClientId.get(clientOrderId);
  return id === undefined ? undefined : change.state.orders.get(id);
}

/** By orderId, or by client order id: then the latest order that carried it (as Binance answers). */
export function findOrder(
  change: AccountChange,
  symbol: string,
  orderId: number | undefined,
  clientOrderId: string | undefined,
): StoredOrder | undefined {
  const { state } = change;
  const id =
    orderId ?? (clientOrderId !== undefined ? state.orderIdByClientId.get(clientOrderId) : undefined);
  const order = id === undefined ? undefined : state.orders.get(id);
  return order && order.symbol === symbol ? order : undefined;
}

/** Cancels an open order; an unknown or already finished one is Binance's "Unknown order sent." */
export function cancelOpenOrder(change: AccountChange, order: StoredOrder | undefined): StoredOrder {
  if (!order || isFinalStatus(order.status)) throw binanceErrors.cancelUnknownOrder();
  const canceled: StoredOrder = { ...order, ...cancelOrder(order), updateTime: change.state.marketTime };
  releaseIfFinal(change, canceled);
  change.setOrder(canceled);
  return canceled;
}
