// The automatic breakers: when drawdown (with hysteresis), daily loss and the error rate trip,
// hold, clear and re-arm, for one assessment of the account's readings against its limits.
import { describe, expect, it } from 'vitest';
import {
  assessBreakers,
  type BreakerAssessment,
  type BreakerLimits,
  type BreakerReadings,
} from '../../domain/desk/breakers.js';
import type { ActiveBreaker, BreakerName } from '../../domain/desk/desk-state.js';
import type { Limit } from '../../domain/risk/snapshot.js';
import { T0 } from '../helpers/clock.js';

// Only one breaker is configured at a time unless a test says otherwise.
const OFF: BreakerLimits = {
  maxDrawdownPct: 'unlimited',
  drawdownResumePct: undefined,
  maxDailyLoss: 'unlimited',
  maxErrorsPerMinute: 'unlimited',
};

const readings = (overrides: Partial<BreakerReadings> = {}): BreakerReadings => ({
  equity: 1_000,
  peakEquity: 1_000,
  startOfDayEquity: 1_000,
  errorsLastMinute: 0,
  ...overrides,
});

const active = (...names: BreakerName[]): ActiveBreaker[] =>
  names.map((name) => ({ name, reason: `${name} held`, since: T0 }));

const names = (changes: { name: BreakerName }[]) => changes.map((change) => change.name);

const EMPTY: BreakerAssessment = { trip: [], clear: [], rearm: [] };

/** Drawdown of `pct`% from a peak of 1000 (equity 1000 - 10 × pct). */
const drawdownOf = (pct: number) => readings({ equity: 1_000 - 10 * pct, peakEquity: 1_000 });

const drawdown = (maxDrawdownPct: Limit, drawdownResumePct?: number): BreakerLimits => ({
  ...OFF,
  maxDrawdownPct,
  drawdownResumePct,
});

