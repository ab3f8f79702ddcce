// The order lifecycle as a pure reducer: (state, event) → next state. The order workflow, the
// ledger and the CLI all fold the same events through it, so they cannot disagree about what an
// order is. Never mutates its inputs; a no-op returns the very same state object.
import { fillTotals, isFullyFilled, isOverFilled, leavesOf } from './fill-totals.js';
import { IllegalOrderTransitionError, InvalidOrderEventError } from './order-errors.js';
import { isAllowedEvent, isOrderEventType, isTerminalStatus } from './transitions.js';
import type { OrderEvent, OrderIntent, OrderState, OrderStatus } from './types.js';
import { assertValidEvent } from './validate-event.js';

export { IllegalOrderTransitionError, InvalidOrderEventError } from './order-errors.js';
export { allowedEvents, isTerminalStatus, ORDER_EVENT_TYPES } from './transitions.js';
export type { OrderEventType } from './transitions.js';

export interface AppliedOrderEvent {
  state: OrderState;
  /** True when the event changed nothing: a repeated trade id, ack, or terminal event. */
  duplicate: boolean;
}

type EventOf<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

export function newOrderState(intent: OrderIntent): OrderState {
  if (!(Number.isFinite(intent.quantity) && intent.quantity > 0))
    throw new RangeError(`order quantity must be a positive finite number, got ${intent.quantity}`);
  return {
    intent,
    status: 'NEW',
    riskDecision: null,
    venueOrderId: null,
    filledQuantity: 0,
    leavesQuantity: intent.quantity,
    averagePrice: null,
    fees: 0,
    fills: [],
    reason: null,
    statusBeforeCancel: null,
    submittedAt: null,
    acceptedAt: null,
    firstFillAt: null,
    lastFillAt: null,
    terminalAt: null,
  };
}

/**
 * Applies one event. Throws IllegalOrderTransitionError when the status does not accept the event
 * type (see transitions.ts) and InvalidOrderEventError when the payload cannot be true; in both
 * cases nothing changed. A FILL whose trade id is already booked is a duplicate in any status.
 */
export function applyOrderEvent(state: OrderState, event: OrderEvent): AppliedOrderEvent {
  const type: unknown = (event as { type?: unknown } | null)?.type;
  if (!isOrderEventType(type)) throw new InvalidOrderEventError(String(type), 'unknown order event type');
  if (event.type === 'FILL' && state.fills.some((fill) => fill.tradeId === event.fill?.tradeId))
    return { state, duplicate: true };
  if (!isAllowedEvent(state.status, event.type))
    throw new IllegalOrderTransitionError(state.status, event.type);
  const refusal = guardRefusal(state, event);
  if (refusal !== null) throw new IllegalOrderTransitionError(state.status, event.type, refusal);
  assertValidEvent(event);
  const next = reduce(state, event);
  return { state: next, duplicate: next === state };
}

/** Conditions beyond the table that make an event illegal in this particular state. */
function guardRefusal(state: OrderState, event: OrderEvent): string | null {
  // Invariant 1: no venue order without a recorded allow.
  if (event.type === 'SUBMIT_SENT' && state.riskDecision !== 'ALLOWED') return 'no recorded RISK_ALLOWED';
  // A late report is only credible for an order that was sent: one canceled or expired while NEW
  // cannot have executed, and booking it would bypass the risk gate.
  if (event.type === 'FILL' && state.submittedAt === null) return 'the order was never sent to the venue';
  return null;
}

