// The desk's state machine: which operator requests are refused and why, what an accepted request
// records, and how breakers trip, clear and re-arm. Pure functions over a DeskState value.
import { describe, expect, it } from 'vitest';
import {
  applyDeskRequest,
  BREAKER_NAMES,
  clearBreaker,
  MODE_OF_REQUEST,
  rearmBreaker,
  refusalOf,
  tripBreaker,
  type ActiveBreaker,
  type DeskRequest,
  type DeskRequestKind,
  type DeskState,
} from '../../domain/desk/desk-state.js';
import { DESK_MODES } from '../../domain/risk/snapshot.js';
import { T0 } from '../helpers/clock.js';

const T1 = T0 + 60_000;
const KINDS: readonly DeskRequestKind[] = ['halt', 'closeOnly', 'resume'];

const desk = (overrides: Partial<DeskState> = {}): DeskState => ({
  account: 'paper',
  mode: 'ACTIVE',
  reason: 'initial',
  actor: 'system',
  since: T0,
  breakers: [],
  overridden: [],
  ...overrides,
});

const request = (kind: DeskRequestKind, overrides: Partial<DeskRequest> = {}): DeskRequest => ({
  kind,
  reason: 'operator check',
  actor: 'alice',
  ...overrides,
});

const drawdownBreaker: ActiveBreaker = { name: 'drawdown', reason: 'drawdown 12.00% ≥ 10%', since: T0 };
const errorBreaker: ActiveBreaker = { name: 'errorRate', reason: '9 venue errors ≥ 5', since: T0 };

describe('MODE_OF_REQUEST and BREAKER_NAMES', () => {
  it('maps each request to its mode', () => {
    expect(MODE_OF_REQUEST).toEqual({ halt: 'HALTED', closeOnly: 'CLOSE_ONLY', resume: 'ACTIVE' });
  });

  it('lists the four breakers once each', () => {
    expect([...BREAKER_NAMES].sort()).toEqual(['dailyLoss', 'drawdown', 'errorRate', 'reconciliation']);
  });
});

describe('refusalOf', () => {
  it.each(KINDS)('accepts a %s with a reason on a desk without breakers', (kind) => {
    for (const mode of DESK_MODES) expect(refusalOf(desk({ mode }), request(kind))).toBeNull();
  });

  it.each(KINDS)('refuses a %s with an empty or blank reason and names the request', (kind) => {
    for (const reason of ['', ' ', '   ', '\t\n ']) {
      const refusal = refusalOf(desk(), request(kind, { reason }));
      expect(refusal).not.toBeNull();
      expect(refusal).toContain(kind);
      expect(refusal).toContain('reason');
    }
  });

  it.each(KINDS)('refuses a %s whose reason is not a string', (kind) => {
    for (const reason of [undefined, null, 42, {}, ['why']]) {
      const refusal = refusalOf(desk(), { ...request(kind), reason } as unknown as DeskRequest);
      expect(refusal).not.toBeNull();
      expect(refusal).toContain(`a ${kind} needs a reason`);
    }
  });

  it('refuses an unknown kind and names it and the known ones', () => {
    for (const kind of ['pause', 'HALT', '', 'toString', 'constructor']) {
      const refusal = refusalOf(desk(), { ...request('halt'), kind } as unknown as DeskRequest);
      expect(refusal).toBe(`unknown desk request "${kind}": use halt, closeOnly or resume`);
    }
  });

  it('refuses an unknown kind before looking at its reason', () => {
    const refusal = refusalOf(desk(), {
      kind: 'pause',
      reason: '',
      actor: 'alice',
    } as unknown as DeskRequest);
    expect(refusal).toContain('unknown desk request "pause"');
  });

  it('refuses a resume while breakers hold without force, naming each breaker and its reason', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker, errorBreaker] });
    for (const force of [undefined, false]) {
      const refusal = refusalOf(state, request('resume', { force }));
      expect(refusal).not.toBeNull();
      expect(refusal).toContain('breakers still hold');
      expect(refusal).toContain(`drawdown (${drawdownBreaker.reason})`);
      expect(refusal).toContain(`errorRate (${errorBreaker.reason})`);
      expect(refusal).toContain('force');
    }
  });

  it('treats only force === true as force', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker] });
    const truthy = { ...request('resume'), force: 'yes' } as unknown as DeskRequest;
    expect(refusalOf(state, truthy)).toContain('breakers still hold');
  });

  it('accepts a forced resume with a reason while breakers hold', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker, errorBreaker] });
    expect(refusalOf(state, request('resume', { force: true }))).toBeNull();
  });

  it('still needs a reason for a forced resume', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker] });
    expect(refusalOf(state, request('resume', { force: true, reason: '  ' }))).toContain(
      'a resume needs a reason',
    );
  });

  it('accepts halt while breakers hold', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker] });
    expect(refusalOf(state, request('halt'))).toBeNull();
  });

  it('accepts a resume without force when only overridden breakers remain', () => {
    const state = desk({ mode: 'CLOSE_ONLY', overridden: ['drawdown'] });
    expect(refusalOf(state, request('resume'))).toBeNull();
  });

  // BUG (domain/desk/desk-state.ts, refusalOf, line 53): only `resume` is checked against the
  // holding breakers, so a close-only without force moves a breaker-halted desk to CLOSE_ONLY while
  // the breaker still holds (and, being still active, it never trips again to halt the desk).
  it('does not let a close-only without force loosen a desk a breaker holds', () => {
    const tripped = tripBreaker(desk(), 'drawdown', 'drawdown 12.00% ≥ 10%', T0);
    const closeOnly = request('closeOnly');
    const refused = refusalOf(tripped, closeOnly) !== null;
    expect(refused || applyDeskRequest(tripped, closeOnly, T1).mode === 'HALTED').toBe(true);
  });
});

