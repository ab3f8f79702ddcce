// Drift details are read by an operator deciding what to do, in alerts and stored runs: numbers
// and orders are spelled the same way everywhere so two details can be compared at a glance.
import type { LedgerFillView, LedgerOrderView, VenueFillView, VenueOrderView } from './types.js';

/** Numbers for sentences: finite values as JavaScript prints them, floating noise rounded off. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** ['a', 'b', 'c'] → 'a, b and c'. */
export function listWords(words: readonly string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function instant(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${num(ms)} ms`;
}

export function describeVenueOrder(order: VenueOrderView): string {
  const price = order.price === null ? 'market' : num(order.price);
  return `${order.side} ${num(order.quantity)} ${order.symbol} @ ${price}, filled ${num(order.filledQuantity)}`;
}

export function describeLedgerOrder(order: LedgerOrderView): string {
  return `${order.side} ${num(order.quantity)} ${order.symbol}, filled ${num(order.filledQuantity)}`;
}

export function describeFill(fill: VenueFillView | LedgerFillView): string {
  return `${fill.side} ${num(fill.quantity)} ${fill.symbol} @ ${num(fill.price)}`;
}
