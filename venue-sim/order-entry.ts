import { cancelOrder, isFinalStatus } from '../domain/execution/matching.js';
import type { NewOrderRequest } from '../domain/execution/orders.js';
import { acceptOrder, MARKET_CLOSED } from '../domain/execution/accept-order.js';
import type { AccountChange } from './account-change.js';
import type { StoredOrder } from './account-state.js';
import { BinanceError, binanceErrors } from './binance-error.js';
import type { Dataset } from '../store/market-data/dataset.js';
import { fillModelsFor } from './fill-models.js';
import { instrumentRules } from '../domain/execution/sim-instruments.js';
import { releaseIfFinal } from '../domain/execution/sim-settlement.js';

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
  const acceptance = acceptOrder(change, request, {
    rules,
    lastPrice: rules ? dataset.lastPrice(request.symbol, state.marketTime) : 0,
    ...(market ? { tradingWindow: market } : {}),
    marketTime: state.marketTime,
    takerFeeRate: fillModelsFor(state.spec).fees.rates(0).taker,
    freeBalances: Object.fromEntries([...state.balances].map(([asset, balance]) => [asset, balance.free])),
  });
  if (acceptance.accepted) return acceptance.order;
  if (acceptance.rejection === MARKET_CLOSED) throw binanceErrors.marketClosed(acceptance.why ?? '');
  const { httpStatus, code, msg } = acceptance.rejection;
  throw new BinanceError(httpStatus, code, msg);
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
