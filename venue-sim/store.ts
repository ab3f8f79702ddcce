import type { Pool, PoolClient } from 'pg';
import type { AccountChange } from './account-change.js';
import { AccountSpecSchema } from '../contracts/venue-sim/account-spec.js';
import type { AccountState, StoredOrder, StoredTrade } from './account-state.js';
import type { OrderType, Side, SimOrderStatus, TimeInForce } from '../domain/execution/orders.js';

/** numeric columns travel as strings; amounts are kept to 18 decimals in the database. */
const dec = (value: number) => value.toFixed(12);

interface AccountRow {
  name: string;
  api_key: string;
  api_secret: string;
  spec: unknown;
  market_time: string;
  wall_anchor: string;
  next_order_id: string;
  next_trade_id: string;
}

/** Loads every account with its balances, orders and trades (the simulator's state after a restart). */
export async function loadAccounts(pool: Pool): Promise<AccountState[]> {
  const accounts = (await pool.query<AccountRow>('SELECT * FROM venue_sim.accounts ORDER BY name')).rows;
  const states: AccountState[] = [];
  for (const row of accounts) {
    const spec = AccountSpecSchema.parse({
      ...(row.spec as object),
      name: row.name,
      apiKey: row.api_key,
      apiSecret: row.api_secret,
    });
    const state: AccountState = {
      spec,
      marketTime: Number(row.market_time),
      wallAnchor: Number(row.wall_anchor),
      nextOrderId: Number(row.next_order_id),
      nextTradeId: Number(row.next_trade_id),
      balances: new Map(),
      orders: new Map(),
      orderIdByClientId: new Map(),
      openOrderIds: new Set(),
      trades: [],
    };
    const balances = await pool.query<{ asset: string; free: string; locked: string }>(
      'SELECT asset, free, locked FROM venue_sim.balances WHERE account = $1',
      [row.name],
    );
    for (const b of balances.rows)
      state.balances.set(b.asset, { free: Number(b.free), locked: Number(b.locked) });
    const orders = await pool.query<Record<string, string | null>>(
      'SELECT * FROM venue_sim.orders WHERE account = $1 ORDER BY order_id',
      [row.name],
    );
    for (const o of orders.rows) {
      const order: StoredOrder = {
        orderId: Number(o.order_id),
        clientOrderId: o.client_order_id!,
        symbol: o.symbol!,
        side: o.side as Side,
        type: o.type as OrderType,
        timeInForce: o.time_in_force as TimeInForce,
        price: o.price === null ? null : Number(o.price),
        quantity: Number(o.quantity),
        executedQty: Number(o.executed_qty),
        cummulativeQuoteQty: Number(o.cummulative_quote_qty),
        status: o.status as SimOrderStatus,
        submitTime: Number(o.submit_time),
        updateTime: Number(o.update_time),
        reserved: Number(o.reserved),
      };
      state.orders.set(order.orderId, order);
      state.orderIdByClientId.set(order.clientOrderId, order.orderId);
      if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED')
        state.openOrderIds.add(order.orderId);
    }
    const trades = await pool.query<Record<string, string | boolean>>(
      'SELECT * FROM venue_sim.trades WHERE account = $1 ORDER BY trade_id',
      [row.name],
    );
    state.trades = trades.rows.map((t): StoredTrade => ({
      tradeId: Number(t.trade_id),
      orderId: Number(t.order_id),
      symbol: t.symbol as string,
      side: t.side as Side,
      price: Number(t.price),
      qty: Number(t.qty),
      quoteQty: Number(t.quote_qty),
      commission: Number(t.commission),
      commissionAsset: t.commission_asset as string,
      isMaker: t.is_maker as boolean,
      time: Number(t.time),
    }));
    states.push(state);
  }
  return states;
}

/** Creates the account row and its starting balances; false when the name or key already exists. */
export async function insertAccount(pool: Pool, state: AccountState): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { name, apiKey, apiSecret, ...spec } = state.spec;
    const inserted = await client.query(
      `INSERT INTO venue_sim.accounts (name, api_key, api_secret, spec, market_time, wall_anchor)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [name, apiKey, apiSecret, JSON.stringify(spec), state.marketTime, state.wallAnchor],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    for (const [asset, balance] of state.balances) {
      await client.query(
        'INSERT INTO venue_sim.balances (account, asset, free, locked) VALUES ($1, $2, $3, $4)',
        [name, asset, dec(balance.free), dec(balance.locked)],
      );
    }
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Writes one request's changes in a single transaction. */
export async function persistChange(pool: Pool, change: AccountChange): Promise<void> {
  if (change.isEmpty) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await writeChange(client, change);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function writeChange(client: PoolClient, change: AccountChange): Promise<void> {
  const account = change.state.spec.name;
  for (const o of change.touchedOrders) {
    await client.query(
      `INSERT INTO venue_sim.orders (account, order_id, client_order_id, symbol, side, type, time_in_force, price, quantity,
                                     executed_qty, cummulative_quote_qty, status, submit_time, update_time, reserved)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (account, order_id) DO UPDATE SET
         executed_qty = EXCLUDED.executed_qty, cummulative_quote_qty = EXCLUDED.cummulative_quote_qty,
         status = EXCLUDED.status, update_time = EXCLUDED.update_time, reserved = EXCLUDED.reserved`,
      [
        account,
        o.orderId,
        o.clientOrderId,
        o.symbol,
        o.side,
        o.type,
        o.timeInForce,
        o.price === null ? null : dec(o.price),
        dec(o.quantity),
        dec(o.executedQty),
        dec(o.cummulativeQuoteQty),
        o.status,
        o.submitTime,
        o.updateTime,
        dec(o.reserved),
      ],
    );
  }
  for (const t of change.newTrades) {
    await client.query(
      `INSERT INTO venue_sim.trades (account, trade_id, order_id, symbol, side, price, qty, quote_qty, commission,
                                     commission_asset, is_maker, time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        account,
        t.tradeId,
        t.orderId,
        t.symbol,
        t.side,
        dec(t.price),
        dec(t.qty),
        dec(t.quoteQty),
        dec(t.commission),
        t.commissionAsset,
        t.isMaker,
        t.time,
      ],
    );
  }
  for (const [asset, balance] of change.touchedBalances) {
    await client.query(
      `INSERT INTO venue_sim.balances (account, asset, free, locked) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account, asset) DO UPDATE SET free = EXCLUDED.free, locked = EXCLUDED.locked`,
      [account, asset, dec(balance.free), dec(balance.locked)],
    );
  }
  const s = change.state;
  await client.query(
    'UPDATE venue_sim.accounts SET market_time = $2, wall_anchor = $3, next_order_id = $4, next_trade_id = $5 WHERE name = $1',
    [account, s.marketTime, s.wallAnchor, s.nextOrderId, s.nextTradeId],
  );
}
