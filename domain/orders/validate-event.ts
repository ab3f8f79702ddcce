// Payload checks for order events. Events come from venues and adapters through plain objects, so
// the state machine checks what its arithmetic relies on instead of trusting the static type.
import { InvalidOrderEventError } from './order-errors.js';
import type { OrderEvent, OrderFill } from './types.js';

function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Returns what is wrong with a fill, or null when it can be booked. */
export function fillProblem(fill: OrderFill): string | null {
  if (!isNonEmptyString(fill.tradeId)) return 'fill tradeId must be a non-empty string';
  if (!isPositiveFinite(fill.quantity))
    return `fill quantity must be a positive finite number, got ${String(fill.quantity)}`;
  if (!isPositiveFinite(fill.price))
    return `fill price must be a positive finite number, got ${String(fill.price)}`;
  if (!(typeof fill.fee === 'number' && Number.isFinite(fill.fee) && fill.fee >= 0))
    return `fill fee must be a finite number >= 0, got ${String(fill.fee)}`;
  if (!(typeof fill.time === 'number' && Number.isFinite(fill.time)))
    return `fill time must be a finite epoch ms, got ${String(fill.time)}`;
  return null;
}

/** Throws InvalidOrderEventError when the event's payload cannot be true. */
export function assertValidEvent(event: OrderEvent): void {
  const fail = (message: string): never => {
    throw new InvalidOrderEventError(event.type, message);
  };
  if (!(typeof event.at === 'number' && Number.isFinite(event.at)))
    fail(`at must be a finite epoch ms, got ${String(event.at)}`);
  switch (event.type) {
    case 'FILL': {
      if (typeof event.fill !== 'object' || event.fill === null) return fail('fill is missing');
      const problem = fillProblem(event.fill);
      if (problem !== null) fail(problem);
      return;
    }
    case 'ACCEPTED':
      if (!isNonEmptyString(event.venueOrderId)) fail('venueOrderId must be a non-empty string');
      return;
    case 'RISK_DENIED':
      if (!Array.isArray(event.codes) || !event.codes.every((code) => typeof code === 'string'))
        fail('codes must be an array of strings');
      return;
    default:
      return;
  }
}