describe('drawdown breaker', () => {
  it('trips at exactly the limit, with the figures in the reason', () => {
    const assessment = assessBreakers([], [], drawdown(10), drawdownOf(10));
    expect(assessment).toEqual({
      trip: [{ name: 'drawdown', reason: 'drawdown 10.00% from peak 1000.00 ≥ 10%' }],
      clear: [],
      rearm: [],
    });
  });

  it('trips above the limit', () => {
    expect(names(assessBreakers([], [], drawdown(10), drawdownOf(25)).trip)).toEqual(['drawdown']);
  });

  it('does not trip just below the limit', () => {
    expect(assessBreakers([], [], drawdown(10), drawdownOf(9.9))).toEqual(EMPTY);
  });

  it('does not trip at or above the peak', () => {
    expect(assessBreakers([], [], drawdown(10), readings({ equity: 2_000, peakEquity: 1_000 }))).toEqual(
      EMPTY,
    );
  });

  it('has hysteresis: trips at 10, holds at 8 with resume 7, clears at 6.9', () => {
    const limits = drawdown(10, 7);
    const tripped = assessBreakers([], [], limits, drawdownOf(10));
    expect(names(tripped.trip)).toEqual(['drawdown']);

    const holding = active('drawdown');
    expect(assessBreakers(holding, [], limits, drawdownOf(10))).toEqual(EMPTY);
    expect(assessBreakers(holding, [], limits, drawdownOf(8))).toEqual(EMPTY);
    expect(assessBreakers(holding, [], limits, drawdownOf(7.5))).toEqual(EMPTY);

    const cleared = assessBreakers(holding, [], limits, drawdownOf(6.9));
    expect(cleared.trip).toEqual([]);
    expect(cleared.rearm).toEqual([]);
    expect(cleared.clear).toHaveLength(1);
    expect(cleared.clear[0]!.name).toBe('drawdown');
    expect(cleared.clear[0]!.reason).toContain('6.90%');
    expect(cleared.clear[0]!.reason).toContain('< 7%');
  });

  it('does not trip within the hysteresis band when not holding', () => {
    expect(assessBreakers([], [], drawdown(10, 7), drawdownOf(8))).toEqual(EMPTY);
  });

  it('resumes at the max when no resume level is given', () => {
    const limits = drawdown(10);
    const holding = active('drawdown');
    expect(assessBreakers(holding, [], limits, drawdownOf(10))).toEqual(EMPTY);
    const cleared = assessBreakers(holding, [], limits, drawdownOf(9.9));
    expect(names(cleared.clear)).toEqual(['drawdown']);
    expect(cleared.clear[0]!.reason).toContain('< 10%');
  });

  it('clamps a resume level above the max to the max', () => {
    const limits = drawdown(10, 15);
    const holding = active('drawdown');
    // 12% would be below a resume level of 15 but is above the max: it holds (and would trip).
    expect(assessBreakers(holding, [], limits, drawdownOf(12))).toEqual(EMPTY);
    expect(names(assessBreakers([], [], limits, drawdownOf(12)).trip)).toEqual(['drawdown']);
    const cleared = assessBreakers(holding, [], limits, drawdownOf(9.5));
    expect(names(cleared.clear)).toEqual(['drawdown']);
    expect(cleared.clear[0]!.reason).toContain('< 10%');
    expect(cleared.clear[0]!.reason).not.toContain('15');
  });

  it('rounds the figures of its reason to cents', () => {
    const trip = assessBreakers(
      [],
      [],
      drawdown(10, 7),
      readings({ equity: 876.5, peakEquity: 1_000.004 }),
    ).trip;
    expect(trip).toEqual([{ name: 'drawdown', reason: 'drawdown 12.35% from peak 1000.00 ≥ 10%' }]);
  });

  it.each([
    ['equity null', { equity: null }],
    ['peak null', { peakEquity: null }],
    ['peak 0', { peakEquity: 0, equity: -100 }],
    ['peak negative', { peakEquity: -500, equity: -1_000 }],
  ] as const)('neither trips nor clears when the reading is unknown (%s)', (_label, overrides) => {
    const unknown = readings({ equity: 500, ...overrides });
    expect(assessBreakers([], [], drawdown(10), unknown)).toEqual(EMPTY);
    expect(assessBreakers(active('drawdown'), [], drawdown(10), unknown)).toEqual(EMPTY);
    expect(assessBreakers([], ['drawdown'], drawdown(10), unknown)).toEqual(EMPTY);
  });
});

describe('daily loss breaker', () => {
  const limits = (maxDailyLoss: Limit): BreakerLimits => ({ ...OFF, maxDailyLoss });

  it('trips at exactly the limit, with the figures in the reason', () => {
    expect(assessBreakers([], [], limits(500), readings({ startOfDayEquity: 1_000, equity: 500 }))).toEqual({
      trip: [{ name: 'dailyLoss', reason: 'loss today 500.00 ≥ 500' }],
      clear: [],
      rearm: [],
    });
  });

  it('does not trip below the limit', () => {
    expect(
      assessBreakers([], [], limits(500), readings({ startOfDayEquity: 1_000, equity: 500.01 })),
    ).toEqual(EMPTY);
  });

  it('does not trip on a gain', () => {
    expect(assessBreakers([], [], limits(500), readings({ startOfDayEquity: 1_000, equity: 3_000 }))).toEqual(
      EMPTY,
    );
  });

  it('clears once the loss is under the limit (a new venue day)', () => {
    const assessment = assessBreakers(
      active('dailyLoss'),
      [],
      limits(500),
      readings({ startOfDayEquity: 500, equity: 450 }),
    );
    expect(assessment).toEqual({
      trip: [],
      clear: [{ name: 'dailyLoss', reason: 'loss today 50.00 < 500' }],
      rearm: [],
    });
  });

  it('holds while the loss is still at or over the limit', () => {
    const holding = active('dailyLoss');
    expect(
      assessBreakers(holding, [], limits(500), readings({ startOfDayEquity: 1_000, equity: 400 })),
    ).toEqual(EMPTY);
    expect(
      assessBreakers(holding, [], limits(500), readings({ startOfDayEquity: 1_000, equity: 500 })),
    ).toEqual(EMPTY);
  });

  it.each([
    ['equity null', { equity: null }],
    ['start of day null', { startOfDayEquity: null }],
  ] as const)('neither trips nor clears when the reading is unknown (%s)', (_label, overrides) => {
    const unknown = readings({ startOfDayEquity: 1_000, equity: 100, ...overrides });
    expect(assessBreakers([], [], limits(500), unknown)).toEqual(EMPTY);
    expect(assessBreakers(active('dailyLoss'), [], limits(500), unknown)).toEqual(EMPTY);
    expect(assessBreakers([], ['dailyLoss'], limits(500), unknown)).toEqual(EMPTY);
  });
});

