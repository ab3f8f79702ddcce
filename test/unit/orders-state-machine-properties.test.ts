// Property tests of the order state machine over random event streams, the way venues deliver
// them: out of order, repeated, sometimes impossible. Legal events are applied, refused ones must
// leave everything as it was, and the order's figures must stay consistent after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyOrderEvent,
  IllegalOrderTransitionError,
  InvalidOrderEventError,
  isTerminalStatus,
  newOrderState,
} from '../../domain/orders/state-machine.js';
import {
  ORDER_STATUSES,
  type OrderEvent,
  type OrderIntent,
  type OrderState,
  type OrderStatus,
} from '../../domain/orders/types.js';
import { T0 } from '../helpers/clock.js';

const TOLERANCE = 1e-9;

const intentArb: fc.Arbitrary<OrderIntent> = fc.constantFrom(1, 0.3, 2.5).map((quantity) => ({
  clientOrderId: 'k-prop-1',
  account: 'paper',
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'market',
  quantity,
  timeInForce: 'IOC',
  decisionTime: T0,
}));

const atArb = fc.integer({ min: T0, max: T0 + 10_000 });
const reasonArb = fc.constantFrom('r1', 'r2');

// Few trade ids so duplicates are common; quantities that sum exactly and inexactly to the order
// sizes; now and then a payload that cannot be true.
const fillEventArb: fc.Arbitrary<OrderEvent> = fc.record({
  type: fc.constant('FILL' as const),
  at: atArb,
  fill: fc.record({
    tradeId: fc.constantFrom('t-0', 't-1', 't-2', 't-3', 't-4', 't-5', 't-6', 't-7'),
    price: fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: 90, max: 110, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -5, NaN, Infinity) },
    ),
    quantity: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(0.1, 0.2, 0.25, 0.3, 0.5, 1, 1.25) },
      { weight: 3, arbitrary: fc.double({ min: 1e-6, max: 1.5, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -0.1, NaN) },
    ),
    fee: fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: 0, max: 0.5, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(-0.01) },
    ),
    feeAsset: fc.constant('USDT'),
    isMaker: fc.boolean(),
    time: atArb,
  }),
});

const eventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  { weight: 3, arbitrary: atArb.map((at): OrderEvent => ({ type: 'RISK_ALLOWED', at })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(atArb, fc.array(fc.constantFrom('HALTED', 'MAX_NOTIONAL'), { maxLength: 2 }))
      .map(([at, codes]): OrderEvent => ({ type: 'RISK_DENIED', at, codes })),
  },
  { weight: 3, arbitrary: atArb.map((at): OrderEvent => ({ type: 'SUBMIT_SENT', at })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(atArb, reasonArb)
      .map(([at, reason]): OrderEvent => ({ type: 'SUBMIT_OUTCOME_UNKNOWN', at, reason })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(atArb, fc.constantFrom('v-1', 'v-1', 'v-2'))
      .map(([at, venueOrderId]): OrderEvent => ({ type: 'ACCEPTED', at, venueOrderId })),
  },
  { weight: 8, arbitrary: fillEventArb },
  ...(['CANCEL_REQUESTED', 'CANCELED', 'CANCEL_REJECTED', 'REJECTED', 'EXPIRED'] as const).map((type) => ({
    weight: 2,
    arbitrary: fc.tuple(atArb, reasonArb).map(([at, reason]): OrderEvent => ({ type, at, reason })),
  })),
  { weight: 2, arbitrary: atArb.map((at): OrderEvent => ({ type: 'NOT_AT_VENUE', at })) },
);

const scenarioArb = fc.record({
  intent: intentArb,
  events: fc.array(eventArb, { maxLength: 40, size: 'max' }),
});

const LIVE: ReadonlySet<OrderStatus> = new Set([
  'NEW',
  'SUBMITTING',
  'UNKNOWN',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
]);

const VENUE_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'SUBMITTING',
  'UNKNOWN',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
  'FILLED',
  'REJECTED',
]);
const REASONED: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'UNKNOWN']);

/**
 * Every invariant that must hold after any step, as a list of the violated ones: one assertion
 * per step keeps thousands of steps fast and the failure message says which rule broke.
 */
