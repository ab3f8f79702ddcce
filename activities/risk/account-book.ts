import type { LastTrade, Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';

// The account's positions (store/ledger/position-book.ts) and equity marks (store/risk/equity-marks.ts)
// are read and written in store/; this module asks the venue for what values them.

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
