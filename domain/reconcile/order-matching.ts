// Which venue order is which ledger order. Both sides name orders by client order id, but fills
// name them by the venue's order id, so matching builds both views once for every later step.
import type { LedgerOrderView, ReconcileInput, VenueOrderView } from './types.js';

/** Each side's open orders by client order id; the first listing of an id wins. */
export interface MatchedOrders {
  venueOpen: ReadonlyMap<string, VenueOrderView>;
  ledgerOpen: ReadonlyMap<string, LedgerOrderView>;
}

function byClientOrderId<O extends { clientOrderId: string }>(orders: readonly O[]): Map<string, O> {
  const index = new Map<string, O>();
  for (const order of orders) if (!index.has(order.clientOrderId)) index.set(order.clientOrderId, order);
  return index;
}

export function matchOrders({ venue, ledger }: ReconcileInput): MatchedOrders {
  return { venueOpen: byClientOrderId(venue.openOrders), ledgerOpen: byClientOrderId(ledger.openOrders) };
}

/**
 * Symbols of every order open on either side, each order once: an order still working may move
 * a balance between two snapshots.
 */
export function openOrderSymbols({ venueOpen, ledgerOpen }: MatchedOrders): string[] {
  return [
    ...venueOpen.values(),
    ...[...ledgerOpen.values()].filter((order) => !venueOpen.has(order.clientOrderId)),
  ].map((order) => order.symbol);
}

/**
 * Venue order id → client order id of a ledger order: the ledger's own map first, then the venue
 * order ids on the ledger's order views, then the venue's order views whose client order id is a
 * ledger order (an order the ledger holds as UNKNOWN may not have its venue id recorded yet).
 */
export function clientOrderIdByVenueOrderId(
  { venue, ledger }: ReconcileInput,
  { ledgerOpen }: MatchedOrders,
): Map<string, string> {
  const index = new Map<string, string>();
  const add = (venueOrderId: string | null, clientOrderId: string): void => {
    if (venueOrderId !== null && !index.has(venueOrderId)) index.set(venueOrderId, clientOrderId);
  };
  for (const [venueOrderId, clientOrderId] of Object.entries(ledger.clientOrderIdByVenueOrderId))
    add(venueOrderId, clientOrderId);
  const ledgerOrders = [...ledgerOpen.values(), ...Object.values(ledger.knownOrders)];
  for (const order of ledgerOrders) add(order.venueOrderId, order.clientOrderId);
  const isLedgerOrder = (id: string): boolean => ledgerOpen.has(id) || Object.hasOwn(ledger.knownOrders, id);
  const venueOrders = [
    ...venue.openOrders,
    ...Object.values(venue.lookups).filter((order): order is VenueOrderView => order !== null),
  ];
  for (const order of venueOrders)
    if (isLedgerOrder(order.clientOrderId)) add(order.venueOrderId, order.clientOrderId);
  return index;
}