function invariantViolations(state: OrderState): string[] {
  const { quantity } = state.intent;
  const violations: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) violations.push(rule);
  };
  const sum = (pick: (fill: OrderState['fills'][number]) => number) =>
    state.fills.reduce((total, fill) => total + pick(fill), 0);
  check(state.filledQuantity === sum((fill) => fill.quantity), 'filled = Σ fill quantities');
  check(state.fees === sum((fill) => fill.fee), 'fees = Σ fill fees');
  check(state.filledQuantity <= quantity * (1 + TOLERANCE), 'filled ≤ quantity');
  check(new Set(state.fills.map((fill) => fill.tradeId)).size === state.fills.length, 'trade ids unique');
  if (isTerminalStatus(state.status)) {
    check(state.leavesQuantity === 0, 'terminal: leaves = 0');
    check(state.terminalAt !== null, 'terminal: terminalAt set');
  } else {
    check(LIVE.has(state.status), 'known live status');
    check(state.leavesQuantity > 0, 'live: leaves > 0');
    check(
      Math.abs(state.leavesQuantity - (quantity - state.filledQuantity)) <= quantity * TOLERANCE,
      'live: leaves = quantity − filled',
    );
    check(state.terminalAt === null, 'live: no terminalAt');
  }
  if (state.status === 'FILLED')
    check(state.filledQuantity >= quantity * (1 - TOLERANCE), 'FILLED is complete');
  if (state.fills.length === 0) {
    check(state.averagePrice === null, 'no fills: no average price');
    check(state.firstFillAt === null && state.lastFillAt === null, 'no fills: no fill times');
  } else {
    const prices = state.fills.map((fill) => fill.price);
    const times = state.fills.map((fill) => fill.time);
    const average = state.averagePrice ?? NaN;
    check(
      average >= Math.min(...prices) && average <= Math.max(...prices),
      'average within [min, max] price',
    );
    check(state.firstFillAt === Math.min(...times), 'firstFillAt = earliest fill time');
    check(state.lastFillAt === Math.max(...times), 'lastFillAt = latest fill time');
  }
  check(
    (state.statusBeforeCancel !== null) === (state.status === 'PENDING_CANCEL'),
    'statusBeforeCancel iff pending',
  );
  if (state.status === 'PARTIALLY_FILLED') check(state.filledQuantity > 0, 'PARTIALLY_FILLED has fills');
  // Invariant 1: anything that may have reached the venue had a recorded allow.
  if (VENUE_STATUSES.has(state.status))
    check(state.riskDecision === 'ALLOWED', 'at the venue only after an allow');
  if (state.fills.length > 0)
    check(
      state.riskDecision === 'ALLOWED' && state.submittedAt !== null,
      'fills only after submit and allow',
    );
  if (state.submittedAt !== null) check(state.riskDecision !== null, 'submitted only with a risk decision');
  if (state.status === 'DENIED') check(state.riskDecision === 'DENIED', 'DENIED records the deny');
  if (REASONED.has(state.status)) check(state.reason !== null, 'reason set');
  return violations;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'no error';
}

/** What the table says applying `event` to `state` must do. */
function expectedOutcome(
  state: OrderState,
  event: OrderEvent,
): 'duplicate' | 'illegal' | 'applied-or-invalid' {
  if (event.type === 'FILL' && state.fills.some((fill) => fill.tradeId === event.fill.tradeId))
    return 'duplicate';
  if (!allowedEvents(state.status).includes(event.type)) return 'illegal';
  if (event.type === 'SUBMIT_SENT' && state.riskDecision !== 'ALLOWED') return 'illegal';
  if (event.type === 'FILL' && state.submittedAt === null) return 'illegal';
  return 'applied-or-invalid';
}

/** Applies one event and lists everything wrong with how it went; returns the state to go on from. */
function stepProblems(state: OrderState, event: OrderEvent): { state: OrderState; problems: string[] } {
  const problems: string[] = [];
  const before = JSON.stringify(state);
  let result: ReturnType<typeof applyOrderEvent> | undefined;
  let error: unknown;
  try {
    result = applyOrderEvent(state, event);
  } catch (caught) {
    error = caught;
  }
  if (JSON.stringify(state) !== before) problems.push('input state was mutated');
  const expected = expectedOutcome(state, event);
  if (expected === 'duplicate') {
    if (result?.duplicate !== true || result.state !== state)
      problems.push('a repeated trade id must be a no-op');
    return { state, problems };
  }
  if (expected === 'illegal') {
    if (
      !(error instanceof IllegalOrderTransitionError) ||
      error.from !== state.status ||
      error.event !== event.type
    )
      problems.push(`${state.status} must refuse it as illegal, got ${describeError(error)}`);
    return { state, problems };
  }
  if (error !== undefined) {
    if (!(error instanceof InvalidOrderEventError)) problems.push(`unexpected ${describeError(error)}`);
    return { state, problems };
  }
  const next = result!.state;
  if (result!.duplicate && next !== state) problems.push('a duplicate must return the same state');
  if (!result!.duplicate && JSON.stringify(next) === before)
    problems.push('an event that changed nothing must be flagged duplicate');
  if (isTerminalStatus(state.status) && !isTerminalStatus(next.status))
    problems.push(`terminal ${state.status} went back to live ${next.status}`);
  problems.push(...invariantViolations(next));
  return { state: next, problems };
}

