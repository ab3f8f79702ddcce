import type { Balance, SimAccountBook, StoredOrder, StoredTrade } from '../domain/execution/sim-account.js';
import type { AccountSpec } from '../contracts/venue-sim/account-spec.js';

export type { Balance, StoredOrder, StoredTrade };

/** One simulated account's whole state, authoritative in memory while the simulator runs. */
export interface AccountState extends SimAccountBook {
  spec: AccountSpec;
  /** Market time up to which the account's bars have been processed (epoch ms). */
  marketTime: number;
  /** Wall time at which `marketTime` was reached (realtime clocks advance from here). */
  wallAnchor: number;
  balances: Map<string, Balance>;
  /** The latest order that carried each client order id (Binance reuses an id once its order is done). */
  orderIdByClientId: Map<string, number>;
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
