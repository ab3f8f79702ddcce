/**
 * Exposure arithmetic of the pre-trade rules: signed quantities, whether an order increases a
 * position, worst-case open-order sums, and number formatting that never prints NaN. Pure.
 */
import type { OrderIntent } from '../orders/types.js';
import type { OpenOrderExposure, RiskSnapshot } from './snapshot.js';

/** Relative tolerance below which a position counts as closed (so exact closes are reductions). */
export const EXPOSURE_TOLERANCE = 1e-9;

/** Finite and strictly positive. */
export const isValidNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/** Finite (any sign). */
export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** +quantity for a buy, −quantity for a sell. */
export const signedQuantity = (intent: Pick<OrderIntent, 'side' | 'quantity'>): number =>
  intent.side === 'buy' ? intent.quantity : -intent.quantity;

/**
 * Whether moving a position from `position` by `delta` increases exposure: |p + q| > |p| (up to a
 * relative tolerance, so an exact close reduces), or the position flips to the other side.
 */
export function increasesExposure(position: number, delta: number): boolean {
  const before = Math.abs(position);
  const after = position + delta;
  if (Math.abs(after) > before * (1 + EXPOSURE_TOLERANCE)) return true;
  const flips =
    position !== 0 &&
    Math.sign(after) !== Math.sign(position) &&
    Math.abs(after) > before * EXPOSURE_TOLERANCE;
  return flips;
}

export type LeavesSum = { ok: true; total: number } | { ok: false; bad: OpenOrderExposure };

/** Sum of leaves quantities; fails (naming the order) when one is not a finite number ≥ 0. */
export function sumLeaves(orders: readonly OpenOrderExposure[]): LeavesSum {
  let total = 0;
  for (const order of orders) {
    if (!isFiniteNumber(order.leavesQuantity) || order.leavesQuantity < 0) return { ok: false, bad: order };
    total += order.leavesQuantity;
  }
  return { ok: true, total };
}

/** Open orders of the snapshot on the intent's symbol and side. */
export const openOrdersSameSide = (snapshot: RiskSnapshot): OpenOrderExposure[] =>
  snapshot.openOrders.filter(
    (order) => order.symbol === snapshot.intent.symbol && order.side === snapshot.intent.side,
  );

/** A number for an operator: finite values as given (trimmed), anything else in words, never "NaN". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  if (Number.isNaN(value)) return 'not a number';
  if (value === Infinity) return 'infinity';
  if (value === -Infinity) return '-infinity';
  return String(Number(value.toPrecision(12)));
}

/** A price or notional: two decimals, more significant digits for prices below 1. */
export function formatAmount(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return formatNumber(value);
  if (value !== 0 && Math.abs(value) < 1) return String(Number(value.toPrecision(6)));
  return value.toFixed(2);
}
