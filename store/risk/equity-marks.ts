import type { Pool, PoolClient } from 'pg';

type Db = Pool | PoolClient;

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
