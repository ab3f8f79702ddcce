// A position per (account, symbol), derived only from fills (invariant 4: positions derive from
// fills). Weighted-average cost: adding moves the entry price, reducing realizes P&L at the entry
// price and leaves it unchanged, crossing zero closes the old side fully and opens the rest at the
// fill price. All amounts are in the quote asset; fees are assumed converted to it by the caller.

export interface Position {
  symbol: string;
  /** Signed base quantity: > 0 long, < 0 short, exactly 0 flat. */
  quantity: number;
  /** Weighted-average entry price of the open quantity; null iff flat. */
  entryPrice: number | null;
  /** Cumulative realized P&L before fees. */
  realizedPnl: number;
  /** Cumulative fees. */
  fees: number;
  /** Cumulative quote cash flow: −side · price · quantity − fee per fill (side +1 buy, −1 sell). */
  cashDelta: number;
}

export interface PositionFill {
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  fee: number;
  /** A venue's settlement of a resolved binary market: the one fill that may be priced at 0. */
  settlement?: boolean;
}

export interface AppliedPositionFill {
  position: Position;
  /** Gross P&L this fill realized (0 for a fill that only adds). */
  realizedPnl: number;
}

/**
 * Relative size under which a remaining quantity is rounding noise and snaps to flat: selling 0.3
 * after buying 0.1 + 0.2 must close the position, not leave 5e-17 open at a stale entry price.
 */
export const POSITION_EPSILON = 1e-9;

export function emptyPosition(symbol: string): Position {
  return { symbol, quantity: 0, entryPrice: null, realizedPnl: 0, fees: 0, cashDelta: 0 };
}

function assertFill(fill: PositionFill): void {
  if (fill.side !== 'buy' && fill.side !== 'sell') throw new RangeError(`fill side must be buy or sell`);
  if (!(Number.isFinite(fill.quantity) && fill.quantity > 0))
    throw new RangeError(`fill quantity must be a positive finite number, got ${fill.quantity}`);
  if (!(Number.isFinite(fill.price) && (fill.price > 0 || (fill.settlement === true && fill.price === 0))))
    throw new RangeError(`fill price must be a positive finite number, got ${fill.price}`);
  if (!(Number.isFinite(fill.fee) && fill.fee >= 0))
    throw new RangeError(`fill fee must be a finite number >= 0, got ${fill.fee}`);
}

export function applyFillToPosition(position: Position, fill: PositionFill): AppliedPositionFill {
  assertFill(fill);
  const side = fill.side === 'buy' ? 1 : -1;
  const held = Math.abs(position.quantity);
  const raw = position.quantity + side * fill.quantity;
  const quantity = Math.abs(raw) <= POSITION_EPSILON * Math.max(held, fill.quantity) ? 0 : raw;
  const accounts = {
    fees: position.fees + fill.fee,
    cashDelta: position.cashDelta - side * fill.price * fill.quantity - fill.fee,
  };

  if (position.entryPrice === null || Math.sign(position.quantity) === side) {
    const entryPrice =
      position.entryPrice === null
        ? fill.price
        : (held * position.entryPrice + fill.quantity * fill.price) / (held + fill.quantity);
    return { position: { ...position, ...accounts, quantity, entryPrice }, realizedPnl: 0 };
  }

  // Reducing (or flipping): the closed part realizes against the entry price. When the result
  // snapped to flat the whole holding is closed, so no dust of it is left unrealized.
  const closed = quantity === 0 ? held : Math.min(held, fill.quantity);
  const realizedPnl = closed * (fill.price - position.entryPrice) * Math.sign(position.quantity);
  const entryPrice =
    quantity === 0
      ? null
      : Math.sign(quantity) === Math.sign(position.quantity)
        ? position.entryPrice
        : fill.price;
  return {
    position: {
      ...position,
      ...accounts,
      quantity,
      entryPrice,
      realizedPnl: position.realizedPnl + realizedPnl,
    },
    realizedPnl,
  };
}

/** Gross P&L of the open quantity marked at `markPrice`. */
export function unrealizedPnl(position: Position, markPrice: number): number {
  if (!Number.isFinite(markPrice)) throw new RangeError(`mark price must be finite, got ${markPrice}`);
  return position.entryPrice === null ? 0 : position.quantity * (markPrice - position.entryPrice);
}
