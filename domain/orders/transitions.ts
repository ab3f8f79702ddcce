// The order transition table: which event types each status accepts. It is the one place to read
// the lifecycle; the state machine refuses anything not listed here before looking at payloads.
// Some listed events still carry a guard (SUBMIT_SENT needs a recorded RISK_ALLOWED) and some are
// harmless repeats that change nothing (a second CANCELED on CANCELED).
import { TERMINAL_STATUSES, type OrderEvent, type OrderStatus } from './types.js';

export type OrderEventType = OrderEvent['type'];

// A record keyed by every event type, so adding an event to the union without listing it here
// fails to compile.
const EVENT_TYPE_SET: Record<OrderEventType, true> = {
  RISK_ALLOWED: true,
  RISK_DENIED: true,
  SUBMIT_SENT: true,
  SUBMIT_OUTCOME_UNKNOWN: true,
  ACCEPTED: true,
  FILL: true,
  CANCEL_REQUESTED: true,
  CANCELED: true,
  CANCEL_REJECTED: true,
  REJECTED: true,
  EXPIRED: true,
  NOT_AT_VENUE: true,
};

/** Every order event type, in declaration order. */
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = Object.keys(EVENT_TYPE_SET) as OrderEventType[];

export function isOrderEventType(value: unknown): value is OrderEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_TYPE_SET, value);
}

const LIVE_AT_VENUE: readonly OrderEventType[] = [
  'FILL',
  'CANCEL_REQUESTED',
  'CANCELED',
  'EXPIRED',
  'ACCEPTED',
];

const TRANSITIONS: Record<OrderStatus, readonly OrderEventType[]> = {
  // Nothing at the venue yet: a cancel or an expiry ends the order without a venue round trip.
  NEW: ['RISK_ALLOWED', 'RISK_DENIED', 'SUBMIT_SENT', 'CANCEL_REQUESTED', 'EXPIRED'],
  // The ack may be lost while fills still arrive, so fills are legal before ACCEPTED.
  SUBMITTING: [
    'ACCEPTED',
    'REJECTED',
    'SUBMIT_OUTCOME_UNKNOWN',
    'FILL',
    'CANCEL_REQUESTED',
    'CANCELED',
    'EXPIRED',
  ],
  // Only the venue's proof of absence (NOT_AT_VENUE) permits a second submission.
  UNKNOWN: ['ACCEPTED', 'FILL', 'REJECTED', 'CANCELED', 'EXPIRED', 'CANCEL_REQUESTED', 'NOT_AT_VENUE'],
  ACCEPTED: LIVE_AT_VENUE,
  PARTIALLY_FILLED: LIVE_AT_VENUE,
  // Venues keep filling until the cancel lands; the ack itself may also arrive after the request.
  PENDING_CANCEL: ['FILL', 'CANCELED', 'EXPIRED', 'ACCEPTED', 'CANCEL_REJECTED'],
  // Late fill reports on a closed order are real executions and must be booked.
  CANCELED: ['FILL', 'CANCELED'],
  EXPIRED: ['FILL', 'EXPIRED'],
  // A repeat of the event that ended the order is harmless; a fill with a new trade id on FILLED
  // would be an over-fill (a repeated trade id is a duplicate, accepted whatever the status).
  FILLED: [],
  DENIED: ['RISK_DENIED'],
  REJECTED: ['REJECTED'],
};

const TERMINAL: ReadonlySet<OrderStatus> = new Set(TERMINAL_STATUSES);

/** DENIED, FILLED, CANCELED, REJECTED, EXPIRED: the order no longer works at the venue. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Event types `status` accepts (guards and duplicate checks still apply). */
export function allowedEvents(status: OrderStatus): readonly OrderEventType[] {
  return TRANSITIONS[status];
}

export function isAllowedEvent(status: OrderStatus, type: OrderEventType): boolean {
  return TRANSITIONS[status].includes(type);
}
