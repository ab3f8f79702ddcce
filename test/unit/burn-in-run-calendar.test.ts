import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EQUITY_PERIOD_MS,
  daysHolding,
  decisionPointAtOrAfter,
  decisionPointsBetween,
  periodBoundariesCrossed,
  scheduledDecisionPoints,
} from '../../domain/burn-in/run-calendar.js';
import { burnInMetrics } from '../../domain/burn-in/run-metrics.js';

const HOUR = 3_600_000;
const DAY = EQUITY_PERIOD_MS;
const from = Date.parse('2026-01-01T00:00:00Z');
const window = { from, to: from + 30 * DAY, cadenceMs: HOUR };

describe("a run's calendar", () => {
  it('schedules every cadence point from `from` through `to`', () => {
    expect(scheduledDecisionPoints(window)).toBe(30 * 24 + 1);
    expect(scheduledDecisionPoints({ from, to: from, cadenceMs: HOUR })).toBe(1);
  });

  it('the cursor after orders that finished past midnight skips the midnight point, and says which', () => {
    // Orders decided at 23:00 on Jan 3 finish on the bar after midnight: the next decision is 01:00.
    const decided = from + 2 * DAY + 23 * HOUR;
    const finished = decided + HOUR + HOUR / 2;
    const next = decisionPointAtOrAfter(window, finished);
    expect(next).toBe(from + 3 * DAY + HOUR);
    expect(decisionPointsBetween(window, decided + HOUR, next)).toEqual([from + 3 * DAY]);
    // …but the clock's move across midnight crosses that day's boundary, where equity is marked.
    expect(periodBoundariesCrossed(window, decided, finished)).toEqual([from + 3 * DAY]);
  });

  it('marks every boundary exactly once however the clock moves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 * HOUR }), { maxLength: 60 }), (steps) => {
        let now = from - 1;
        const marked: number[] = [];
        for (const step of steps) {
          const target = Math.min(window.to, Math.max(now, from) + step);
          marked.push(...periodBoundariesCrossed(window, now, target));
          now = target;
        }
        marked.push(...periodBoundariesCrossed(window, now, window.to));
        expect(marked).toEqual(Array.from({ length: 31 }, (_, k) => from + k * DAY));
      }),
    );
  });

  it('the days holding a run include the day its end instant opens', () => {
    const days = daysHolding(window.from, window.to);
    expect(days).toHaveLength(31);
    expect(days[0]).toBe('2026-01-01');
    expect(days.at(-1)).toBe('2026-01-31');
    expect(daysHolding(from, from + DAY - 1)).toEqual(['2026-01-01']);
  });
});

describe('burn-in CAGR counts calendar time', () => {
  const equity = (days: number[]) =>
    days.map((day, k) => ({ time: from + day * DAY, equity: 100_000 * 1.001 ** k }));

  it('one mark per day: the run is as many days long as it has returns', () => {
    const metrics = burnInMetrics(equity([0, 1, 2, 3, 4]), []);
    expect(metrics.values.cagr.value).toBeCloseTo(1.001 ** (4 * (365 / 4)) - 1, 12);
    expect(metrics.periodReturns).toHaveLength(4);
  });

  it('no equity at all: CAGR is undefined, with its reason, and nothing throws', () => {
    expect(burnInMetrics([], []).values.cagr.defined).toBe(false);
    expect(burnInMetrics(equity([0]), []).values.cagr.defined).toBe(false);
  });

  it('a missing mark does not shorten the year the growth is annualised over', () => {
    // Four returns over five calendar days: annualised over five days, not four.
    const metrics = burnInMetrics(equity([0, 1, 3, 4, 5]), []);
    expect(metrics.values.cagr.value).toBeCloseTo(1.001 ** (4 * (365 / 5)) - 1, 12);
  });
});
