// The two ways an order event can be refused. They are distinct classes because callers react
// differently: an illegal transition is a race or a bug in the caller's sequencing (log it, read
// the state, decide), while an invalid event is corrupt data from a venue or an adapter.
import type { OrderEvent, OrderStatus } from './types.js';

/** The event is well-formed but not legal from the order's current status. */
export class IllegalOrderTransitionError extends Error {
  override readonly name = 'IllegalOrderTransitionError';
  readonly from: OrderStatus;
  readonly event: OrderEvent['type'];

  constructor(from: OrderStatus, event: OrderEvent['type'], detail?: string) {
    super(`illegal order transition: ${from} cannot accept ${event}${detail ? ` (${detail})` : ''}`);
    this.from = from;
    this.event = event;
  }
}

/** The event's payload cannot be true: a bad quantity, price or fee, an over-fill, a conflicting id. */
export class InvalidOrderEventError extends Error {
  override readonly name = 'InvalidOrderEventError';
  /** The event type as received; a string because an unknown type is itself a reason to refuse. */
  readonly event: string;

  constructor(event: string, message: string) {
    super(`invalid ${event} event: ${message}`);
    this.event = event;
  }
}
