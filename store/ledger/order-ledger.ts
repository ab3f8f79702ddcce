import type { Pool, PoolClient } from 'pg';
import { applyFillToBook } from './position-book.js';
import type { OrderEvent, OrderFill, OrderIntent, OrderState } from '../../domain/orders/types.js';
import { withTransaction } from '../transaction.js';

const dec = (value: number | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed(12);
const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));

/** One event of an order's story, as the workflow numbers it. */
export interface LedgerEvent {
  seq: number;
  event: OrderEvent;
  statusAfter: string;
}

/** The order's current figures the ledger keeps beside its event log. */
export interface LedgerOrderUpdate {
  state: OrderState;
  arrivalPrice: number | null;
  tca: {
    fillVwap: number | null;
    fillRate: number | null;
    slippageBpsVsDecision: number | null;
    slippageBpsVsArrival: number | null;
    implementationShortfallBps: number | null;
  };
}

/** Inserts the intent once; a repeat (activity retry, a second start) changes nothing. */
export async function insertOrderIntent(
  pool: Pool,
  intent: OrderIntent,
  venue: string,
  workflowId: string,
): Promise<{ inserted: boolean; status: string }> {
  const inserted = await pool.query(
    `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity, price,
                         run_id, strategy, status, decision_price, decision_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'NEW', $13, $14)
     ON CONFLICT (client_order_id) DO NOTHING`,
    [
      intent.clientOrderId,
      workflowId,
      intent.account,
      venue,
      intent.symbol,
      intent.side,
      intent.type,
      intent.timeInForce,
      dec(intent.quantity),
      dec(intent.price),
      intent.runId ?? null,
      intent.strategy ?? null,
      dec(intent.decisionPrice),
      time(intent.decisionTime),
    ],
  );
  const { rows } = await pool.query<{ status: string }>(
    'SELECT status FROM orders WHERE client_order_id = $1',
    [intent.clientOrderId],
  );
  return { inserted: inserted.rowCount === 1, status: rows[0]!.status };
}

/**
 * Appends events and fills and updates the order's figures in one transaction. Idempotent: events
 * are keyed by (order, seq), fills by the venue's trade id; a replayed call changes nothing.
 */
export async function recordOrderProgress(
  pool: Pool,
  input: {
    clientOrderId: string;
    venue: string;
    events: LedgerEvent[];
    fills: OrderFill[];
    update: LedgerOrderUpdate;
  },
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await appendEvents(client, input.clientOrderId, input.events);
    await insertFills(client, input.venue, input.update.state, input.fills);
    await updateOrder(
      client,
      input.clientOrderId,
      input.update,
      Math.max(0, ...input.events.map((e) => e.seq)),
    );
  });
}

async function appendEvents(client: PoolClient, clientOrderId: string, events: LedgerEvent[]): Promise<void> {
  for (const { seq, event, statusAfter } of events) {
    await client.query(
      `INSERT INTO order_events (client_order_id, seq, type, status_after, payload, at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_order_id, seq) DO NOTHING`,
      [clientOrderId, seq, event.type, statusAfter, JSON.stringify(event), time(event.at)],
    );
  }
}

async function insertFills(
  client: PoolClient,
  venue: string,
  state: OrderState,
  fills: OrderFill[],
): Promise<void> {
  const { intent } = state;
  for (const fill of fills) {
    const inserted = await client.query(
      `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset, is_maker, time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (venue, account, symbol, trade_id) DO NOTHING`,
      [
        venue,
        fill.tradeId,
        intent.clientOrderId,
        intent.account,
        intent.symbol,
        intent.side,
        dec(fill.price),
        dec(fill.quantity),
        dec(fill.fee),
        fill.feeAsset,
        fill.isMaker,
        time(fill.time),
      ],
    );
    if (inserted.rowCount === 1)
      await applyFillToBook(client, {
        account: intent.account,
        symbol: intent.symbol,
        side: intent.side,
        price: fill.price,
        quantity: fill.quantity,
        fee: fill.fee,
        time: fill.time,
      });
  }
}