function reduce(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'RISK_ALLOWED':
      return state.riskDecision === 'ALLOWED' ? state : { ...state, riskDecision: 'ALLOWED' };
    case 'RISK_DENIED':
      if (state.status === 'DENIED') return state;
      return { ...terminate(state, 'DENIED', event.at, denyReason(event.codes)), riskDecision: 'DENIED' };
    case 'SUBMIT_SENT':
      return submit(state, event);
    case 'SUBMIT_OUTCOME_UNKNOWN':
      return { ...state, status: 'UNKNOWN', reason: event.reason };
    case 'ACCEPTED':
      return accept(state, event);
    case 'FILL':
      return fill(state, event);
    case 'CANCEL_REQUESTED':
      // Nothing at the venue yet, so there is nothing to wait for.
      if (state.status === 'NEW') return terminate(state, 'CANCELED', event.at, event.reason);
      return { ...state, status: 'PENDING_CANCEL', statusBeforeCancel: state.status };
    case 'CANCEL_REJECTED':
      return { ...state, status: statusAfterRefusedCancel(state), statusBeforeCancel: null };
    case 'CANCELED':
    case 'REJECTED':
    case 'EXPIRED':
      if (state.status === event.type) return state;
      return terminate(state, event.type, event.at, event.reason);
    case 'NOT_AT_VENUE':
      // The venue proved it never saw the order; the recorded risk allow still stands.
      return { ...state, status: 'NEW', reason: null };
  }
}

function denyReason(codes: readonly string[]): string {
  return codes.length > 0 ? codes.join(', ') : 'risk denied';
}

function terminate(state: OrderState, status: OrderStatus, at: number, reason: string | null): OrderState {
  return { ...state, status, reason, terminalAt: at, leavesQuantity: 0, statusBeforeCancel: null };
}

function submit(state: OrderState, event: EventOf<'SUBMIT_SENT'>): OrderState {
  // A resubmission after NOT_AT_VENUE keeps the first time: TCA measures from the first attempt.
  return { ...state, status: 'SUBMITTING', submittedAt: state.submittedAt ?? event.at };
}

function accept(state: OrderState, event: EventOf<'ACCEPTED'>): OrderState {
  if (state.venueOrderId !== null) {
    if (state.venueOrderId === event.venueOrderId) return state;
    // One client order id maps to one venue order (invariant 2); a second id means two orders.
    throw new InvalidOrderEventError(
      event.type,
      `venueOrderId ${event.venueOrderId} conflicts with recorded ${state.venueOrderId}`,
    );
  }
  const acked = { ...state, venueOrderId: event.venueOrderId, acceptedAt: state.acceptedAt ?? event.at };
  // A late ack on an order already partially filled or pending cancel keeps that status.
  if (state.status === 'SUBMITTING' || state.status === 'UNKNOWN')
    return { ...acked, status: 'ACCEPTED', reason: null };
  return acked;
}

function fill(state: OrderState, event: EventOf<'FILL'>): OrderState {
  const { quantity } = state.intent;
  const fills = [...state.fills, event.fill];
  const totals = fillTotals(fills);
  if (isOverFilled(totals.filledQuantity, quantity))
    throw new InvalidOrderEventError(
      event.type,
      `trade ${event.fill.tradeId} would fill ${totals.filledQuantity} of ${quantity} (over-fill)`,
    );
  const filled = { ...state, ...totals, fills };
  const complete = isFullyFilled(totals.filledQuantity, quantity);
  if (isTerminalStatus(state.status)) {
    // A late report on a closed order: book it; a completed quantity makes it FILLED, but the
    // record of when and why the order stopped (terminalAt, reason) stays as it was.
    return { ...filled, status: complete ? 'FILLED' : state.status, leavesQuantity: 0 };
  }
  if (complete) return terminate(filled, 'FILLED', event.at, null);
  const leavesQuantity = leavesOf(totals.filledQuantity, quantity);
  // Fills during a pending cancel do not cancel the cancel.
  if (state.status === 'PENDING_CANCEL') return { ...filled, leavesQuantity };
  return { ...filled, status: 'PARTIALLY_FILLED', leavesQuantity, reason: null };
}

/** Where a refused cancel returns to: what the order has shown since, else where it was. */
function statusAfterRefusedCancel(state: OrderState): OrderStatus {
  if (state.filledQuantity > 0) return 'PARTIALLY_FILLED';
  if (state.venueOrderId !== null) return 'ACCEPTED';
  // UNKNOWN is the safe default: it resolves by asking the venue before anything is resent.
  return state.statusBeforeCancel ?? 'UNKNOWN';
}
