import type { Pool } from '../../store/db.js';
import { isBinaryMarketSymbol } from '../../domain/market-data/binary-markets.js';
import { importSettlements } from '../ledger/settlements.js';
import type { KeelConfig } from '../../config/schema.js';
import { OPEN_STATUSES, type OrderStatus } from '../../domain/orders/types.js';
import type {
  LedgerFillView,
  LedgerOrderView,
  ReconcileInput,
  ReconcilePolicy,
  VenueFillView,
  VenueOrderView,
} from '../../domain/reconcile/types.js';
import { DEFAULT_RECONCILE_POLICY } from '../../domain/reconcile/diff.js';
import type { Venue, VenueOrder } from '../../venues/venue.js';

interface OrderRow {
  client_order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  status: OrderStatus;
  venue_order_id: string | null;
  quantity: string;
  filled_quantity: string;
}

const ledgerOrder = (row: OrderRow): LedgerOrderView => ({
  clientOrderId: row.client_order_id,
  symbol: row.symbol,
  side: row.side,
  status: row.status,
  venueOrderId: row.venue_order_id,
  quantity: Number(row.quantity),
  filledQuantity: Number(row.filled_quantity),
});

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
  const { rows } = await pool.query<{ symbol: string; quantity: string; cash_delta: string }>(
    'SELECT symbol, quantity, cash_delta FROM positions WHERE account = $1',
    [account],
  );
  const deltas: Record<string, number> = {};
  for (const row of rows) {
    const { baseAsset, quoteAsset } = await venue.instrument(row.symbol);
    deltas[baseAsset] = (deltas[baseAsset] ?? 0) + Number(row.quantity);
    deltas[quoteAsset] = (deltas[quoteAsset] ?? 0) + Number(row.cash_delta);
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
  const balances = Object.fromEntries(
    (await venue.balances()).map((balance) => [balance.asset, balance.free + balance.locked]),
  );
  const venueOpen = (await venue.openOrders()).map(venueOrderView);
  const { rows: symbolRows } = await pool.query<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM orders WHERE account = $1',
    [account],
  );
  const symbols = [
    ...new Set([
      ...symbolRows.map((row) => row.symbol),
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
  const { rows: openRows } = await pool.query<OrderRow>(
    `SELECT client_order_id, symbol, side, status, venue_order_id, quantity, filled_quantity FROM orders
     WHERE account = $1 AND status = ANY($2) ORDER BY client_order_id`,
    [account, OPEN_STATUSES],
  );
  const ledgerOpen = openRows.map(ledgerOrder);
  const openAtVenue = new Set(venueOpen.map((order) => order.clientOrderId));
  const lookups: Record<string, VenueOrderView | null> = {};
  for (const order of ledgerOpen.filter((o) => !openAtVenue.has(o.clientOrderId))) {
    const found = await venue.getOrderByClientId(order.symbol, order.clientOrderId);
    lookups[order.clientOrderId] = found ? venueOrderView(found) : null;
  }

  const { rows: fillRows } = await pool.query<{
    trade_id: string;
    client_order_id: string;
    symbol: string;
    side: 'buy' | 'sell';
    price: string;
    quantity: string;
    time: Date;
  }>(
    `SELECT trade_id, client_order_id, symbol, side, price, quantity, time FROM fills
     WHERE account = $1 AND time >= $2 AND time <= $3 ORDER BY time, trade_id`,
    [account, new Date(since), new Date(now)],
  );
  const ledgerFills: LedgerFillView[] = fillRows.map((row) => ({
    tradeId: row.trade_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    price: Number(row.price),
    quantity: Number(row.quantity),
    time: row.time.getTime(),
  }));

  const referencedVenueIds = [
    ...new Set([...venueFills.map((f) => f.venueOrderId), ...venueOpen.map((o) => o.venueOrderId)]),
  ];
  const referencedClientIds = venueOpen.map((order) => order.clientOrderId);
  const { rows: knownRows } = await pool.query<OrderRow>(
    `SELECT client_order_id, symbol, side, status, venue_order_id, quantity, filled_quantity FROM orders
     WHERE account = $1 AND (venue_order_id = ANY($2) OR client_order_id = ANY($3))`,
    [account, referencedVenueIds, referencedClientIds],
  );
  const knownOrders = Object.fromEntries(knownRows.map((row) => [row.client_order_id, ledgerOrder(row)]));
  const clientOrderIdByVenueOrderId = Object.fromEntries(
    knownRows
      .filter((row) => row.venue_order_id !== null)
      .map((row) => [row.venue_order_id!, row.client_order_id]),
  );

  const deltas = await ledgerAssetDeltas(pool, venue, account);
  const { rows: baselineRows } = await pool.query<{ balances: Record<string, number> }>(
    'SELECT balances FROM reconcile_baselines WHERE account = $1',
    [account],
  );
  let baselineTaken: Record<string, number> | null = null;
  let baseline = baselineRows[0]?.balances ?? null;
  if (!baseline) {
    // First reconciliation of the account: what the venue holds apart from Keel's fills so far.
    const assets = new Set([...Object.keys(balances), ...Object.keys(deltas)]);
    baseline = Object.fromEntries(
      [...assets].map((asset) => [asset, (balances[asset] ?? 0) - (deltas[asset] ?? 0)]),
    );
    baselineTaken = baseline;
  }
  const assets = new Set([...Object.keys(baseline), ...Object.keys(deltas)]);
  const expectedBalances = Object.fromEntries(
    [...assets].map((asset) => [asset, (baseline[asset] ?? 0) + (deltas[asset] ?? 0)]),
  );

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
  const { rows } = await pool.query<{ symbol: string }>(
    'SELECT symbol FROM positions WHERE account = $1 AND quantity > 0 ORDER BY symbol',
    [account],
  );
  return rows.map((row) => row.symbol).filter(isBinaryMarketSymbol);
}
