import { hash64Base36 } from '../orders/hash64.js';

/**
 * The client order id of the venue-side redemption of a resolved binary market for one account:
 * `settle-<symbol>-<hash of the account>` (at most 36 characters, Binance's limit). The account is
 * part of it because the ledger's client order ids are unique across accounts.
 */
export function settlementClientOrderId(account: string, symbol: string): string {
  return `settle-${symbol}-${hash64Base36(`${account.length}:${account}`).slice(0, 8)}`;
}

export const SETTLEMENT_CLIENT_ORDER_ID_PATTERN = /^settle-[A-Z0-9]{2,20}-[0-9a-z]{8}$/;

export function isSettlementClientOrderId(clientOrderId: string): boolean {
  return SETTLEMENT_CLIENT_ORDER_ID_PATTERN.test(clientOrderId);
}
