import type { Pool } from 'pg';
import {
  applyFillToPosition,
  emptyPosition,
  unrealizedPnl,
  type Position,
} from '../../domain/ledger/positions.js';

export interface PositionView extends Position {
  account: string;
  markPrice: number | null;
  unrealizedPnl: number | null;
  fills: number;
}

/**
 * An account's positions and cash, derived from its fills in the ledger (never stored separately,
 * so they cannot disagree with the fills). `marks` gives unrealized P&L where a price is known.
 */
export async function readPositions(
  pool: Pool,
  account: string,
  marks: Record<string, number> = {},
): Promise<PositionView[]> {
  const { rows } = await pool.query<{
    symbol: string;
    side: 'buy' | 'sell';
    price: string;
    quantity: string;
    fee: string;
  }>('SELECT symbol, side, price, quantity, fee FROM fills WHERE account = $1 ORDER BY time, trade_id', [
    account,
  ]);
  const bySymbol = new Map<string, { position: Position; fills: number }>();
  for (const row of rows) {
    const current = bySymbol.get(row.symbol) ?? { position: emptyPosition(row.symbol), fills: 0 };
    const { position } = applyFillToPosition(current.position, {
      side: row.side,
      price: Number(row.price),
      quantity: Number(row.quantity),
      fee: Number(row.fee),
    });
    bySymbol.set(row.symbol, { position, fills: current.fills + 1 });
  }
  return [...bySymbol.values()]
    .sort((a, b) => a.position.symbol.localeCompare(b.position.symbol))
    .map(({ position, fills }) => {
      const mark = marks[position.symbol] ?? null;
      return {
        ...position,
        account,
        fills,
        markPrice: mark,
        unrealizedPnl: mark === null ? null : unrealizedPnl(position, mark),
      };
    });
}
