import type { PoolClient } from 'pg';
import { applyFillToPosition, type Position } from '../../domain/ledger/positions.js';

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