describe('applyDeskRequest', () => {
  it.each(KINDS)('sets the mode of a %s from every mode', (kind) => {
    for (const mode of DESK_MODES)
      expect(applyDeskRequest(desk({ mode }), request(kind), T1).mode).toBe(MODE_OF_REQUEST[kind]);
  });

  it('trims the reason and records the actor', () => {
    const next = applyDeskRequest(desk(), request('halt', { reason: '  fat finger  \n', actor: 'bob' }), T1);
    expect(next.reason).toBe('fat finger');
    expect(next.actor).toBe('bob');
  });

  it('keeps the account', () => {
    expect(applyDeskRequest(desk({ account: 'canary' }), request('halt'), T1).account).toBe('canary');
  });

  it('sets since to the request time when the mode changes', () => {
    for (const from of DESK_MODES)
      for (const kind of KINDS) {
        if (MODE_OF_REQUEST[kind] === from) continue;
        expect(applyDeskRequest(desk({ mode: from }), request(kind), T1).since).toBe(T1);
      }
  });

  it('keeps since but records who and why when the mode does not change', () => {
    for (const kind of KINDS) {
      const state = desk({ mode: MODE_OF_REQUEST[kind], since: T0 });
      const next = applyDeskRequest(state, request(kind, { reason: 'again', actor: 'carol' }), T1);
      expect(next.since).toBe(T0);
      expect(next.mode).toBe(state.mode);
      expect(next.reason).toBe('again');
      expect(next.actor).toBe('carol');
    }
  });

  it('does not change the state it is given', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker], overridden: ['dailyLoss'] });
    const copy = structuredClone(state);
    applyDeskRequest(state, request('resume', { force: true }), T1);
    applyDeskRequest(state, request('closeOnly'), T1);
    expect(state).toEqual(copy);
  });

  it('a forced resume clears the breakers and marks them overridden', () => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker, errorBreaker] });
    const next = applyDeskRequest(state, request('resume', { force: true }), T1);
    expect(next.mode).toBe('ACTIVE');
    expect(next.breakers).toEqual([]);
    expect([...next.overridden].sort()).toEqual(['drawdown', 'errorRate']);
    expect(next.since).toBe(T1);
  });

  it('a forced resume adds to overridden without duplicates', () => {
    const state = desk({
      mode: 'HALTED',
      breakers: [drawdownBreaker, errorBreaker],
      overridden: ['drawdown', 'dailyLoss'],
    });
    const next = applyDeskRequest(state, request('resume', { force: true }), T1);
    expect(next.overridden).toHaveLength(new Set(next.overridden).size);
    expect([...next.overridden].sort()).toEqual(['dailyLoss', 'drawdown', 'errorRate']);
  });

  it('a resume without breakers keeps overridden as it was', () => {
    const state = desk({ mode: 'HALTED', overridden: ['dailyLoss'] });
    expect(applyDeskRequest(state, request('resume'), T1).overridden).toEqual(['dailyLoss']);
  });

  it.each(['halt'] as const)('a %s keeps the breakers and overridden as they are', (kind) => {
    const state = desk({ mode: 'HALTED', breakers: [drawdownBreaker], overridden: ['errorRate'] });
    const next = applyDeskRequest(state, request(kind), T1);
    expect(next.breakers).toEqual([drawdownBreaker]);
    expect(next.overridden).toEqual(['errorRate']);
  });
});

