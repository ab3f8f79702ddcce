import type { SimFill, WorkingOrder } from '../domain/execution/orders.js';
import type { AccountSpec } from '../contracts/venue-sim/account-spec.js';

export interface StoredOrder extends WorkingOrder {
  updateTime: number;
  /** Funds held for the rest of the order: quote asset for buys, base asset for sells. */
  reserved: number;
}

export interface StoredTrade extends SimFill {
  tradeId: number;
}

export interface Balance {
  free: number;
  locked: number;
}

/** One simulated account's whole state, authoritative in memory while the simulator runs. */
export interface AccountState {
  spec: AccountSpec;
  /** Market time up to which the account's bars have been processed (epoch ms). */
  marketTime: number;
  /** Wall time at which `marketTime` was reached (realtime clocks advance from here). */
  wallAnchor: number;
  nextOrderId: number;
  nextTradeId: number;
  balances: Map<string, Balance>;
  orders: Map<number, StoredOrder>;
  /** The latest order that carried each client order id (Binance reuses an id once its order is done). */
  orderIdByClientId: Map<string, number>;
  /** Open orders in acceptance order (the matching priority). */
  openOrderIds: Set<number>;
  trades: StoredTrade[];
}

export function emptyAccountState(spec: AccountSpec, marketTime: number, wallAnchor: number): AccountState {
  return {
    spec,
    marketTime,
    wallAnchor,
    nextOrderId: 1,
    nextTradeId: 1,
    balances: new Map(Object.entries(spec.balances).map(([asset, free]) => [asset, { free, locked: 0 }])),
    orders: new Map(),
    orderIdByClientId: new Map(),
    openOrderIds: new Set(),
    trades: [],
  };
}
