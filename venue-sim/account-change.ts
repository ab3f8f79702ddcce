import { isFinalStatus } from '../domain/execution/matching.js';
import type { AccountState, Balance, StoredOrder, StoredTrade } from './account-state.js';

/**
 * The changes one request makes to an account, applied to the in-memory state as they happen and
 * undone if persisting them fails — so memory never holds what the database does not.
 */
export class AccountChange {
  private readonly previousOrders = new Map<number, StoredOrder | undefined>();
  /** Which order each touched client order id named before: a reused id points at the new order. */
  private readonly previousClientIds = new Map<string, number | undefined>();
  private readonly previousBalances = new Map<string, Balance | undefined>();
  private readonly previousScalars: Pick<
    AccountState,
    'marketTime' | 'wallAnchor' | 'nextOrderId' | 'nextTradeId'
  >;
  private readonly tradesBefore: number;
  private readonly openBefore: number[];

  constructor(readonly state: AccountState) {
    const { marketTime, wallAnchor, nextOrderId, nextTradeId } = state;
    this.previousScalars = { marketTime, wallAnchor, nextOrderId, nextTradeId };
    this.tradesBefore = state.trades.length;
    this.openBefore = [...state.openOrderIds];
  }

  setOrder(order: StoredOrder): void {
    if (!this.previousOrders.has(order.orderId)) {
      const previous = this.state.orders.get(order.orderId);
      this.previousOrders.set(order.orderId, previous ? { ...previous } : undefined);
    }
    if (!this.previousClientIds.has(order.clientOrderId))
      this.previousClientIds.set(order.clientOrderId, this.state.orderIdByClientId.get(order.clientOrderId));
    this.state.orders.set(order.orderId, order);
    const latest = this.state.orderIdByClientId.get(order.clientOrderId);
    if (latest === undefined || latest <= order.orderId)
      this.state.orderIdByClientId.set(order.clientOrderId, order.orderId);
    if (isFinalStatus(order.status)) this.state.openOrderIds.delete(order.orderId);
    else this.state.openOrderIds.add(order.orderId);
  }

  addTrade(trade: StoredTrade): void {
    this.state.trades.push(trade);
  }

  balance(asset: string): Balance {
    return this.state.balances.get(asset) ?? { free: 0, locked: 0 };
  }

  setBalance(asset: string, balance: Balance): void {
    if (!this.previousBalances.has(asset)) {
      const previous = this.state.balances.get(asset);
      this.previousBalances.set(asset, previous ? { ...previous } : undefined);
    }
    this.state.balances.set(asset, balance);
  }

  get touchedOrders(): StoredOrder[] {
    return [...this.previousOrders.keys()].map((id) => this.state.orders.get(id)!);
  }

  get newTrades(): StoredTrade[] {
    return this.state.trades.slice(this.tradesBefore);
  }

  get touchedBalances(): [string, Balance][] {
    return [...this.previousBalances.keys()].map((asset) => [asset, this.state.balances.get(asset)!]);
  }

  /**
   * Nothing to store. A realtime clock that only moved needs no write: its stored (marketTime,
   * wallAnchor) pair still yields the same current market time. A driven clock's move must be stored.
   */
  get isEmpty(): boolean {
    const clockMoved = this.state.marketTime !== this.previousScalars.marketTime;
    return (
      this.previousOrders.size === 0 &&
      this.previousBalances.size === 0 &&
      this.state.trades.length === this.tradesBefore &&
      this.state.nextOrderId === this.previousScalars.nextOrderId &&
      !(clockMoved && this.state.spec.clock.mode === 'driven')
    );
  }

  rollback(): void {
    for (const [id, previous] of this.previousOrders) {
      if (previous) this.state.orders.set(id, previous);
      else this.state.orders.delete(id);
    }
    for (const [clientOrderId, id] of this.previousClientIds) {
      if (id === undefined) this.state.orderIdByClientId.delete(clientOrderId);
      else this.state.orderIdByClientId.set(clientOrderId, id);
    }
    this.state.openOrderIds = new Set(this.openBefore);
    for (const [asset, previous] of this.previousBalances) {
      if (previous) this.state.balances.set(asset, previous);
      else this.state.balances.delete(asset);
    }
    this.state.trades.length = this.tradesBefore;
    Object.assign(this.state, this.previousScalars);
  }
}
