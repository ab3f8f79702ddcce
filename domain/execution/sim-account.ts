// A simulated account as the execution core sees it: its orders, trades and balances, and the port
// through which the core changes them. The simulator's AccountChange implements the port (and can
// undo what it recorded); a backtest can implement it over plain memory. Either way the same
// functions reserve, fill, settle and release.
import type { SimFill, WorkingOrder } from './orders.js';

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

/** The account state the core reads and numbers from. */
export interface SimAccountBook {
  spec: { name: string };
  nextOrderId: number;
  nextTradeId: number;
  orders: Map<number, StoredOrder>;
  /** Open orders in acceptance order (the matching priority). */
  openOrderIds: Set<number>;
  trades: StoredTrade[];
}

/** Where the core writes: every change to orders, trades and balances goes through these. */
export interface AccountWriter {
  readonly state: SimAccountBook;
  setOrder(order: StoredOrder): void;
  addTrade(trade: StoredTrade): void;
  balance(asset: string): Balance;
  setBalance(asset: string, balance: Balance): void;
}
