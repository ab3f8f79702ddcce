// The pure heart of reconciliation: given what the venue holds and what the ledger believes for
// one account, classify every difference as a drift with a severity and a proposed action. No I/O,
// no clock, no randomness: the same input always yields the same, deterministically ordered, drifts.
import { balanceDrifts } from './balance-drifts.js';
import { classifyDrifts } from './drift-list.js';
import { compareFills, missedFillDrifts, phantomFillDrifts } from './fill-drifts.js';
import { ledgerOpenOrderDrifts, venueOpenOrderDrifts } from './order-drifts.js';
import { clientOrderIdByVenueOrderId, matchOrders, openOrderSymbols } from './order-matching.js';
import type { ReconcileDiff, ReconcileInput } from './types.js';

export { DEFAULT_RECONCILE_POLICY, KEEL_CLIENT_ORDER_ID_PATTERN } from './policy.js';

/**
 * Classifies every difference between the venue's and the ledger's view of one account.
 * Never throws on empty or inconsistent inputs; assumes numbers are finite.
 */
export function diffVenueAgainstLedger(input: ReconcileInput): ReconcileDiff {
  const orders = matchOrders(input);
  const fills = compareFills(input);
  // Found in this order because drifts that tie in the sort keep it; balances come last as the
  // unmatched fills and open orders are what may explain a balance difference.
  return classifyDrifts([
    ...venueOpenOrderDrifts(input, orders),
    ...ledgerOpenOrderDrifts(input, orders),
    ...missedFillDrifts(fills.missed, clientOrderIdByVenueOrderId(input, orders), input.policy),
    ...phantomFillDrifts(fills.phantom, input.window, input.policy),
    ...balanceDrifts(input, fills, openOrderSymbols(orders)),
  ]);
}
