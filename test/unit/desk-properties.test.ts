// Property tests of the desk over random histories: operator requests (random kinds, reasons, force)
// interleaved with breaker assessments (random readings and limits) applied the way the desk
// workflow applies them (re-arm, then trip, then clear). After every step the desk must stay
// consistent: breakers halt it, refusals change nothing, no breaker is listed twice, overridden
// breakers neither trip nor hold, clearing never moves the mode, and assessment is deterministic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessBreakers, type BreakerLimits, type BreakerReadings } from '../../domain/desk/breakers.js';
import {
  applyDeskRequest,
  BREAKER_NAMES,
  clearBreaker,
  MODE_OF_REQUEST,
  rearmBreaker,
  refusalOf,
  tripBreaker,
  type DeskRequest,
  type DeskRequestKind,
  type DeskState,
} from '../../domain/desk/desk-state.js';
import type { Limit } from '../../domain/risk/snapshot.js';
import { T0 } from '../helpers/clock.js';

const KNOWN_KINDS: readonly string[] = ['halt', 'closeOnly', 'resume'];

type Event =
  | { type: 'request'; request: DeskRequest }
  | { type: 'assess'; limits: BreakerLimits | null; readings: BreakerReadings };

// Mostly valid reasons, some blank, now and then not a string at all (a signal's payload is untyped).
const reasonArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('risk review', '  spaced out  ', 'override: venue fixed\n') },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t\n') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(undefined, null, 7) as fc.Arbitrary<unknown> as fc.Arbitrary<string>,
  },
);

const kindArb: fc.Arbitrary<DeskRequestKind> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom<DeskRequestKind>('halt', 'closeOnly', 'resume', 'resume') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('pause', 'RESUME') as fc.Arbitrary<string> as fc.Arbitrary<DeskRequestKind>,
  },
);

const requestArb: fc.Arbitrary<DeskRequest> = fc.record(
  {
    kind: kindArb,
    reason: reasonArb,
    actor: fc.constantFrom('alice', 'bob'),
    force: fc.constantFrom(undefined, false, true, true),
    cancelOpen: fc.boolean(),
  },
  { requiredKeys: ['kind', 'reason', 'actor'] },
);

const limitArb = (low: number, high: number, integer = false): fc.Arbitrary<Limit> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: integer
        ? fc.integer({ min: low, max: high })
        : fc.double({ min: low, max: high, noNaN: true }),
    },
    { weight: 1, arbitrary: fc.constantFrom<Limit>('unlimited', undefined) },
  );

const limitsArb: fc.Arbitrary<BreakerLimits> = fc.record({
  maxDrawdownPct: limitArb(1, 30),
  drawdownResumePct: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: undefined }),
  maxDailyLoss: limitArb(50, 600),
  maxErrorsPerMinute: limitArb(1, 8, true),
});

const equityArb = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 400, max: 1_400, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const readingsArb: fc.Arbitrary<BreakerReadings> = fc.record({
  equity: equityArb,
  peakEquity: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 900, max: 1_500, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(null, 0, -100) },
  ),
  startOfDayEquity: equityArb,
  errorsLastMinute: fc.integer({ min: 0, max: 10 }),
});

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 2, arbitrary: requestArb.map((request) => ({ type: 'request' as const, request })) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('assess' as const),
      // Null: the run's own limits (so hysteresis and re-arming play out); else a changed profile.
      limits: fc.option(limitsArb, { freq: 4, nil: null }),
      readings: readingsArb,
    }),
  },
);

const historyArb = fc.record({
  mode: fc.constantFrom('ACTIVE' as const, 'CLOSE_ONLY' as const, 'HALTED' as const),
  limits: limitsArb,
  events: fc.array(eventArb, { minLength: 1, maxLength: 40 }),
});

const initialDesk = (mode: DeskState['mode']): DeskState => ({
  account: 'paper',
  mode,
  reason: 'new desk',
  actor: 'system',
  since: T0,
  breakers: [],
  overridden: [],
});

const breakerNames = (state: DeskState) => state.breakers.map((breaker) => breaker.name);

const expectNoDuplicates = (values: readonly string[]) => {
  expect(new Set(values).size).toBe(values.length);
};

/** What refusalOf should say, as a yes/no: the model of the desk's rules for requests. */
const shouldRefuse = (state: DeskState, request: DeskRequest) =>
  !KNOWN_KINDS.includes(request.kind) ||
  typeof request.reason !== 'string' ||
  request.reason.trim() === '' ||
  (request.kind !== 'halt' && state.breakers.length > 0 && request.force !== true);

interface Step {
  state: DeskState;
}

/**
 * Runs a history, checking the per-step properties after every step, among them: a desk with a
 * breaker holding is HALTED (close-only loosens a halt like resume: it needs force past a breaker).
 */