async function updateOrder(
  client: PoolClient,
  clientOrderId: string,
  update: LedgerOrderUpdate,
  lastSeq: number,
): Promise<void> {
  const { state, tca } = update;
  // Only move forward: a retried older update must never overwrite a newer one.
  await client.query(
    `UPDATE orders SET
       status = $2, venue_order_id = COALESCE($3, venue_order_id), filled_quantity = $4, average_price = $5, fees = $6,
       reason = $7, arrival_price = COALESCE($8, arrival_price), submitted_at = $9, accepted_at = $10,
       first_fill_at = $11, last_fill_at = $12, terminal_at = $13, fill_vwap = $14, fill_rate = $15,
       slippage_bps_decision = $16, slippage_bps_arrival = $17, shortfall_bps = $18,
       last_event_seq = $19, updated_at = now()
     WHERE client_order_id = $1 AND last_event_seq <= $19`,
    [
      clientOrderId,
      state.status,
      state.venueOrderId,
      dec(state.filledQuantity),
      dec(state.averagePrice),
      dec(state.fees),
      state.reason,
      dec(update.arrivalPrice),
      time(state.submittedAt),
      time(state.acceptedAt),
      time(state.firstFillAt),
      time(state.lastFillAt),
      time(state.terminalAt),
      dec(tca.fillVwap),
      tca.fillRate,
      tca.slippageBpsVsDecision,
      tca.slippageBpsVsArrival,
      tca.implementationShortfallBps,
      lastSeq,
    ],
  );
}

/**
 * The wall-clock round trip of the submission the venue acknowledged (the worker's clock when the
 * request went out and when the acknowledgement came back): TCA's wall-clock latency, kept apart
 * from accepted_at, which is the venue's (market) time. The venue acknowledges a client order id
 * at most once (a resend is refused as a duplicate), so the first recorded round trip stays.
 */
export async function recordSubmissionRoundTrip(
  pool: Pool,
  clientOrderId: string,
  roundTrip: { sentWallAt: number; ackedWallAt: number },
): Promise<void> {
  await pool.query(
    `UPDATE orders SET sent_wall_at = $2, acked_wall_at = $3, updated_at = now()
     WHERE client_order_id = $1 AND acked_wall_at IS NULL`,
    [clientOrderId, new Date(roundTrip.sentWallAt), new Date(roundTrip.ackedWallAt)],
  );
}

/** A venue-side settlement order (the redemption of a resolved binary market), as the ledger records it. */
export interface SettlementOrder {
  clientOrderId: string;
  account: string;
  venue: string;
  symbol: string;
  quantity: number;
  venueOrderId: string;
  averagePrice: number;
  /** The last fill's time: decided, accepted, filled and terminal then. */
  time: number;
}

/** Inserts a settlement as a FILLED sell order, once; false when the ledger already had it. */
export async function insertSettlementOrder(client: PoolClient, order: SettlementOrder): Promise<boolean> {
  const inserted = await client.query(
    `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity,
                             strategy, status, venue_order_id, filled_quantity, average_price, fees, reason,
                             decision_time, accepted_at, first_fill_at, last_fill_at, terminal_at)
         VALUES ($1, NULL, $2, $3, $4, 'sell', 'market', 'GTC', $5, 'settlement', 'FILLED', $6, $5, $7, 0,
                 'the venue redeemed the resolved binary market', $8, $8, $8, $8, $8)
         ON CONFLICT (client_order_id) DO NOTHING`,
    [
      order.clientOrderId,
      order.account,
      order.venue,
      order.symbol,
      dec(order.quantity),
      order.venueOrderId,
      dec(order.averagePrice),
      new Date(order.time),
    ],
  );
  return inserted.rowCount === 1;
}

/** One fill of a settlement order (kind 'settlement'). */
export interface SettlementFill {
  venue: string;
  tradeId: string;
  clientOrderId: string;
  account: string;
  symbol: string;
  price: number;
  quantity: number;
  fee: number;
  feeAsset: string;
  time: number;
}

/** Inserts a settlement fill, once by its trade id; false when the ledger already had it. */
export async function insertSettlementFill(client: PoolClient, fill: SettlementFill): Promise<boolean> {
  const added = await client.query(
    `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset,
                              is_maker, time, kind)
           VALUES ($1, $2, $3, $4, $5, 'sell', $6, $7, $8, $9, false, $10, 'settlement')
           ON CONFLICT (venue, account, symbol, trade_id) DO NOTHING`,
    [
      fill.venue,
      fill.tradeId,
      fill.clientOrderId,
      fill.account,
      fill.symbol,
      dec(fill.price),
      dec(fill.quantity),
      dec(fill.fee),
      fill.feeAsset,
      new Date(fill.time),
    ],
  );
  return added.rowCount === 1;
}
