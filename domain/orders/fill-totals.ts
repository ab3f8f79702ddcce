// Order-level figures derived from the fill list. They are recomputed from all fills rather than
// accumulated, so they always equal what a reader summing the stored fills would get, whatever
// order or number of events produced them.
import type { OrderFill } from './types.js';

/**
 * Relative tolerance on quantities: binary sums such as 0.1 + 0.2 must still count as exactly 0.3
 * filled, and must not count as an over-fill.
 */
export const FILL_TOLERANCE = 1e-9;

export interface FillTotals {
  filledQuantity: number;
  averagePrice: number | null;
  fees: number;
  firstFillAt: number | null;
  lastFillAt: number | null;
}

export function fillTotals(fills: readonly OrderFill[]): FillTotals {
  let filledQuantity = 0;
  let notional = 0;
  let fees = 0;
  let minPrice = Infinity;
  let maxPrice = -Infinity;
  let firstFillAt: number | null = null;
  let lastFillAt: number | null = null;
  for (const fill of fills) {
    filledQuantity += fill.quantity;
    notional += fill.price * fill.quantity;
    fees += fill.fee;
    minPrice = Math.min(minPrice, fill.price);
    maxPrice = Math.max(maxPrice, fill.price);
    // Min/max rather than arrival order: reports arrive out of order, venue times do not lie.
    firstFillAt = firstFillAt === null ? fill.time : Math.min(firstFillAt, fill.time);
    lastFillAt = lastFillAt === null ? fill.time : Math.max(lastFillAt, fill.time);
  }
  // The clamp only removes rounding: a weighted mean of prices lies between them mathematically.
  const averagePrice =
    fills.length === 0 ? null : Math.min(maxPrice, Math.max(minPrice, notional / filledQuantity));
  return { filledQuantity, averagePrice, fees, firstFillAt, lastFillAt };
}

/** True when `filled` covers `quantity` up to the tolerance. */
export function isFullyFilled(filled: number, quantity: number): boolean {
  return filled >= quantity * (1 - FILL_TOLERANCE);
}

/** True when `filled` exceeds `quantity` beyond the tolerance. */
export function isOverFilled(filled: number, quantity: number): boolean {
  return filled > quantity * (1 + FILL_TOLERANCE);
}

/** What is left to fill, never negative and snapped to 0 when the remainder is rounding noise. */
export function leavesOf(filled: number, quantity: number): number {
  return isFullyFilled(filled, quantity) ? 0 : quantity - filled;
}