describe('tripBreaker', () => {
  it.each(DESK_MODES)('halts a desk in %s and names the breaker in reason and actor', (mode) => {
    const next = tripBreaker(desk({ mode }), 'dailyLoss', 'loss today 600.00 ≥ 500', T1);
    expect(next.mode).toBe('HALTED');
    expect(next.reason).toBe('breaker dailyLoss: loss today 600.00 ≥ 500');
    expect(next.actor).toBe('breaker:dailyLoss');
    expect(next.breakers).toEqual([{ name: 'dailyLoss', reason: 'loss today 600.00 ≥ 500', since: T1 }]);
    expect(next.since).toBe(mode === 'HALTED' ? T0 : T1);
  });

  it('keeps since when the desk is already halted (by an operator or another breaker)', () => {
    const halted = applyDeskRequest(desk(), request('halt'), T0);
    const once = tripBreaker(halted, 'drawdown', 'first', T1);
    const twice = tripBreaker(once, 'errorRate', 'second', T1 + 1_000);
    expect(once.since).toBe(T0);
    expect(twice.since).toBe(T0);
  });

  it('re-tripping the same breaker replaces it rather than adding a second', () => {
    const once = tripBreaker(desk(), 'drawdown', 'first', T0);
    const twice = tripBreaker(once, 'drawdown', 'second', T1);
    expect(twice.breakers).toEqual([{ name: 'drawdown', reason: 'second', since: T1 }]);
    expect(twice.reason).toBe('breaker drawdown: second');
  });

  it('keeps the other breakers that hold', () => {
    const state = tripBreaker(tripBreaker(desk(), 'drawdown', 'a', T0), 'errorRate', 'b', T1);
    expect(state.breakers.map((breaker) => breaker.name)).toEqual(['drawdown', 'errorRate']);
    expect(state.actor).toBe('breaker:errorRate');
  });

  it('leaves overridden alone', () => {
    const next = tripBreaker(desk({ overridden: ['dailyLoss'] }), 'drawdown', 'a', T1);
    expect(next.overridden).toEqual(['dailyLoss']);
  });

  it('does not change the state it is given', () => {
    const state = desk({ breakers: [drawdownBreaker] });
    const copy = structuredClone(state);
    tripBreaker(state, 'drawdown', 'again', T1);
    expect(state).toEqual(copy);
  });
});

describe('clearBreaker', () => {
  it.each(DESK_MODES)('removes the breaker and keeps the mode %s, reason, actor and since', (mode) => {
    const state = desk({ mode, reason: 'why', actor: 'who', breakers: [drawdownBreaker, errorBreaker] });
    const next = clearBreaker(state, 'drawdown');
    expect(next).toEqual({ ...state, breakers: [errorBreaker] });
  });

  it('a cleared breaker does not resume a tripped desk', () => {
    const tripped = tripBreaker(desk(), 'errorRate', 'too many', T1);
    const cleared = clearBreaker(tripped, 'errorRate');
    expect(cleared.breakers).toEqual([]);
    expect(cleared.mode).toBe('HALTED');
    expect(refusalOf(cleared, request('resume'))).toBeNull();
  });

  it('is a no-op for a breaker that does not hold', () => {
    const state = desk({ breakers: [errorBreaker] });
    expect(clearBreaker(state, 'drawdown')).toEqual(state);
  });
});

describe('rearmBreaker', () => {
  it('removes the name from overridden and nothing else', () => {
    const state = desk({ breakers: [errorBreaker], overridden: ['drawdown', 'dailyLoss'] });
    expect(rearmBreaker(state, 'drawdown')).toEqual({ ...state, overridden: ['dailyLoss'] });
  });

  it('is a no-op for a breaker that is not overridden', () => {
    const state = desk({ overridden: ['dailyLoss'] });
    expect(rearmBreaker(state, 'drawdown')).toEqual(state);
  });

  it('lets the breaker be refused again on resume after it trips once more', () => {
    const tripped = tripBreaker(desk(), 'drawdown', 'a', T0);
    const resumed = applyDeskRequest(tripped, request('resume', { force: true }), T1);
    expect(resumed.overridden).toEqual(['drawdown']);
    const rearmed = rearmBreaker(resumed, 'drawdown');
    expect(rearmed.overridden).toEqual([]);
    const again = tripBreaker(rearmed, 'drawdown', 'b', T1 + 1);
    expect(refusalOf(again, request('resume'))).toContain('drawdown (b)');
  });
});
