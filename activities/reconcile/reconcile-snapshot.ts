import type { Pool } from '../../store/db.js';
import { isBinaryMarketSymbol } from '../../domain/market-data/binary-markets.js';
import { importSettlements } from '../ledger/settlements.js';
import type { KeelConfig } from '../../config/schema.js';
import type {
  LedgerFillView,
  ReconcilePolicy,
  VenueFillView,
  VenueOrderView,
} from '../../domain/reconcile/types.js';
import {
  ledgerClock,
  orderedSymbols,
  readLedgerFills,
  readLedgerOpenOrders,
  readReferencedOrders,
  type RecordedLedgerFill,
} from '../../store/ledger/order-queries.js';
import { longPositionSymbols, readPositionDeltas } from '../../store/ledger/position-book.js';
import { readBaseline } from '../../store/reconcile/reconcile-store.js';
import { DEFAULT_RECONCILE_POLICY } from '../../domain/reconcile/diff.js';
import { tradeKey } from '../../domain/reconcile/fill-drifts.js';
import type { Venue, VenueOrder } from '../../venues/venue.js';
import type { ReconcileInput } from '../../domain/reconcile/types.js';

const venueOrderView = (order: VenueOrder): VenueOrderView => ({
  clientOrderId: order.clientOrderId,
  venueOrderId: order.venueOrderId,
  symbol: order.symbol,
  side: order.side,
  status: order.status,
  quantity: order.quantity,
  filledQuantity: order.filledQuantity,
  price: order.price,
});

export function reconcilePolicy(config: KeelConfig): ReconcilePolicy {
  return {
    ...DEFAULT_RECONCILE_POLICY,
    adoptKeelOrders: config.reconcile.adoptKeelOrders,
    balanceTolerance: config.reconcile.balanceTolerance,
    balanceCriticalRelative: config.reconcile.balanceCriticalRelative,
  };
}

/** Each asset's change from the ledger's fills: base += position, quote += cash flow. */
async function ledgerAssetDeltas(pool: Pool, venue: Venue, account: string): Promise<Record<string, number>> {
  const deltas: Record<string, number> = {};
  for (const position of await readPositionDeltas(pool, account)) {
    const { baseAsset, quoteAsset } = await venue.instrument(position.symbol);
    deltas[baseAsset] = (deltas[baseAsset] ?? 0) + position.quantity;
    deltas[quoteAsset] = (deltas[quoteAsset] ?? 0) + position.cashDelta;
  }
  return deltas;
}

/**
 * Both sides of one account, gathered for the pure diff: the venue's open orders, fills of the
 * window and balances; the ledger's open orders, fills of the window and expected balances (from
 * the account's baseline, taken at its first reconciliation).
 */
