import type { Pool, PoolClient } from '../../store/db.js';
import type { HeldPosition } from '../../domain/risk/equity.js';
import type { LastTrade, Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';

type Db = Pool | PoolClient;

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

/**
 * Last trades of several symbols, asked in parallel; a symbol the venue does not list maps to null.
 * Other failures propagate so the activity retries: a deny is final, so a network blip must never
 * become one.
 */
export async function lastTrades(
  venue: Venue,
  symbols: readonly string[],
): Promise<Record<string, LastTrade | null>> {
  const unique = [...new Set(symbols)];
  const trades = await Promise.all(
    unique.map((symbol) =>
      venue.lastTrade(symbol).catch((error: unknown) => {
        if (error instanceof VenueError && error.reason === 'UNKNOWN_SYMBOL') return null;
        throw error;
      }),
    ),
  );
  return Object.fromEntries(unique.map((symbol, index) => [symbol, trades[index] ?? null]));
}

/** The prices of last trades by symbol (null where the venue gave none). */
export function pricesOf(trades: Record<string, LastTrade | null>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(trades).map(([symbol, trade]) => [symbol, trade?.price ?? null]));
}

/**
 * Records a mark of the account's equity for its venue day and returns the day's starting equity
 * and the all-time peak (the first mark of a day starts it; the peak carries over from earlier days
 * and is never below the starting equity, the account's value before its first fill).
 */
export async function markEquity(
  db: Db,
  account: string,
  day: string,
  equity: number,
  startingEquity: number,
): Promise<{ startOfDayEquity: number; peakEquity: number }> {
  const { rows } = await db.query<{ start_equity: string; peak_equity: string }>(
    `INSERT INTO equity_marks (account, day, start_equity, peak_equity, last_equity)
     VALUES ($1, $2, $3,
             GREATEST($3, $4::numeric, COALESCE((SELECT max(peak_equity) FROM equity_marks WHERE account = $1), $3)), $3)
     ON CONFLICT (account, day) DO UPDATE SET
       peak_equity = GREATEST(equity_marks.peak_equity, EXCLUDED.last_equity),
       last_equity = EXCLUDED.last_equity, updated_at = now()
     RETURNING start_equity, peak_equity`,
    [account, day, equity, startingEquity],
  );
  return { startOfDayEquity: Number(rows[0]!.start_equity), peakEquity: Number(rows[0]!.peak_equity) };
}

/** The last recorded marks of the account's current day, when no fresh equity can be computed. */
export async function latestEquityMark(
  db: Db,
  account: string,
  day: string,
): Promise<{ startOfDayEquity: number; peakEquity: number } | null> {
  const { rows } = await db.query<{ start_equity: string; peak_equity: string }>(
    'SELECT start_equity, peak_equity FROM equity_marks WHERE account = $1 AND day = $2',
    [account, day],
  );
  return rows[0]
    ? { startOfDayEquity: Number(rows[0].start_equity), peakEquity: Number(rows[0].peak_equity) }
    : null;
}
