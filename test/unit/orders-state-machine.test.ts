// The order state machine, transition by transition: the full status × event matrix against the
// issue's table, then the scenarios operators actually meet (ack lost, late fills, cancel races,
// submit outcome unknown).
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyOrderEvent,
  IllegalOrderTransitionError,
  InvalidOrderEventError,
  isTerminalStatus,
  newOrderState,
  ORDER_EVENT_TYPES,
  type OrderEventType,
} from '../../domain/orders/state-machine.js';
import {
  ORDER_STATUSES,
  TERMINAL_STATUSES,
  type OrderEvent,
  type OrderFill,
  type OrderIntent,
  type OrderState,
  type OrderStatus,
} from '../../domain/orders/types.js';
import { T0 } from '../helpers/clock.js';
import { orderIntent } from '../helpers/order-intents.js';

const INTENT: OrderIntent = orderIntent({ clientOrderId: 'k-test-1', decisionPrice: 100 });

function fillOf(tradeId: string, quantity: number, price = 100, fee = 0.01, time = T0 + 100): OrderFill {
  return { tradeId, price, quantity, fee, feeAsset: 'USDT', isMaker: false, time };
}

const ev = {
  allow: (at = T0 + 1): OrderEvent => ({ type: 'RISK_ALLOWED', at }),
  deny: (codes = ['MAX_NOTIONAL'], at = T0 + 1): OrderEvent => ({ type: 'RISK_DENIED', at, codes }),
  submit: (at = T0 + 2): OrderEvent => ({ type: 'SUBMIT_SENT', at }),
  unknown: (at = T0 + 3): OrderEvent => ({ type: 'SUBMIT_OUTCOME_UNKNOWN', at, reason: 'timeout' }),
  accepted: (venueOrderId = 'v-1', at = T0 + 4): OrderEvent => ({ type: 'ACCEPTED', at, venueOrderId }),
  fill: (fill: OrderFill, at = T0 + 5): OrderEvent => ({ type: 'FILL', at, fill }),
  cancelRequested: (at = T0 + 6): OrderEvent => ({ type: 'CANCEL_REQUESTED', at, reason: 'operator' }),
  canceled: (at = T0 + 7): OrderEvent => ({ type: 'CANCELED', at, reason: 'canceled at venue' }),
  cancelRejected: (at = T0 + 7): OrderEvent => ({ type: 'CANCEL_REJECTED', at, reason: 'unknown order' }),
  rejected: (at = T0 + 4): OrderEvent => ({ type: 'REJECTED', at, reason: 'insufficient balance' }),
  expired: (at = T0 + 8): OrderEvent => ({ type: 'EXPIRED', at, reason: 'expireAfterMs' }),
  notAtVenue: (at = T0 + 9): OrderEvent => ({ type: 'NOT_AT_VENUE', at }),
};

function run(events: OrderEvent[], intent: OrderIntent = INTENT): OrderState {
  return events.reduce((state, event) => applyOrderEvent(state, event).state, newOrderState(intent));
}

/** Shortest legal path to each status. */
const PATHS: Record<OrderStatus, OrderEvent[]> = {
  NEW: [],
  DENIED: [ev.deny()],
  SUBMITTING: [ev.allow(), ev.submit()],
  UNKNOWN: [ev.allow(), ev.submit(), ev.unknown()],
  ACCEPTED: [ev.allow(), ev.submit(), ev.accepted()],
  PARTIALLY_FILLED: [ev.allow(), ev.submit(), ev.accepted(), ev.fill(fillOf('t-1', 0.4))],
  FILLED: [ev.allow(), ev.submit(), ev.accepted(), ev.fill(fillOf('t-1', 1))],
  PENDING_CANCEL: [ev.allow(), ev.submit(), ev.accepted(), ev.cancelRequested()],
  CANCELED: [ev.allow(), ev.submit(), ev.accepted(), ev.canceled()],
  REJECTED: [ev.allow(), ev.submit(), ev.rejected()],
  EXPIRED: [ev.allow(), ev.submit(), ev.accepted(), ev.expired()],
};