export async function gatherReconcileInput(
  deps: { pool: Pool; venue: Venue; config: KeelConfig },
  account: string,
  now: number,
): Promise<{ input: ReconcileInput; baselineTaken: Record<string, number> | null }> {
  const { pool, venue, config } = deps;
  const since = now - config.reconcile.fillsLookbackHours * 3_600_000;
  // The venue first, then the ledger: every venue order and fill then has its ledger intent (Keel
  // records an intent before it sends it), and ledger fills after `now` are left out (they may be
  // newer than the venue's list).
  const venueReadFrom = await ledgerClock(pool);
  const balances = await venueBalances(venue);
  const venueOpen = (await venue.openOrders()).map(venueOrderView);
  const symbols = [
    ...new Set([
      ...(await orderedSymbols(pool, account)),
      ...venueOpen.map((order) => order.symbol),
      ...(account === config.simulator.account.name ? config.simulator.account.symbols : []),
    ]),
  ].sort();
  const venueFills: VenueFillView[] = [];
  for (const symbol of symbols) {
    // Both sides up to the same venue time: later fills belong to the next run.
    for (const fill of (await venue.fillsSince(symbol, since)).filter((f) => f.timestamp <= now)) {
      venueFills.push({
        tradeId: fill.tradeId,
        venueOrderId: fill.venueOrderId,
        symbol: fill.symbol,
        side: fill.side,
        price: fill.price,
        quantity: fill.quantity,
        fee: fill.fee,
        feeAsset: fill.feeAsset,
        time: fill.timestamp,
      });
    }
  }
  // Redemptions of resolved binary markets are venue facts the ledger takes in as settlements; taken
  // in after the venue's fills were read and before the ledger is, so every settlement listed above
  // is in the ledger below.
  await importSettlements(pool, venue, account, await heldBinarySymbols(pool, account));
  const ledgerOpen = await readLedgerOpenOrders(pool, account);
  const openAtVenue = new Set(venueOpen.map((order) => order.clientOrderId));
  const lookups: Record<string, VenueOrderView | null> = {};
  for (const order of ledgerOpen.filter((o) => !openAtVenue.has(o.clientOrderId))) {
    const found = await venue.getOrderByClientId(order.symbol, order.clientOrderId);
    lookups[order.clientOrderId] = found ? venueOrderView(found) : null;
  }

  const ledgerFills = ledgerFillsSeenBy(
    await readLedgerFills(pool, account, since, now),
    venueFills,
    venueReadFrom,
  );

  const referencedVenueIds = [
    ...new Set([...venueFills.map((f) => f.venueOrderId), ...venueOpen.map((o) => o.venueOrderId)]),
  ];
  const referencedClientIds = venueOpen.map((order) => order.clientOrderId);
  const known = await readReferencedOrders(pool, account, referencedVenueIds, referencedClientIds);
  const knownOrders = Object.fromEntries(known.map((order) => [order.clientOrderId, order]));
  const clientOrderIdByVenueOrderId = Object.fromEntries(
    known
      .filter((order) => order.venueOrderId !== null)
      .map((order) => [order.venueOrderId!, order.clientOrderId]),
  );

  const deltas = await ledgerAssetDeltas(pool, venue, account);
  let baselineTaken: Record<string, number> | null = null;
  let baseline = await readBaseline(pool, account);
  if (!baseline && (await quietWhileRead(venue, balances, venueFills, ledgerFills))) {
    // First reconciliation of the account: what the venue holds apart from Keel's fills so far.
    const assets = new Set([...Object.keys(balances), ...Object.keys(deltas)]);
    baseline = Object.fromEntries(
      [...assets].map((asset) => [asset, (balances[asset] ?? 0) - (deltas[asset] ?? 0)]),
    );
    baselineTaken = baseline;
  }
  const expectedBalances = baseline && expectedFrom(baseline, deltas);

  return {
    input: {
      account,
      venue: { openOrders: venueOpen, lookups, fills: venueFills, balances },
      ledger: {
        openOrders: ledgerOpen,
        knownOrders,
        clientOrderIdByVenueOrderId,
        fills: ledgerFills,
        expectedBalances,
      },
      window: { fillsSince: since },
      policy: reconcilePolicy(config),
    },
    baselineTaken,
  };
}

async function heldBinarySymbols(pool: Pool, account: string): Promise<string[]> {
  return (await longPositionSymbols(pool, account)).filter(isBinaryMarketSymbol);
}

/**
 * The ledger's fills the venue's list must hold. Keel writes a fill only after the venue reported
 * it, so a row written before the venue was read is a fill the venue already had. A row written
 * while the venue was being read may be of a trade that happened after its list was taken (a
 * market order filling meanwhile, dated at its bar's start, before `now`): unless the list holds
 * it, it is left to the next run, which sees both sides of it.
 */
function ledgerFillsSeenBy(
  fills: readonly RecordedLedgerFill[],
  venueFills: readonly VenueFillView[],
  venueReadFrom: number,
): LedgerFillView[] {
  const listed = new Set(venueFills.map(tradeKey));
  return fills
    .filter((fill) => fill.recordedAt < venueReadFrom || listed.has(tradeKey(fill)))
    .map(({ recordedAt: _recordedAt, ...fill }) => fill);
}

async function venueBalances(venue: Venue): Promise<Record<string, number>> {
  return Object.fromEntries(
    (await venue.balances()).map((balance) => [balance.asset, balance.free + balance.locked]),
  );
}

function expectedFrom(
  baseline: Record<string, number>,
  deltas: Record<string, number>,
): Record<string, number> {
  const assets = new Set([...Object.keys(baseline), ...Object.keys(deltas)]);
  return Object.fromEntries(
    [...assets].map((asset) => [asset, (baseline[asset] ?? 0) + (deltas[asset] ?? 0)]),
  );
}

/**
 * Whether the account's baseline (venue balances less the ledger's fills) can be taken from this
 * read. Only if nothing traded while it was read: the balances are the same read again after the
 * ledger, and every venue fill listed is in the ledger. Else a fill the ledger had not yet written,
 * or wrote after the balances were read, would be folded into the baseline and every later run
 * would report it as a balance mismatch. A busy account gets its baseline at a later, quiet run;
 * until then its balances are not compared.
 */
async function quietWhileRead(
  venue: Venue,
  balances: Record<string, number>,
  venueFills: readonly VenueFillView[],
  ledgerFills: readonly LedgerFillView[],
): Promise<boolean> {
  const inLedger = new Set(ledgerFills.map(tradeKey));
  if (!venueFills.every((fill) => inLedger.has(tradeKey(fill)))) return false;
  const again = await venueBalances(venue);
  const assets = new Set([...Object.keys(balances), ...Object.keys(again)]);
  return [...assets].every((asset) => balances[asset] === again[asset]);
}