function runHistory({
  mode,
  limits: runLimits,
  events,
}: {
  mode: DeskState['mode'];
  limits: BreakerLimits;
  events: Event[];
}) {
  let step: Step = { state: initialDesk(mode) };
  let now = T0;
  for (const event of events) {
    now += 5_000;
    const before = step.state;
    const snapshot = structuredClone(before);
    let { state } = step;

    if (event.type === 'request') {
      const { request } = event;
      const refusal = refusalOf(state, request);
      // Refusing looks only: the state is untouched, and the refusal follows the rules.
      expect(state).toEqual(snapshot);
      if (shouldRefuse(state, request)) expect(refusal).not.toBeNull();
      else expect(refusal).toBeNull();
      if (refusal === null) {
        const next = applyDeskRequest(state, request, now);
        expect(state).toEqual(snapshot);
        expect(next.mode).toBe(MODE_OF_REQUEST[request.kind]);
        expect(next.reason).toBe(request.reason.trim());
        expect(next.actor).toBe(request.actor);
        expect(next.since).toBe(next.mode === before.mode ? before.since : now);
        if (request.kind !== 'halt') {
          expect(next.breakers).toEqual([]);
          // Right after a forced resume / close-only: every breaker that held is overridden.
          for (const name of breakerNames(before)) expect(next.overridden).toContain(name);
          for (const name of before.overridden) expect(next.overridden).toContain(name);
        } else {
          expect(next.breakers).toEqual(before.breakers);
          expect(next.overridden).toEqual(before.overridden);
        }
        state = next;
      }
    } else {
      const limits = event.limits ?? runLimits;
      const overriddenBefore = [...state.overridden];
      const activeBefore = breakerNames(state);
      const assessment = assessBreakers(state.breakers, state.overridden, limits, event.readings);
      // Deterministic, and it does not touch its inputs.
      expect(assessBreakers(state.breakers, state.overridden, limits, event.readings)).toEqual(assessment);
      expect(state).toEqual(snapshot);
      const tripped = assessment.trip.map((change) => change.name);
      const cleared = assessment.clear.map((change) => change.name);
      for (const name of tripped) {
        expect(overriddenBefore).not.toContain(name);
        expect(activeBefore).not.toContain(name);
      }
      for (const name of cleared) expect(activeBefore).toContain(name);
      for (const name of assessment.rearm) {
        expect(overriddenBefore).toContain(name);
        expect(tripped).not.toContain(name);
      }
      for (const name of [...tripped, ...cleared, ...assessment.rearm])
        expect(name).not.toBe('reconciliation');
      expectNoDuplicates(tripped);
      expectNoDuplicates(cleared);
      expectNoDuplicates(assessment.rearm);
      for (const name of tripped) expect(cleared).not.toContain(name);
      for (const change of [...assessment.trip, ...assessment.clear])
        expect(change.reason).not.toMatch(/NaN/);

      for (const name of assessment.rearm) state = rearmBreaker(state, name);
      for (const { name, reason } of assessment.trip) {
        const next = tripBreaker(state, name, reason, now);
        expect(next.mode).toBe('HALTED');
        expect(next.actor).toBe(`breaker:${name}`);
        expect(next.since).toBe(state.mode === 'HALTED' ? state.since : now);
        state = next;
      }
      for (const { name } of assessment.clear) {
        const next = clearBreaker(state, name);
        // A cleared breaker never moves the desk: only an operator resumes it.
        expect(next.mode).toBe(state.mode);
        expect(next.since).toBe(state.since);
        expect(next.reason).toBe(state.reason);
        expect(breakerNames(next)).not.toContain(name);
        state = next;
      }
    }

    if (state.breakers.length > 0) expect(state.mode).toBe('HALTED');
    expectNoDuplicates(breakerNames(state));
    expectNoDuplicates(state.overridden);
    for (const name of state.overridden) expect(breakerNames(state)).not.toContain(name);
    for (const name of [...breakerNames(state), ...state.overridden]) expect(BREAKER_NAMES).toContain(name);
    step = { state };
  }
  return step.state;
}

describe('desk histories', () => {
  it('keep the desk consistent after every step', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        runHistory(history);
      }),
      { numRuns: 300 },
    );
  });

  it('replaying a history gives the same desk', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        expect(runHistory(history)).toEqual(runHistory(history));
      }),
      { numRuns: 100 },
    );
  });

  it('a desk whose breakers all clear stays in its mode until an operator acts', () => {
    fc.assert(
      fc.property(historyArb, readingsArb, (history, readings) => {
        const state = runHistory(history);
        const assessment = assessBreakers(state.breakers, state.overridden, history.limits, readings);
        let next = state;
        for (const { name } of assessment.clear) next = clearBreaker(next, name);
        if (assessment.trip.length === 0) expect(next.mode).toBe(state.mode);
      }),
      { numRuns: 100 },
    );
  });
});
