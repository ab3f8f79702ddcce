import type { Pool, PoolClient } from 'pg';
import { OPEN_STATUSES, type OrderIntent, type OrderStatus } from '../../domain/orders/types.js';
import type { LedgerFillView, LedgerOrderView } from '../../domain/reconcile/types.js';
import type { OpenOrderExposure } from '../../domain/risk/snapshot.js';

type Db = Pool | PoolClient;

/** An order as the CLI and reports show it (`--json` shape). */
export interface OrderView {
  clientOrderId: string;
  /** null for the venue's own settlement orders, which no workflow ran. */
  workflowId: string | null;
  account: string;
  venue: string;
  symbol: string;
  side: string;
  type: string;
  timeInForce: string;
  quantity: number;
  price: number | null;
  status: string;
  filledQty: number;
  avgPrice: number | null;
  fees: number;
  reason: string | null;
  venueOrderId: string | null;
  runId: string | null;
  strategy: string | null;
  createdAt: string;
  updatedAt: string;
  tca: {
    decisionPrice: number | null;
    decisionTime: string;
    arrivalPrice: number | null;
    submittedAt: string | null;
    acceptedAt: string | null;
    firstFillAt: string | null;
    lastFillAt: string | null;
    fillVwap: number | null;
    fillRate: number | null;
    slippageBpsVsDecision: number | null;
    slippageBpsVsArrival: number | null;
    implementationShortfallBps: number | null;
  };
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

function toView(row: Record<string, unknown>): OrderView {
  return {
    clientOrderId: row.client_order_id as string,
    workflowId: row.workflow_id as string | null,
    account: row.account as string,
    venue: row.venue as string,
    symbol: row.symbol as string,
    side: row.side as string,
    type: row.type as string,
    timeInForce: row.time_in_force as string,
    quantity: Number(row.quantity),
    price: num(row.price),
    status: row.status as string,
    filledQty: Number(row.filled_quantity),
    avgPrice: num(row.average_price),
    fees: Number(row.fees),
    reason: (row.reason as string | null) ?? null,
    venueOrderId: (row.venue_order_id as string | null) ?? null,
    runId: (row.run_id as string | null) ?? null,
    strategy: (row.strategy as string | null) ?? null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    tca: {
      decisionPrice: num(row.decision_price),
      decisionTime: iso(row.decision_time)!,
      arrivalPrice: num(row.arrival_price),
      submittedAt: iso(row.submitted_at),
      acceptedAt: iso(row.accepted_at),
      firstFillAt: iso(row.first_fill_at),
      lastFillAt: iso(row.last_fill_at),
      fillVwap: num(row.fill_vwap),
      fillRate: num(row.fill_rate),
      slippageBpsVsDecision: num(row.slippage_bps_decision),
      slippageBpsVsArrival: num(row.slippage_bps_arrival),
      implementationShortfallBps: num(row.shortfall_bps),
    },
  };
}

export async function getOrder(pool: Pool, clientOrderId: string): Promise<OrderView | null> {
  const { rows } = await pool.query('SELECT * FROM orders WHERE client_order_id = $1', [clientOrderId]);
  return rows[0] ? toView(rows[0] as Record<string, unknown>) : null;
}

export async function listOrders(
  pool: Pool,
  filter: { status?: string; runId?: string; account?: string; limit: number },
): Promise<OrderView[]> {
  const { rows } = await pool.query(
    `SELECT * FROM orders
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR run_id = $2) AND ($3::text IS NULL OR account = $3)
      ORDER BY created_at DESC LIMIT $4`,
    [filter.status ?? null, filter.runId ?? null, filter.account ?? null, filter.limit],
  );
  return rows.map((row) => toView(row as Record<string, unknown>));
}

export async function orderDetails(pool: Pool, clientOrderId: string) {
  const [events, fills, risk] = await Promise.all([
    pool.query(
      'SELECT seq, type, status_after, payload, at FROM order_events WHERE client_order_id = $1 ORDER BY seq',
      [clientOrderId],
    ),
    pool.query(
      'SELECT trade_id, price, quantity, fee, fee_asset, is_maker, time FROM fills WHERE client_order_id = $1 ORDER BY time, trade_id',
      [clientOrderId],
    ),
    pool.query(
      'SELECT decision, codes, details, snapshot_digest, rules_version, decided_at FROM risk_decisions WHERE client_order_id = $1',
      [clientOrderId],
    ),
  ]);
  const riskRow = risk.rows[0] as
    | {
        decision: string;
        codes: string[];
        details: unknown;
        snapshot_digest: string;
        rules_version: string;
        decided_at: Date;
      }
    | undefined;
  return {
    events: events.rows.map((e: Record<string, unknown>) => ({
      seq: e.seq,
      type: e.type,
      statusAfter: e.status_after,
      at: iso(e.at),
      payload: e.payload,
    })),
    fills: fills.rows.map((f: Record<string, unknown>) => ({
      tradeId: f.trade_id,
      price: Number(f.price),
      quantity: Number(f.quantity),
      fee: Number(f.fee),
      feeAsset: f.fee_asset,
      isMaker: f.is_maker,
      time: iso(f.time),
    })),
    risk: riskRow
      ? {
          decision: riskRow.decision,
          codes: riskRow.codes,
          findings: riskRow.details,
          snapshotDigest: riskRow.snapshot_digest,
          rulesVersion: riskRow.rules_version,
          decidedAt: iso(riskRow.decided_at),
        }
      : null,
  };
}

/** The account's open orders, oldest first. */
export async function openOrdersOf(
  db: Db,
  account: string,
): Promise<{ clientOrderId: string; status: string }[]> {
  const { rows } = await db.query<{ client_order_id: string; status: string }>(
    'SELECT client_order_id, status FROM orders WHERE account = $1 AND status = ANY($2) ORDER BY created_at',
    [account, OPEN_STATUSES],
  );
  return rows.map((row) => ({ clientOrderId: row.client_order_id, status: row.status }));
}

/** The status of each named order the ledger has. */
export async function orderStatuses(
  db: Db,
  clientOrderIds: string[],
): Promise<{ clientOrderId: string; status: string }[]> {
  const { rows } = await db.query<{ client_order_id: string; status: string }>(
    'SELECT client_order_id, status FROM orders WHERE client_order_id = ANY($1)',
    [clientOrderIds],
  );
  return rows.map((row) => ({ clientOrderId: row.client_order_id, status: row.status }));
}

/** Symbols of the account's open orders. */
export async function openOrderSymbols(db: Db, account: string): Promise<string[]> {
  const { rows } = await db.query<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM orders WHERE account = $1 AND status = ANY($2)',
    [account, OPEN_STATUSES],
  );
  return rows.map((row) => row.symbol);
}