describe('error rate breaker', () => {
  const limits = (maxErrorsPerMinute: Limit): BreakerLimits => ({ ...OFF, maxErrorsPerMinute });

  it('trips at exactly the limit, with the figures in the reason', () => {
    expect(assessBreakers([], [], limits(5), readings({ errorsLastMinute: 5 }))).toEqual({
      trip: [{ name: 'errorRate', reason: '5 venue errors in the last minute ≥ 5' }],
      clear: [],
      rearm: [],
    });
  });

  it('does not trip below the limit', () => {
    expect(assessBreakers([], [], limits(5), readings({ errorsLastMinute: 4 }))).toEqual(EMPTY);
  });

  it('clears once the last minute is under the limit', () => {
    expect(assessBreakers(active('errorRate'), [], limits(5), readings({ errorsLastMinute: 4 }))).toEqual({
      trip: [],
      clear: [{ name: 'errorRate', reason: '4 venue errors in the last minute < 5' }],
      rearm: [],
    });
  });

  it('does not need equity readings', () => {
    const unknown = readings({ equity: null, peakEquity: null, startOfDayEquity: null, errorsLastMinute: 9 });
    expect(names(assessBreakers([], [], limits(5), unknown).trip)).toEqual(['errorRate']);
  });
});

describe('limits that never trip', () => {
  const worst = readings({
    equity: 1,
    peakEquity: 1_000_000,
    startOfDayEquity: 1_000_000,
    errorsLastMinute: 1e6,
  });

  it.each([
    ['unlimited', 'unlimited'],
    ['undefined', undefined],
    ['NaN', NaN],
    ['Infinity', Infinity],
  ] as const)('%s limits never trip, clear or re-arm', (_label, limit) => {
    const limits: BreakerLimits = {
      maxDrawdownPct: limit,
      drawdownResumePct: undefined,
      maxDailyLoss: limit,
      maxErrorsPerMinute: limit,
    };
    expect(assessBreakers([], [], limits, worst)).toEqual(EMPTY);
    expect(assessBreakers([], [], limits, readings())).toEqual(EMPTY);
    expect(assessBreakers(active('drawdown', 'dailyLoss', 'errorRate'), [], limits, readings())).toEqual(
      EMPTY,
    );
  });

  it('never produces the reconciliation breaker', () => {
    const all: BreakerLimits = {
      maxDrawdownPct: 1,
      drawdownResumePct: 0.5,
      maxDailyLoss: 1,
      maxErrorsPerMinute: 1,
    };
    const tripping = assessBreakers([], [], all, worst);
    expect(names(tripping.trip).sort()).toEqual(['dailyLoss', 'drawdown', 'errorRate']);
    const clearing = assessBreakers(active('reconciliation'), ['reconciliation'], all, readings());
    expect(clearing).toEqual(EMPTY);
  });
});

