// Drifts of orders: an order either side holds as open must be accounted for on the other side.
// Orders the ledger has not yet got to the venue are left to their own workflow, which is still
// resolving them; reporting them would race it.
import type { OrderStatus } from '../orders/types.js';
import { TERMINAL_STATUSES } from '../orders/types.js';
import { drift } from './drift-list.js';
import { own } from './keys.js';
import type { MatchedOrders } from './order-matching.js';
import type { KeelIdMatcher } from './policy.js';
import { keelIdMatcher } from './policy.js';
import type { Drift, LedgerOrderView, ReconcileInput, ReconcilePolicy, VenueOrderView } from './types.js';
import { describeLedgerOrder, describeVenueOrder } from './wording.js';

/** Ledger statuses for an order the venue may not have acknowledged yet. */
const NOT_YET_ACKNOWLEDGED: readonly OrderStatus[] = ['NEW', 'SUBMITTING', 'UNKNOWN'];

/** Every order open at the venue, against the ledger's view of it (open, known, or none). */
export function venueOpenOrderDrifts({ ledger, policy }: ReconcileInput, orders: MatchedOrders): Drift[] {
  const matcher = keelIdMatcher(policy.keelClientOrderIdPattern);
  return [...orders.venueOpen.values()].flatMap((order) => {
    const id = order.clientOrderId;
    const ledgerOrder = orders.ledgerOpen.get(id) ?? own(ledger.knownOrders, id);
    return ledgerOrder === undefined
      ? [orphanDrift(order, policy, matcher)]
      : venueOpenAgainstLedger(order, ledgerOrder, policy);
  });
}

/** Ledger open orders the venue does not list as open, against the venue's lookup of each. */
export function ledgerOpenOrderDrifts({ venue, policy }: ReconcileInput, orders: MatchedOrders): Drift[] {
  return [...orders.ledgerOpen.values()]
    .filter((order) => !orders.venueOpen.has(order.clientOrderId))
    .flatMap((order) => ledgerOpenAgainstLookup(order, own(venue.lookups, order.clientOrderId), policy));
}

function orphanDrift(order: VenueOrderView, policy: ReconcilePolicy, matcher: KeelIdMatcher): Drift {
  const id = order.clientOrderId;
  const adopt = policy.adoptKeelOrders && matcher.test(id);
  const what = `order ${id} is open at the venue (${describeVenueOrder(order)}) but unknown to the ledger`;
  const why = adopt
    ? 'its id is Keel’s: adopt it into the ledger'
    : policy.adoptKeelOrders && matcher.invalid
      ? `the policy’s Keel id pattern ${JSON.stringify(policy.keelClientOrderIdPattern)} is invalid, so it cannot be adopted: cancel it`
      : 'cancel it';
  return drift({
    kind: 'ORPHAN_VENUE_ORDER',
    // Adoption repairs it through the normal order path (risk gate included): no halt.
    severity: adopt ? 'warn' : policy.severities.ORPHAN_VENUE_ORDER,
    detail: `${what}: ${why}`,
    action: adopt ? 'ADOPT_ORDER' : 'CANCEL_AT_VENUE',
    clientOrderId: id,
    symbol: order.symbol,
    facts: { venue: { ...order } },
  });
}

function statusFacts(ledgerOrder: LedgerOrderView, venueOrder: VenueOrderView): Record<string, unknown> {
  return {
    ledgerStatus: ledgerOrder.status,
    venueStatus: venueOrder.status,
    ledger: { ...ledgerOrder },
    venue: { ...venueOrder },
  };
}

/** An order open at the venue against the ledger's view of it (open or terminal). */
function venueOpenAgainstLedger(
  venueOrder: VenueOrderView,
  ledgerOrder: LedgerOrderView,
  policy: ReconcilePolicy,
): Drift[] {
  const id = venueOrder.clientOrderId;
  if (NOT_YET_ACKNOWLEDGED.includes(ledgerOrder.status)) {
    return [
      drift({
        kind: 'STATUS_MISMATCH',
        severity: policy.severities.STATUS_MISMATCH,
        detail:
          `order ${id} is open at the venue (${describeVenueOrder(venueOrder)}) ` +
          `but still ${ledgerOrder.status} in the ledger, which has not seen the acceptance: look it up`,
        action: 'LOOKUP_ORDER',
        clientOrderId: id,
        symbol: venueOrder.symbol,
        facts: statusFacts(ledgerOrder, venueOrder),
      }),
    ];
  }
  if (TERMINAL_STATUSES.includes(ledgerOrder.status)) {
    // The ledger is done with the order but it still works at the venue: the ledger cannot reopen
    // it, so bring the venue in line (cancelling an order that has just ended is harmless).
    return [
      drift({
        kind: 'STATUS_MISMATCH',
        severity: policy.severities.STATUS_MISMATCH,
        detail:
          `order ${id} is open at the venue (${describeVenueOrder(venueOrder)}) ` +
          `but ${ledgerOrder.status} in the ledger: cancel it`,
        action: 'CANCEL_AT_VENUE',
        clientOrderId: id,
        symbol: venueOrder.symbol,
        facts: statusFacts(ledgerOrder, venueOrder),
      }),
    ];
  }
  // ACCEPTED / PARTIALLY_FILLED / PENDING_CANCEL and open: consistent. A fill quantity ahead of the
  // ledger's shows up as MISSED_FILL drifts from the fills themselves.
  return [];
}

/**
 * A ledger open order missing from the venue's open orders, against the venue's lookup of it:
 * undefined when the venue was not asked, null when it has never seen the order.
 */
function ledgerOpenAgainstLookup(
  order: LedgerOrderView,
  lookup: VenueOrderView | null | undefined,
  policy: ReconcilePolicy,
): Drift[] {
  if (lookup === undefined)
    return [
      missingOrderDrift(
        order,
        'but not open at the venue, and the venue was not asked about it',
        'not looked up',
        policy,
      ),
    ];
  if (lookup === null)
    // NEW / SUBMITTING / UNKNOWN: the order workflow is still resolving whether it reached the venue.
    return NOT_YET_ACKNOWLEDGED.includes(order.status)
      ? []
      : [missingOrderDrift(order, 'but the venue has never seen it', null, policy)];
  // The lookup says open although the open-order listing did not: treat it as open.
  if (lookup.status === 'open') return venueOpenAgainstLedger(lookup, order, policy);
  return [
    drift({
      kind: 'STATUS_MISMATCH',
      severity: policy.severities.STATUS_MISMATCH,
      detail:
        `order ${order.clientOrderId} is ${order.status} in the ledger (${describeLedgerOrder(order)}) ` +
        `but ${lookup.status} at the venue (${describeVenueOrder(lookup)}): look it up and record the venue’s state`,
      action: 'LOOKUP_ORDER',
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      facts: statusFacts(order, lookup),
    }),
  ];
}

function missingOrderDrift(
  order: LedgerOrderView,
  atTheVenue: string,
  venueFact: 'not looked up' | null,
  policy: ReconcilePolicy,
): Drift {
  return drift({
    kind: 'MISSING_ORDER',
    severity: policy.severities.MISSING_ORDER,
    detail:
      `order ${order.clientOrderId} is ${order.status} in the ledger (${describeLedgerOrder(order)}) ` +
      `${atTheVenue}: look it up`,
    action: 'LOOKUP_ORDER',
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    facts: { ledger: { ...order }, venue: venueFact },
  });
}