/** The account's other open orders with quantity left to fill (the order `intent` itself excluded). */
export async function readOpenOrderExposures(db: Db, intent: OrderIntent): Promise<OpenOrderExposure[]> {
  const { rows } = await db.query<{
    client_order_id: string;
    symbol: string;
    side: 'buy' | 'sell';
    leaves: string;
    price: string | null;
  }>(
    `SELECT client_order_id, symbol, side, quantity - filled_quantity AS leaves, price FROM orders
     WHERE account = $1 AND client_order_id <> $2 AND status = ANY($3) AND quantity > filled_quantity`,
    [intent.account, intent.clientOrderId, OPEN_STATUSES],
  );
  return rows.map((row) => ({
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    leavesQuantity: Number(row.leaves),
    price: row.price === null ? null : Number(row.price),
  }));
}

/** The account's venue rejections and unknown submit outcomes recorded in the last 60 seconds. */
export async function countRecentVenueErrors(db: Db, account: string): Promise<number> {
  const { rows } = await db.query<{ errors: string }>(
    `SELECT count(*) AS errors FROM order_events e JOIN orders o USING (client_order_id)
     WHERE o.account = $1 AND e.type IN ('REJECTED', 'SUBMIT_OUTCOME_UNKNOWN')
       AND e.recorded_at > now() - interval '60 seconds'`,
    [account],
  );
  return Number(rows[0]!.errors);
}

/** Every symbol the account has ever ordered. */
export async function orderedSymbols(db: Db, account: string): Promise<string[]> {
  const { rows } = await db.query<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM orders WHERE account = $1',
    [account],
  );
  return rows.map((row) => row.symbol);
}

interface LedgerOrderRow {
  client_order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  status: OrderStatus;
  venue_order_id: string | null;
  quantity: string;
  filled_quantity: string;
}

const ledgerOrder = (row: LedgerOrderRow): LedgerOrderView => ({
  clientOrderId: row.client_order_id,
  symbol: row.symbol,
  side: row.side,
  status: row.status,
  venueOrderId: row.venue_order_id,
  quantity: Number(row.quantity),
  filledQuantity: Number(row.filled_quantity),
});

/** The account's open orders as reconciliation compares them, by client order id. */
export async function readLedgerOpenOrders(db: Db, account: string): Promise<LedgerOrderView[]> {
  const { rows } = await db.query<LedgerOrderRow>(
    `SELECT client_order_id, symbol, side, status, venue_order_id, quantity, filled_quantity FROM orders
     WHERE account = $1 AND status = ANY($2) ORDER BY client_order_id`,
    [account, OPEN_STATUSES],
  );
  return rows.map(ledgerOrder);
}

/** The account's orders with one of these venue order ids or client order ids, whatever their status. */
export async function readReferencedOrders(
  db: Db,
  account: string,
  venueOrderIds: readonly string[],
  clientOrderIds: readonly string[],
): Promise<LedgerOrderView[]> {
  const { rows } = await db.query<LedgerOrderRow>(
    `SELECT client_order_id, symbol, side, status, venue_order_id, quantity, filled_quantity FROM orders
     WHERE account = $1 AND (venue_order_id = ANY($2) OR client_order_id = ANY($3))`,
    [account, venueOrderIds, clientOrderIds],
  );
  return rows.map(ledgerOrder);
}

/** The account's fills with `since <= time <= until`, in time order. */
/** A ledger fill with the database time its row was written (the transaction's start). */
export interface RecordedLedgerFill extends LedgerFillView {
  recordedAt: number;
}

export async function readLedgerFills(
  db: Db,
  account: string,
  since: number,
  until: number,
): Promise<RecordedLedgerFill[]> {
  const { rows } = await db.query<{
    trade_id: string;
    client_order_id: string;
    symbol: string;
    side: 'buy' | 'sell';
    price: string;
    quantity: string;
    time: Date;
    recorded_at: Date;
  }>(
    `SELECT trade_id, client_order_id, symbol, side, price, quantity, time, recorded_at FROM fills
     WHERE account = $1 AND time >= $2 AND time <= $3 ORDER BY time, trade_id`,
    [account, new Date(since), new Date(until)],
  );
  return rows.map((row) => ({
    tradeId: row.trade_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    price: Number(row.price),
    quantity: Number(row.quantity),
    time: row.time.getTime(),
    recordedAt: row.recorded_at.getTime(),
  }));
}

/**
 * The database's clock now (not the transaction's start): the instant to compare `recorded_at`
 * with, on the clock that wrote it.
 */
export async function ledgerClock(db: Db): Promise<number> {
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return rows[0]!.now.getTime();
}
