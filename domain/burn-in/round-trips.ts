/**
 * Round trips from a run's fills: a trade runs from flat to flat in one symbol. Entries are buys
 * (spot is long-only; a binary market is bought as its YES token); the exit is the sells that bring
 * the position back to zero — a signal exit, the venue's settlement of a resolved market, or, for a
 * position still open when the run ends, a mark at the last price (no order; labelled as such).
 */

export interface RunFill {
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: number;
  quantity: number;
  /** In the quote currency. */
  fee: number;
  time: number;
  kind: 'trade' | 'settlement';
}

export interface RoundTrip {
  symbol: string;
  entryClientOrderId: string;
  exitClientOrderId: string | null;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  quantity: number;
  grossPnl: number;
  fees: number;
  netPnl: number;
  /** Net PnL over the entry notional. */
  returnPct: number;
  exitKind: 'signal' | 'settlement' | 'end_of_run';
}

/** Quantities below this are dust left by rounding, not a position. */
const FLAT_EPSILON = 1e-9;

/**
 * Closed round trips, plus (when `endOfRun` is given) the still-open ones marked at the given
 * prices. Fills must belong to one account and run; their order within a symbol is by time, then
 * as given.
 */
export function roundTrips(
  fills: readonly RunFill[],
  endOfRun?: { time: number; prices: Readonly<Record<string, number>> },
): RoundTrip[] {
  const bySymbol = new Map<string, RunFill[]>();
  for (const fill of fills) {
    if (!bySymbol.has(fill.symbol)) bySymbol.set(fill.symbol, []);
    bySymbol.get(fill.symbol)!.push(fill);
  }
  const trips: RoundTrip[] = [];
  for (const [symbol, symbolFills] of [...bySymbol].sort(([a], [b]) => a.localeCompare(b))) {
    const ordered = symbolFills.map((fill, index) => ({ fill, index }));
    ordered.sort((a, b) => a.fill.time - b.fill.time || a.index - b.index);
    let open: OpenTrip | null = null;
    for (const { fill } of ordered) {
      if (fill.side === 'buy') {
        open ??= newTrip(fill);
        open.bought += fill.quantity;
        open.buyCost += fill.price * fill.quantity;
        open.fees += fill.fee;
        open.position += fill.quantity;
        continue;
      }
      // A sell without an open trip (a position from before the run) is not this run's trade.
      if (open === null) continue;
      const quantity = Math.min(fill.quantity, open.position);
      open.sold += quantity;
      open.sellProceeds += fill.price * quantity;
      open.fees += fill.fee;
      open.position -= quantity;
      open.lastExit = fill;
      if (open.position <= FLAT_EPSILON * Math.max(1, open.bought)) {
        trips.push(close(symbol, open, fill.time, fill.kind === 'settlement' ? 'settlement' : 'signal'));
        open = null;
      }
    }
    if (open !== null && endOfRun) {
      const price = endOfRun.prices[symbol];
      if (price !== undefined && Number.isFinite(price)) {
        open.sellProceeds += price * open.position;
        open.sold += open.position;
        open.lastExit = null;
        trips.push(close(symbol, open, endOfRun.time, 'end_of_run'));
      }
    }
  }
  return trips.sort(
    (a, b) => a.exitTime - b.exitTime || a.entryTime - b.entryTime || a.symbol.localeCompare(b.symbol),
  );
}

interface OpenTrip {
  entry: RunFill;
  bought: number;
  buyCost: number;
  sold: number;
  sellProceeds: number;
  fees: number;
  position: number;
  lastExit: RunFill | null;
}

function newTrip(entry: RunFill): OpenTrip {
  return { entry, bought: 0, buyCost: 0, sold: 0, sellProceeds: 0, fees: 0, position: 0, lastExit: null };
}

function close(symbol: string, trip: OpenTrip, exitTime: number, exitKind: RoundTrip['exitKind']): RoundTrip {
  const grossPnl = trip.sellProceeds - trip.buyCost;
  const netPnl = grossPnl - trip.fees;
  return {
    symbol,
    entryClientOrderId: trip.entry.clientOrderId,
    exitClientOrderId: trip.lastExit?.clientOrderId ?? null,
    entryTime: trip.entry.time,
    exitTime,
    entryPrice: trip.buyCost / trip.bought,
    exitPrice: trip.sold > 0 ? trip.sellProceeds / trip.sold : 0,
    quantity: trip.bought,
    grossPnl,
    fees: trip.fees,
    netPnl,
    returnPct: trip.buyCost > 0 ? netPnl / trip.buyCost : 0,
    exitKind,
  };
}
