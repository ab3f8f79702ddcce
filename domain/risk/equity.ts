/** One symbol's holding as the equity mark needs it. */
export interface HeldPosition {
  symbol: string;
  /** Signed base quantity. */
  quantity: number;
  /** Quote cash this symbol's fills moved (sells in, buys and fees out). */
  cashDelta: number;
}

/**
 * Marked equity in quote currency: starting equity plus every fill's cash flow plus open
 * positions at their marks. Null when it cannot be known (no starting equity, a held symbol
 * without a price) — callers fail closed on null.
 */
export function markedEquity(
  startingEquity: number | undefined,
  positions: readonly HeldPosition[],
  marks: Readonly<Record<string, number | null>>,
): number | null {
  if (startingEquity === undefined || !Number.isFinite(startingEquity)) return null;
  let equity = startingEquity;
  for (const position of positions) {
    equity += position.cashDelta;
    if (position.quantity === 0) continue;
    const mark = marks[position.symbol];
    if (mark === null || mark === undefined || !Number.isFinite(mark)) return null;
    equity += position.quantity * mark;
  }
  return Number.isFinite(equity) ? equity : null;
}

/** Drawdown from the peak in percent (0 at or above the peak); null when unknown. */
export function drawdownPct(equity: number | null, peakEquity: number | null): number | null {
  if (equity === null || peakEquity === null || !(peakEquity > 0)) return null;
  return Math.max(0, ((peakEquity - equity) / peakEquity) * 100);
}

/** The UTC calendar day of a venue time, as YYYY-MM-DD. */
export function venueDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Start of the UTC day of a venue time (epoch ms). */
export function startOfVenueDay(time: number): number {
  return Math.floor(time / 86_400_000) * 86_400_000;
}