/** One sample of each event type; the fill has a fresh trade id and fits in any non-FILLED order. */
const SAMPLE: Record<OrderEventType, OrderEvent> = {
  RISK_ALLOWED: ev.allow(T0 + 20),
  RISK_DENIED: ev.deny(['HALTED'], T0 + 20),
  SUBMIT_SENT: ev.submit(T0 + 20),
  SUBMIT_OUTCOME_UNKNOWN: ev.unknown(T0 + 20),
  ACCEPTED: ev.accepted('v-1', T0 + 20),
  FILL: ev.fill(fillOf('t-new', 0.1), T0 + 20),
  CANCEL_REQUESTED: ev.cancelRequested(T0 + 20),
  CANCELED: ev.canceled(T0 + 20),
  CANCEL_REJECTED: ev.cancelRejected(T0 + 20),
  REJECTED: ev.rejected(T0 + 20),
  EXPIRED: ev.expired(T0 + 20),
  NOT_AT_VENUE: ev.notAtVenue(T0 + 20),
};

// The table, written out independently of domain/orders/transitions.ts.
const EXPECTED_TABLE: Record<OrderStatus, OrderEventType[]> = {
  NEW: ['RISK_ALLOWED', 'RISK_DENIED', 'SUBMIT_SENT', 'CANCEL_REQUESTED', 'EXPIRED'],
  SUBMITTING: [
    'ACCEPTED',
    'REJECTED',
    'SUBMIT_OUTCOME_UNKNOWN',
    'FILL',
    'CANCEL_REQUESTED',
    'CANCELED',
    'EXPIRED',
  ],
  UNKNOWN: ['ACCEPTED', 'FILL', 'REJECTED', 'CANCELED', 'EXPIRED', 'CANCEL_REQUESTED', 'NOT_AT_VENUE'],
  ACCEPTED: ['FILL', 'CANCEL_REQUESTED', 'CANCELED', 'EXPIRED', 'ACCEPTED'],
  PARTIALLY_FILLED: ['FILL', 'CANCEL_REQUESTED', 'CANCELED', 'EXPIRED', 'ACCEPTED'],
  PENDING_CANCEL: ['FILL', 'CANCELED', 'EXPIRED', 'ACCEPTED', 'CANCEL_REJECTED'],
  CANCELED: ['FILL', 'CANCELED'],
  EXPIRED: ['FILL', 'EXPIRED'],
  FILLED: [],
  DENIED: ['RISK_DENIED'],
  REJECTED: ['REJECTED'],
};