/** Folds the events, catching refusals; returns the final state and the events that applied. */
function fold(
  intent: OrderIntent,
  events: readonly OrderEvent[],
): { state: OrderState; applied: OrderEvent[] } {
  let state = newOrderState(intent);
  const applied: OrderEvent[] = [];
  for (const event of events) {
    try {
      const result = applyOrderEvent(state, event);
      if (!result.duplicate) applied.push(event);
      state = result.state;
    } catch (error) {
      if (!(error instanceof IllegalOrderTransitionError || error instanceof InvalidOrderEventError))
        throw error;
    }
  }
  return { state, applied };
}

describe('order state machine over random event streams', () => {
  it('applies legal events, refuses illegal ones without change, and keeps every invariant', () => {
    fc.assert(
      fc.property(scenarioArb, ({ intent, events }) => {
        let state = newOrderState(intent);
        const problems = invariantViolations(state).map((rule) => `initial: ${rule}`);
        events.forEach((event, index) => {
          const step = stepProblems(state, event);
          problems.push(...step.problems.map((problem) => `event ${index} ${event.type}: ${problem}`));
          state = step.state;
        });
        expect(problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses impossible fills and over-fills as invalid events', () => {
    fc.assert(
      fc.property(scenarioArb, ({ intent, events }) => {
        let state = newOrderState(intent);
        for (const event of events) {
          if (
            event.type === 'FILL' &&
            allowedEvents(state.status).includes('FILL') &&
            state.submittedAt !== null &&
            !state.fills.some((f) => f.tradeId === event.fill.tradeId)
          ) {
            const { quantity, price, fee } = event.fill;
            const impossible =
              !(quantity > 0 && Number.isFinite(quantity)) ||
              !(price > 0 && Number.isFinite(price)) ||
              fee < 0;
            const over = state.filledQuantity + quantity > intent.quantity * (1 + TOLERANCE);
            if (impossible || over) {
              expect(() => applyOrderEvent(state, event)).toThrow(InvalidOrderEventError);
              continue;
            }
          }
          try {
            state = applyOrderEvent(state, event).state;
          } catch {
            // refused: covered by the test above
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('re-applying any applied fill is a duplicate that changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, ({ intent, events }) => {
        const { state } = fold(intent, events);
        for (const fill of state.fills) {
          const again = applyOrderEvent(state, { type: 'FILL', at: T0, fill: { ...fill, quantity: 1e9 } });
          expect(again.duplicate).toBe(true);
          expect(again.state).toBe(state);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('replaying the same events gives identical states, and the applied events alone give the same state', () => {
    fc.assert(
      fc.property(scenarioArb, ({ intent, events }) => {
        const first = fold(intent, events);
        const second = fold(intent, events);
        expect(second.state).toEqual(first.state);
        // Only the events that changed something: no refusals, no duplicates on the way.
        let replayed = newOrderState(intent);
        for (const event of first.applied) {
          const result = applyOrderEvent(replayed, event);
          expect(result.duplicate).toBe(false);
          replayed = result.state;
        }
        expect(replayed).toEqual(first.state);
      }),
      { numRuns: 100 },
    );
  });

  it('the generator reaches every status (the properties above are not vacuous)', () => {
    const seen = new Set<OrderStatus>();
    fc.assert(
      fc.property(scenarioArb, ({ intent, events }) => {
        let state = newOrderState(intent);
        seen.add(state.status);
        for (const event of events) {
          try {
            state = applyOrderEvent(state, event).state;
            seen.add(state.status);
          } catch {
            // refused
          }
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
