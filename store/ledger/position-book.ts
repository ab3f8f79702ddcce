import type { Pool, PoolClient } from 'pg';
import { applyFillToPosition, type Position } from '../../domain/ledger/positions.js';
import type { HeldPosition } from '../../domain/risk/equity.js';

type Db = Pool | PoolClient;

export interface BookFill {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: number;
  quantity: number;
  fee: number;
  time: number;
  settlement?: boolean;
}

const num = (value: string | null) => (value === null ? null : Number(value));

/**
 * Applies one newly recorded fill to the account's position row, inside the transaction that
 * inserted the fill (the caller applies a fill only when its insert succeeded, so never twice).
 * The row lock serialises concurrent orders of one symbol.
 */
export async function applyFillToBook(client: PoolClient, fill: BookFill): Promise<void> {
  await client.query(
    'INSERT INTO positions (account, symbol) VALUES ($1, $2) ON CONFLICT (account, symbol) DO NOTHING',
    [fill.account, fill.symbol],
  );
  const { rows } = await client.query<{
    quantity: string;
    entry_price: string | null;
    realized_pnl: string;
    fees: string;
    cash_delta: string;
  }>(
    `SELECT quantity, entry_price, realized_pnl, fees, cash_delta FROM positions
     WHERE account = $1 AND symbol = $2 FOR UPDATE`,
    [fill.account, fill.symbol],
  );
  const row = rows[0]!;
  const current: Position = {
    symbol: fill.symbol,
    quantity: Number(row.quantity),
    entryPrice: num(row.entry_price),
    realizedPnl: Number(row.realized_pnl),
    fees: Number(row.fees),
    cashDelta: Number(row.cash_delta),
  };
  // A position from before entry prices were kept (see migration 0004) restarts its entry here.
  if (current.quantity !== 0 && current.entryPrice === null) current.entryPrice = fill.price;
  const { position, realizedPnl } = applyFillToPosition(current, fill);
  await client.query(
    `UPDATE positions SET quantity = $3, entry_price = $4, realized_pnl = $5, fees = $6, cash_delta = $7,
       last_loss_at = CASE WHEN $8 THEN $9 ELSE last_loss_at END, fills = fills + 1, updated_at = now()
     WHERE account = $1 AND symbol = $2`,
    [
      fill.account,
      fill.symbol,
      position.quantity,
      position.entryPrice,
      position.realizedPnl,
      position.fees,
      position.cashDelta,
      realizedPnl - fill.fee < 0 && realizedPnl !== 0,
      new Date(fill.time),
    ],
  );
}

export interface BookPosition extends HeldPosition {
  realizedPnl: number;
  fees: number;
  lastLossAt: number | null;
}

/** The account's positions as the ledger keeps them (kept current from fills). */
export async function readBookPositions(db: Db, account: string): Promise<BookPosition[]> {
  const { rows } = await db.query<{
    symbol: string;
    quantity: string;
    cash_delta: string;
    realized_pnl: string;
    fees: string;
    last_loss_at: Date | null;
  }>(
    `SELECT symbol, quantity, cash_delta, realized_pnl, fees, last_loss_at FROM positions
     WHERE account = $1 ORDER BY symbol`,
    [account],
  );
  return rows.map((row) => ({
    symbol: row.symbol,
    quantity: Number(row.quantity),
    cashDelta: Number(row.cash_delta),
    realizedPnl: Number(row.realized_pnl),
    fees: Number(row.fees),
    lastLossAt: row.last_loss_at?.getTime() ?? null,
  }));
}

/** Symbols the account holds a non-zero position in. */
export async function heldSymbols(db: Db, account: string): Promise<string[]> {
  const { rows } = await db.query<{ symbol: string }>(
    'SELECT symbol FROM positions WHERE account = $1 AND quantity <> 0 ORDER BY symbol',
    [account],
  );
  return rows.map((row) => row.symbol);
}

/** Symbols the account holds a long (positive) position in. */
export async function longPositionSymbols(db: Db, account: string): Promise<string[]> {
  const { rows } = await db.query<{ symbol: string }>(
    'SELECT symbol FROM positions WHERE account = $1 AND quantity > 0 ORDER BY symbol',
    [account],
  );
  return rows.map((row) => row.symbol);
}

export interface LongPosition {
  symbol: string;
  quantity: number;
  entryPrice: number | null;
}

/** The account's long positions with their entry prices, by symbol. */
export async function readLongPositions(db: Db, account: string): Promise<LongPosition[]> {
  const { rows } = await db.query<{
    symbol: string;
    quantity: string;
    entry_price: string | null;
  }>(
    'SELECT symbol, quantity, entry_price FROM positions WHERE account = $1 AND quantity > 0 ORDER BY symbol',
    [account],
  );
  return rows.map((row) => ({
    symbol: row.symbol,
    quantity: Number(row.quantity),
    entryPrice: row.entry_price === null ? null : Number(row.entry_price),
  }));
}

/** The account's long positions with their entry prices and when each last changed, by symbol. */
export async function readLongPositionEntries(
  db: Db,
  account: string,
): Promise<(LongPosition & { updatedAt: number })[]> {
  const { rows } = await db.query<{
    symbol: string;
    quantity: string;
    entry_price: string | null;
    updated_at: Date;
  }>(
    'SELECT symbol, quantity, entry_price, updated_at FROM positions WHERE account = $1 AND quantity > 0 ORDER BY symbol',
    [account],
  );
  return rows.map((row) => ({
    symbol: row.symbol,
    quantity: Number(row.quantity),
    entryPrice: row.entry_price === null ? null : Number(row.entry_price),
    updatedAt: row.updated_at.getTime(),
  }));
}

/** Each position's base quantity and quote cash flow (unordered), for the expected balances. */
export async function readPositionDeltas(
  db: Db,
  account: string,
): Promise<{ symbol: string; quantity: number; cashDelta: number }[]> {
  const { rows } = await db.query<{ symbol: string; quantity: string; cash_delta: string }>(
    'SELECT symbol, quantity, cash_delta FROM positions WHERE account = $1',
    [account],
  );
  return rows.map((row) => ({
    symbol: row.symbol,
    quantity: Number(row.quantity),
    cashDelta: Number(row.cash_delta),
  }));
}