describe('overridden breakers', () => {
  const all: BreakerLimits = {
    maxDrawdownPct: 10,
    drawdownResumePct: 7,
    maxDailyLoss: 500,
    maxErrorsPerMinute: 5,
  };
  const bad = readings({ equity: 500, peakEquity: 1_000, startOfDayEquity: 1_000, errorsLastMinute: 5 });
  const good = readings({ equity: 1_000, peakEquity: 1_000, startOfDayEquity: 1_000, errorsLastMinute: 0 });

  it('do not trip while their condition still holds, and are not re-armed', () => {
    expect(assessBreakers([], ['drawdown', 'dailyLoss', 'errorRate'], all, bad)).toEqual(EMPTY);
  });

  it('only the overridden ones are spared', () => {
    expect(names(assessBreakers([], ['drawdown'], all, bad).trip).sort()).toEqual(['dailyLoss', 'errorRate']);
  });

  it('are re-armed once their condition is clear, without a clear change', () => {
    expect(assessBreakers([], ['drawdown', 'dailyLoss', 'errorRate'], all, good)).toEqual({
      trip: [],
      clear: [],
      rearm: ['drawdown', 'dailyLoss', 'errorRate'],
    });
  });

  it('a drawdown in the hysteresis band does not re-arm', () => {
    expect(assessBreakers([], ['drawdown'], drawdown(10, 7), drawdownOf(8))).toEqual(EMPTY);
    expect(assessBreakers([], ['drawdown'], drawdown(10, 7), drawdownOf(6.9))).toEqual({
      trip: [],
      clear: [],
      rearm: ['drawdown'],
    });
  });

  it('trip again after re-arming', () => {
    const rearm = assessBreakers([], ['errorRate'], all, good).rearm;
    const overridden = ['errorRate' as const].filter((name) => !rearm.includes(name));
    expect(names(assessBreakers([], overridden, all, bad).trip)).toContain('errorRate');
  });
});

describe('already active breakers', () => {
  it('are not tripped again while their condition holds', () => {
    const all: BreakerLimits = {
      maxDrawdownPct: 10,
      drawdownResumePct: 7,
      maxDailyLoss: 500,
      maxErrorsPerMinute: 5,
    };
    const bad = readings({ equity: 500, peakEquity: 1_000, startOfDayEquity: 1_000, errorsLastMinute: 5 });
    expect(assessBreakers(active('drawdown', 'dailyLoss', 'errorRate'), [], all, bad)).toEqual(EMPTY);
    expect(names(assessBreakers(active('drawdown'), [], all, bad).trip).sort()).toEqual([
      'dailyLoss',
      'errorRate',
    ]);
  });
});

describe('reason texts', () => {
  it('contain the figures and never NaN', () => {
    const all: BreakerLimits = {
      maxDrawdownPct: 10,
      drawdownResumePct: 7,
      maxDailyLoss: 500,
      maxErrorsPerMinute: 5,
    };
    const cases: [ActiveBreaker[], BreakerReadings][] = [
      [[], readings({ equity: 123.456, peakEquity: 987.654, startOfDayEquity: 800, errorsLastMinute: 17 })],
      [active('drawdown', 'dailyLoss', 'errorRate'), readings({ equity: 1_000, errorsLastMinute: 1 })],
      [[], readings({ equity: -250, peakEquity: 1e9, startOfDayEquity: 1e9, errorsLastMinute: 5 })],
    ];
    for (const [holding, figures] of cases) {
      const { trip, clear } = assessBreakers(holding, [], all, figures);
      expect(trip.length + clear.length).toBe(3);
      for (const { reason } of [...trip, ...clear]) {
        expect(reason).not.toMatch(/NaN|undefined|Infinity/);
        expect(reason).toMatch(/\d/);
      }
    }
    const [dd, loss, errors] = assessBreakers([], [], all, cases[0]![1]).trip;
    expect(dd!.reason).toBe('drawdown 87.50% from peak 987.65 ≥ 10%');
    expect(loss!.reason).toBe('loss today 676.54 ≥ 500');
    expect(errors!.reason).toBe('17 venue errors in the last minute ≥ 5');
  });
});