/** Where each allowed sample event leads from the PATHS state. */
const EXPECTED_NEXT: Partial<Record<`${OrderStatus}×${OrderEventType}`, OrderStatus>> = {
  'NEW×RISK_ALLOWED': 'NEW',
  'NEW×RISK_DENIED': 'DENIED',
  // SUBMIT_SENT on a NEW order without RISK_ALLOWED is refused by the guard (tested below).
  'NEW×CANCEL_REQUESTED': 'CANCELED',
  'NEW×EXPIRED': 'EXPIRED',
  'SUBMITTING×ACCEPTED': 'ACCEPTED',
  'SUBMITTING×REJECTED': 'REJECTED',
  'SUBMITTING×SUBMIT_OUTCOME_UNKNOWN': 'UNKNOWN',
  'SUBMITTING×FILL': 'PARTIALLY_FILLED',
  'SUBMITTING×CANCEL_REQUESTED': 'PENDING_CANCEL',
  'SUBMITTING×CANCELED': 'CANCELED',
  'SUBMITTING×EXPIRED': 'EXPIRED',
  'UNKNOWN×ACCEPTED': 'ACCEPTED',
  'UNKNOWN×FILL': 'PARTIALLY_FILLED',
  'UNKNOWN×REJECTED': 'REJECTED',
  'UNKNOWN×CANCELED': 'CANCELED',
  'UNKNOWN×EXPIRED': 'EXPIRED',
  'UNKNOWN×CANCEL_REQUESTED': 'PENDING_CANCEL',
  'UNKNOWN×NOT_AT_VENUE': 'NEW',
  'ACCEPTED×FILL': 'PARTIALLY_FILLED',
  'ACCEPTED×CANCEL_REQUESTED': 'PENDING_CANCEL',
  'ACCEPTED×CANCELED': 'CANCELED',
  'ACCEPTED×EXPIRED': 'EXPIRED',
  'ACCEPTED×ACCEPTED': 'ACCEPTED',
  'PARTIALLY_FILLED×FILL': 'PARTIALLY_FILLED',
  'PARTIALLY_FILLED×CANCEL_REQUESTED': 'PENDING_CANCEL',
  'PARTIALLY_FILLED×CANCELED': 'CANCELED',
  'PARTIALLY_FILLED×EXPIRED': 'EXPIRED',
  'PARTIALLY_FILLED×ACCEPTED': 'PARTIALLY_FILLED',
  'PENDING_CANCEL×FILL': 'PENDING_CANCEL',
  'PENDING_CANCEL×CANCELED': 'CANCELED',
  'PENDING_CANCEL×EXPIRED': 'EXPIRED',
  'PENDING_CANCEL×ACCEPTED': 'PENDING_CANCEL',
  'PENDING_CANCEL×CANCEL_REJECTED': 'ACCEPTED',
  'CANCELED×FILL': 'CANCELED',
  'CANCELED×CANCELED': 'CANCELED',
  'EXPIRED×FILL': 'EXPIRED',
  'EXPIRED×EXPIRED': 'EXPIRED',
  'DENIED×RISK_DENIED': 'DENIED',
  'REJECTED×REJECTED': 'REJECTED',
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('transition table', () => {
  it('lists every status and matches the issue table exactly', () => {
    for (const status of ORDER_STATUSES)
      expect([...allowedEvents(status)].sort(), status).toEqual([...EXPECTED_TABLE[status]].sort());
  });

  it('knows every event type', () => {
    expect([...ORDER_EVENT_TYPES].sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  it('isTerminalStatus agrees with TERMINAL_STATUSES', () => {
    for (const status of ORDER_STATUSES)
      expect(isTerminalStatus(status), status).toBe(TERMINAL_STATUSES.includes(status));
  });

  it('each PATHS state has the status it is named after', () => {
    for (const status of ORDER_STATUSES) expect(run(PATHS[status]).status).toBe(status);
  });
});

describe('status × event matrix', () => {
  const cells = ORDER_STATUSES.flatMap((status) => ORDER_EVENT_TYPES.map((type) => [status, type] as const));

  it.each(cells)('%s × %s', (status, type) => {
    const before = deepFreeze(run(PATHS[status]));
    const snapshot = structuredClone(before);
    const event = SAMPLE[type];
    const allowed = EXPECTED_TABLE[status].includes(type);
    const guarded = status === 'NEW' && type === 'SUBMIT_SENT';
    if (!allowed || guarded) {
      let error: unknown;
      try {
        applyOrderEvent(before, event);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(IllegalOrderTransitionError);
      const illegal = error as IllegalOrderTransitionError;
      expect(illegal.from).toBe(status);
      expect(illegal.event).toBe(type);
      expect(illegal.message).toContain(`illegal order transition: ${status} cannot accept ${type}`);
    } else {
      const { state } = applyOrderEvent(before, event);
      expect(state.status).toBe(EXPECTED_NEXT[`${status}×${type}`]);
    }
    expect(before).toEqual(snapshot);
  });

  it('names both sides in the message', () => {
    expect(() => applyOrderEvent(run(PATHS.FILLED), ev.cancelRequested())).toThrow(
      'illegal order transition: FILLED cannot accept CANCEL_REQUESTED',
    );
  });
});

describe('risk gate', () => {
  it('starts NEW with nothing filled and the whole quantity left', () => {
    expect(newOrderState(INTENT)).toEqual({
      intent: INTENT,
      status: 'NEW',
      riskDecision: null,
      venueOrderId: null,
      filledQuantity: 0,
      leavesQuantity: 1,
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
    });
  });

  it('refuses an intent with a non-positive or non-finite quantity', () => {
    for (const quantity of [0, -1, NaN, Infinity])
      expect(() => newOrderState({ ...INTENT, quantity })).toThrow(RangeError);
  });

  it('refuses SUBMIT_SENT without a recorded RISK_ALLOWED', () => {
    expect(() => applyOrderEvent(newOrderState(INTENT), ev.submit())).toThrow(
      'illegal order transition: NEW cannot accept SUBMIT_SENT (no recorded RISK_ALLOWED)',
    );
  });

  it('records an allow, then submits', () => {
    const allowed = run([ev.allow()]);
    expect(allowed).toMatchObject({ status: 'NEW', riskDecision: 'ALLOWED' });
    expect(applyOrderEvent(allowed, ev.submit(T0 + 2)).state).toMatchObject({
      status: 'SUBMITTING',
      submittedAt: T0 + 2,
    });
  });

  it('a second RISK_ALLOWED is a duplicate', () => {
    const allowed = run([ev.allow()]);
    const result = applyOrderEvent(allowed, ev.allow(T0 + 50));
    expect(result.duplicate).toBe(true);
    expect(result.state).toBe(allowed);
  });

  it('a deny is terminal with the codes as reason, and repeats are harmless', () => {
    const denied = run([ev.deny(['MAX_NOTIONAL', 'HALTED'], T0 + 1)]);
    expect(denied).toMatchObject({
      status: 'DENIED',
      riskDecision: 'DENIED',
      reason: 'MAX_NOTIONAL, HALTED',
      terminalAt: T0 + 1,
      leavesQuantity: 0,
    });
    const again = applyOrderEvent(denied, ev.deny(['OTHER']));
    expect(again).toEqual({ state: denied, duplicate: true });
    expect(() => applyOrderEvent(denied, ev.allow())).toThrow(IllegalOrderTransitionError);
    expect(() => applyOrderEvent(denied, ev.submit())).toThrow(IllegalOrderTransitionError);
  });

  it('a deny without codes still says why', () => {
    expect(run([ev.deny([])]).reason).toBe('risk denied');
  });
});

describe('submission and acknowledgement', () => {
  it('records the venue order id and ack time', () => {
    expect(run(PATHS.ACCEPTED)).toMatchObject({
      status: 'ACCEPTED',
      venueOrderId: 'v-1',
      acceptedAt: T0 + 4,
      submittedAt: T0 + 2,
      leavesQuantity: 1,
    });
  });

  it('a repeated ack with the same venue id is a no-op', () => {
    const accepted = run(PATHS.ACCEPTED);
    expect(applyOrderEvent(accepted, ev.accepted('v-1', T0 + 40))).toEqual({
      state: accepted,
      duplicate: true,
    });
  });

  it('an ack with a different venue id is refused: two venue orders for one client id', () => {
    expect(() => applyOrderEvent(run(PATHS.ACCEPTED), ev.accepted('v-2'))).toThrow(InvalidOrderEventError);
  });

  it('a rejection is terminal with the venue reason', () => {
    expect(run(PATHS.REJECTED)).toMatchObject({
      status: 'REJECTED',
      reason: 'insufficient balance',
      terminalAt: T0 + 4,
      leavesQuantity: 0,
    });
    expect(applyOrderEvent(run(PATHS.REJECTED), ev.rejected()).duplicate).toBe(true);
  });

  it('fills before the ack (ack lost) move SUBMITTING to PARTIALLY_FILLED, then the late ack is recorded', () => {
    const partly = run([ev.allow(), ev.submit(), ev.fill(fillOf('t-1', 0.5))]);
    expect(partly).toMatchObject({ status: 'PARTIALLY_FILLED', venueOrderId: null, acceptedAt: null });
    const acked = applyOrderEvent(partly, ev.accepted('v-9', T0 + 30));
    expect(acked.duplicate).toBe(false);
    expect(acked.state).toMatchObject({
      status: 'PARTIALLY_FILLED',
      venueOrderId: 'v-9',
      acceptedAt: T0 + 30,
    });
  });

  it('a full fill straight from SUBMITTING completes the order', () => {
    const filled = run([ev.allow(), ev.submit(), ev.fill(fillOf('t-1', 1), T0 + 9)]);
    expect(filled).toMatchObject({ status: 'FILLED', leavesQuantity: 0, terminalAt: T0 + 9, reason: null });
  });
});

describe('submit outcome unknown', () => {
  it('UNKNOWN keeps the reason visible and resolves by an ack', () => {
    const unknown = run(PATHS.UNKNOWN);
    expect(unknown).toMatchObject({ status: 'UNKNOWN', reason: 'timeout' });
    expect(applyOrderEvent(unknown, ev.accepted()).state).toMatchObject({ status: 'ACCEPTED', reason: null });
  });

  it('resolves by fills seen at the venue', () => {
    expect(applyOrderEvent(run(PATHS.UNKNOWN), ev.fill(fillOf('t-1', 0.3))).state).toMatchObject({
      status: 'PARTIALLY_FILLED',
      filledQuantity: 0.3,
      reason: null,
    });
  });

  it('cannot be resubmitted until the venue proves absence', () => {
    const unknown = run(PATHS.UNKNOWN);
    expect(() => applyOrderEvent(unknown, ev.submit())).toThrow(
      'illegal order transition: UNKNOWN cannot accept SUBMIT_SENT',
    );
  });

  it('NOT_AT_VENUE returns to NEW with the allow kept, so a second submit is legal', () => {
    const back = applyOrderEvent(run(PATHS.UNKNOWN), ev.notAtVenue(T0 + 10)).state;
    expect(back).toMatchObject({
      status: 'NEW',
      riskDecision: 'ALLOWED',
      venueOrderId: null,
      reason: null,
      submittedAt: T0 + 2,
    });
    const resubmitted = applyOrderEvent(back, ev.submit(T0 + 11)).state;
    // TCA measures from the first attempt.
    expect(resubmitted).toMatchObject({ status: 'SUBMITTING', submittedAt: T0 + 2 });
    expect(applyOrderEvent(resubmitted, ev.accepted('v-2')).state.status).toBe('ACCEPTED');
  });

  it('a risk re-check may still deny after NOT_AT_VENUE', () => {
    const back = applyOrderEvent(run(PATHS.UNKNOWN), ev.notAtVenue()).state;
    expect(applyOrderEvent(back, ev.deny(['HALTED'])).state).toMatchObject({
      status: 'DENIED',
      riskDecision: 'DENIED',
    });
  });

  it('NOT_AT_VENUE is refused from any status but UNKNOWN', () => {
    for (const status of ORDER_STATUSES.filter((s) => s !== 'UNKNOWN'))
      expect(() => applyOrderEvent(run(PATHS[status]), ev.notAtVenue()), status).toThrow(
        IllegalOrderTransitionError,
      );
  });
});

describe('fills', () => {
  const accepted = run(PATHS.ACCEPTED);

  it('keeps filled, average price, fees, leaves and fill times consistent', () => {
    const state = run([
      ...PATHS.ACCEPTED,
      ev.fill(fillOf('t-1', 0.25, 100, 0.1, T0 + 300)),
      ev.fill(fillOf('t-2', 0.5, 103, 0.2, T0 + 200)),
    ]);
    expect(state.status).toBe('PARTIALLY_FILLED');
    expect(state.filledQuantity).toBeCloseTo(0.75, 12);
    expect(state.averagePrice).toBeCloseTo((0.25 * 100 + 0.5 * 103) / 0.75, 12);
    expect(state.fees).toBeCloseTo(0.3, 12);
    expect(state.leavesQuantity).toBeCloseTo(0.25, 12);
    // Venue times, not arrival order.
    expect(state.firstFillAt).toBe(T0 + 200);
    expect(state.lastFillAt).toBe(T0 + 300);
    expect(state.fills.map((f) => f.tradeId)).toEqual(['t-1', 't-2']);
  });

  it('completes to FILLED with leaves 0 when binary sums land just below the quantity', () => {
    const intent = { ...INTENT, quantity: 0.3 };
    const state = run(
      [...PATHS.ACCEPTED, ev.fill(fillOf('t-1', 0.1)), ev.fill(fillOf('t-2', 0.2), T0 + 99)],
      intent,
    );
    expect(state).toMatchObject({ status: 'FILLED', leavesQuantity: 0, terminalAt: T0 + 99 });
  });

  it('de-duplicates by trade id, in any status', () => {
    const once = applyOrderEvent(accepted, ev.fill(fillOf('t-1', 0.5))).state;
    const twice = applyOrderEvent(once, ev.fill(fillOf('t-1', 0.5)));
    expect(twice).toEqual({ state: once, duplicate: true });
    expect(twice.state).toBe(once);
    const filled = applyOrderEvent(once, ev.fill(fillOf('t-2', 0.5))).state;
    expect(filled.status).toBe('FILLED');
    expect(applyOrderEvent(filled, ev.fill(fillOf('t-2', 0.5)))).toEqual({ state: filled, duplicate: true });
    expect(applyOrderEvent(filled, ev.fill(fillOf('t-1', 0.5)))).toEqual({ state: filled, duplicate: true });
  });

  it('a fill with a new trade id on FILLED is an illegal transition (it would over-fill)', () => {
    expect(() => applyOrderEvent(run(PATHS.FILLED), ev.fill(fillOf('t-x', 0.0001)))).toThrow(
      'illegal order transition: FILLED cannot accept FILL',
    );
  });

  it('refuses an over-fill beyond the tolerance, accepts one within it', () => {
    const partly = applyOrderEvent(accepted, ev.fill(fillOf('t-1', 0.5))).state;
    expect(() => applyOrderEvent(partly, ev.fill(fillOf('t-2', 0.5 + 1e-6)))).toThrow(InvalidOrderEventError);
    expect(() => applyOrderEvent(partly, ev.fill(fillOf('t-2', 0.5 + 1e-6)))).toThrow(/over-fill/);
    const within = applyOrderEvent(partly, ev.fill(fillOf('t-2', 0.5 + 1e-12))).state;
    expect(within).toMatchObject({ status: 'FILLED', leavesQuantity: 0 });
  });

  it.each([
    ['zero quantity', { quantity: 0 }],
    ['negative quantity', { quantity: -0.1 }],
    ['NaN quantity', { quantity: NaN }],
    ['infinite quantity', { quantity: Infinity }],
    ['zero price', { price: 0 }],
    ['negative price', { price: -1 }],
    ['NaN price', { price: NaN }],
    ['infinite price', { price: Infinity }],
    ['negative fee', { fee: -0.01 }],
    ['NaN fee', { fee: NaN }],
    ['empty trade id', { tradeId: '' }],
    ['NaN time', { time: NaN }],
  ])('refuses a fill with %s', (_name, patch) => {
    const event: OrderEvent = { type: 'FILL', at: T0 + 5, fill: { ...fillOf('t-bad', 0.1), ...patch } };
    expect(() => applyOrderEvent(accepted, event)).toThrow(InvalidOrderEventError);
  });

  it('accepts a zero fee', () => {
    expect(applyOrderEvent(accepted, ev.fill(fillOf('t-1', 0.1, 100, 0))).state.fees).toBe(0);
  });

  it('refuses a non-finite event time and an unknown event type', () => {
    expect(() => applyOrderEvent(accepted, { type: 'CANCELED', at: NaN, reason: 'x' })).toThrow(
      InvalidOrderEventError,
    );
    expect(() => applyOrderEvent(accepted, { type: 'BOGUS', at: T0 } as unknown as OrderEvent)).toThrow(
      InvalidOrderEventError,
    );
  });

  it('refuses an empty venue order id', () => {
    expect(() => applyOrderEvent(run(PATHS.SUBMITTING), ev.accepted(''))).toThrow(InvalidOrderEventError);
  });
});

describe('cancel', () => {
  it('a cancel before submission ends the order at once', () => {
    expect(run([ev.allow(), ev.cancelRequested(T0 + 6)])).toMatchObject({
      status: 'CANCELED',
      reason: 'operator',
      terminalAt: T0 + 6,
      leavesQuantity: 0,
    });
  });

  it('PENDING_CANCEL remembers where it came from and goes back on CANCEL_REJECTED', () => {
    const pending = run(PATHS.PENDING_CANCEL);
    expect(pending).toMatchObject({ status: 'PENDING_CANCEL', statusBeforeCancel: 'ACCEPTED' });
    expect(applyOrderEvent(pending, ev.cancelRejected()).state).toMatchObject({
      status: 'ACCEPTED',
      statusBeforeCancel: null,
    });
  });

  it('a refused cancel returns a partially filled order to PARTIALLY_FILLED', () => {
    const pending = run([...PATHS.PARTIALLY_FILLED, ev.cancelRequested()]);
    expect(pending.statusBeforeCancel).toBe('PARTIALLY_FILLED');
    expect(applyOrderEvent(pending, ev.cancelRejected()).state.status).toBe('PARTIALLY_FILLED');
  });

  it('a refused cancel returns to the status implied by what arrived meanwhile', () => {
    // Cancel requested while SUBMITTING, then the ack and a fill arrive, then the cancel is refused.
    const pending = run([ev.allow(), ev.submit(), ev.cancelRequested()]);
    expect(pending.statusBeforeCancel).toBe('SUBMITTING');
    const acked = applyOrderEvent(pending, ev.accepted('v-7')).state;
    expect(acked).toMatchObject({ status: 'PENDING_CANCEL', venueOrderId: 'v-7', acceptedAt: T0 + 4 });
    expect(applyOrderEvent(acked, ev.cancelRejected()).state.status).toBe('ACCEPTED');
    const filled = applyOrderEvent(acked, ev.fill(fillOf('t-1', 0.2))).state;
    expect(applyOrderEvent(filled, ev.cancelRejected()).state.status).toBe('PARTIALLY_FILLED');
    // Nothing arrived: back to SUBMITTING.
    expect(applyOrderEvent(pending, ev.cancelRejected()).state.status).toBe('SUBMITTING');
  });

  it('a cancel requested while UNKNOWN and refused goes back to UNKNOWN', () => {
    const pending = run([...PATHS.UNKNOWN, ev.cancelRequested()]);
    const back = applyOrderEvent(pending, ev.cancelRejected()).state;
    expect(back).toMatchObject({ status: 'UNKNOWN', reason: 'timeout' });
    expect(applyOrderEvent(back, ev.notAtVenue()).state.status).toBe('NEW');
  });

  it('accepts late fills after a cancel request; a completing fill makes it FILLED', () => {
    const pending = run(PATHS.PENDING_CANCEL);
    const partly = applyOrderEvent(pending, ev.fill(fillOf('t-1', 0.6))).state;
    expect(partly).toMatchObject({ status: 'PENDING_CANCEL', statusBeforeCancel: 'ACCEPTED' });
    expect(partly.leavesQuantity).toBeCloseTo(0.4, 12);
    const done = applyOrderEvent(partly, ev.fill(fillOf('t-2', 0.4), T0 + 12)).state;
    expect(done).toMatchObject({
      status: 'FILLED',
      leavesQuantity: 0,
      statusBeforeCancel: null,
      terminalAt: T0 + 12,
    });
    expect(done.filledQuantity).toBeCloseTo(1, 12);
  });

  it('canceled after partial fills keeps the fills and sets leaves to 0', () => {
    const canceled = run([...PATHS.PARTIALLY_FILLED, ev.cancelRequested(), ev.canceled(T0 + 70)]);
    expect(canceled).toMatchObject({
      status: 'CANCELED',
      filledQuantity: 0.4,
      leavesQuantity: 0,
      terminalAt: T0 + 70,
      reason: 'canceled at venue',
      statusBeforeCancel: null,
    });
  });

  it('a second CANCEL_REQUESTED while pending is refused (the first is in flight)', () => {
    expect(() => applyOrderEvent(run(PATHS.PENDING_CANCEL), ev.cancelRequested())).toThrow(
      'illegal order transition: PENDING_CANCEL cannot accept CANCEL_REQUESTED',
    );
  });
});

describe('terminal statuses', () => {
  it('books a late fill on CANCELED without reopening it', () => {
    const canceled = run(PATHS.CANCELED);
    const late = applyOrderEvent(canceled, ev.fill(fillOf('t-late', 0.3))).state;
    expect(late).toMatchObject({
      status: 'CANCELED',
      filledQuantity: 0.3,
      leavesQuantity: 0,
      terminalAt: T0 + 7,
    });
  });

  it('a late fill completing an EXPIRED order makes it FILLED, keeping when and why it stopped', () => {
    const expired = run(PATHS.EXPIRED);
    const done = applyOrderEvent(expired, ev.fill(fillOf('t-late', 1), T0 + 500)).state;
    expect(done).toMatchObject({
      status: 'FILLED',
      leavesQuantity: 0,
      terminalAt: T0 + 8,
      reason: 'expireAfterMs',
    });
  });

  it('refuses a fill on an order canceled or expired before it was ever sent', () => {
    for (const closing of [ev.cancelRequested(), ev.expired()]) {
      const closed = run([ev.allow(), closing]);
      expect(() => applyOrderEvent(closed, ev.fill(fillOf('t-1', 0.1)))).toThrow(
        `illegal order transition: ${closed.status} cannot accept FILL (the order was never sent to the venue)`,
      );
    }
  });

  it('late fills still refuse an over-fill', () => {
    const canceled = run([...PATHS.PARTIALLY_FILLED, ev.canceled()]);
    expect(() => applyOrderEvent(canceled, ev.fill(fillOf('t-late', 0.7)))).toThrow(InvalidOrderEventError);
  });

  it('repeats of the terminal event are harmless no-ops', () => {
    for (const [status, event] of [
      ['CANCELED', ev.canceled(T0 + 99)],
      ['EXPIRED', ev.expired(T0 + 99)],
      ['REJECTED', ev.rejected(T0 + 99)],
      ['DENIED', ev.deny(['X'], T0 + 99)],
    ] as const) {
      const state = run(PATHS[status]);
      expect(applyOrderEvent(state, event), status).toEqual({ state, duplicate: true });
    }
  });

  it('expiry of a NEW order needs no venue', () => {
    expect(run([ev.expired(T0 + 3)])).toMatchObject({
      status: 'EXPIRED',
      terminalAt: T0 + 3,
      leavesQuantity: 0,
    });
  });
});

describe('purity', () => {
  it('never mutates the input state or event', () => {
    const events = [
      ...PATHS.PARTIALLY_FILLED,
      ev.cancelRequested(),
      ev.fill(fillOf('t-2', 0.1)),
      ev.cancelRejected(),
      ev.fill(fillOf('t-3', 0.5)),
    ].map(deepFreeze);
    let state = deepFreeze(newOrderState(deepFreeze({ ...INTENT })));
    for (const event of events) state = deepFreeze(applyOrderEvent(state, event).state);
    expect(state.status).toBe('FILLED');
  });
});
