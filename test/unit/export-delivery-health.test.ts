// Export delivery health: the deadline is the day after the export date at publishAt + grace,
// exactly at it is on time, a missing package is only called missing once the deadline has passed,
// and a schema spike needs enough decisions, a high enough rate, and a baseline to beat.
import { describe, expect, it } from 'vitest';
import {
  deliveryDeadline,
  evaluateDeliveryHealth,
  type DayDelivery,
  type DeliveryPolicy,
} from '../../domain/export/delivery-health.js';

const POLICY: DeliveryPolicy = {
  publishAtMinutes: 120, // 02:00 UTC the next day.
  lateAfterMinutes: 60, // Late after 03:00.
  baselineDays: 7,
  spikeFactor: 3,
  minSpikeRate: 0.05,
  minDecisions: 50,
};

// 2026-01-06T03:00:00.000Z: the deadline of 2026-01-05.
const DEADLINE_0105 = Date.UTC(2026, 0, 6, 3, 0);

function day(date: string, fields: Partial<DayDelivery> = {}): DayDelivery {
  return {
    date,
    publishedAt: Date.parse(`${date}T00:00:00.000Z`) + 86_400_000 + 2 * 3_600_000, // 02:00 next day.
    decisions: 100,
    nonWarmupFailures: 2,
    topNonWarmupFields: [],
    ...fields,
  };
}

const evaluate = (checkDates: string[], deliveries: DayDelivery[], now: number, policy = POLICY) =>
  evaluateDeliveryHealth({ account: 'acct-1', checkDates, deliveries, now, policy });

describe('deliveryDeadline', () => {
  it('is publishAt + grace after midnight the day after the date', () => {
    expect(deliveryDeadline('2026-01-05', POLICY)).toBe(DEADLINE_0105);
    expect(deliveryDeadline('2025-12-31', { ...POLICY, publishAtMinutes: 0, lateAfterMinutes: 0 })).toBe(
      Date.UTC(2026, 0, 1),
    );
  });

  it('refuses a bad date or policy', () => {
    expect(() => deliveryDeadline('2026-02-30', POLICY)).toThrow(RangeError);
    expect(() => deliveryDeadline('2026-01-05', { ...POLICY, lateAfterMinutes: -1 })).toThrow(
      /policy.lateAfterMinutes must be a finite number >= 0/,
    );
    expect(() => deliveryDeadline('2026-01-05', { ...POLICY, publishAtMinutes: NaN })).toThrow(RangeError);
  });
});

describe('evaluateDeliveryHealth: missing and late', () => {
  it('an unpublished date is not missing until the deadline has passed', () => {
    const unpublished = [day('2026-01-05', { publishedAt: null })];
    expect(evaluate(['2026-01-05'], unpublished, DEADLINE_0105 - 1)).toEqual([]);
    expect(evaluate(['2026-01-05'], unpublished, DEADLINE_0105)).toEqual([]);
    expect(evaluate(['2026-01-05'], unpublished, DEADLINE_0105 + 30 * 60_000)).toEqual([
      {
        kind: 'export.missing',
        account: 'acct-1',
        date: '2026-01-05',
        severity: 'critical',
        summary: 'acct-1 2026-01-05: export package missing, due by 2026-01-06T03:00:00.000Z',
        deadline: '2026-01-06T03:00:00.000Z',
        details: { now: '2026-01-06T03:30:00.000Z', overdueMinutes: 30 },
      },
    ]);
  });

  it('a checked date with no delivery entry counts as unpublished', () => {
    const alerts = evaluate(['2026-01-05'], [], DEADLINE_0105 + 1);
    expect(alerts.map((a) => a.kind)).toEqual(['export.missing']);
  });

  it('published exactly at the deadline is on time; a millisecond later is late', () => {
    const now = DEADLINE_0105 + 86_400_000;
    expect(evaluate(['2026-01-05'], [day('2026-01-05', { publishedAt: DEADLINE_0105 })], now)).toEqual([]);
    expect(evaluate(['2026-01-05'], [day('2026-01-05', { publishedAt: DEADLINE_0105 + 1 })], now)).toEqual([
      {
        kind: 'export.late',
        account: 'acct-1',
        date: '2026-01-05',
        severity: 'warn',
        summary:
          'acct-1 2026-01-05: export package published late at 2026-01-06T03:00:00.001Z, due by 2026-01-06T03:00:00.000Z',
        deadline: '2026-01-06T03:00:00.000Z',
        details: { publishedAt: '2026-01-06T03:00:00.001Z', lateByMinutes: 0 },
      },
    ]);
  });

  it('lateness depends on publishedAt, not on now', () => {
    const alerts = evaluate(
      ['2026-01-05'],
      [day('2026-01-05', { publishedAt: DEADLINE_0105 + 90 * 60_000 })],
      0,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'export.late', details: { lateByMinutes: 90 } });
  });

  it('checks dates ascending, once each', () => {
    const now = Date.UTC(2026, 0, 20);
    const alerts = evaluate(['2026-01-07', '2026-01-05', '2026-01-07'], [], now);
    expect(alerts.map((a) => `${a.kind} ${a.date}`)).toEqual([
      'export.missing 2026-01-05',
      'export.missing 2026-01-07',
    ]);
  });
});

describe('evaluateDeliveryHealth: schema spike', () => {
  const now = Date.UTC(2026, 0, 20);
  // Baseline 2026-01-03..2026-01-04 at 2% and 4%: mean 3%, so the spike threshold is 9%.
  const history = [day('2026-01-03', { nonWarmupFailures: 2 }), day('2026-01-04', { nonWarmupFailures: 4 })];
  const spiking = day('2026-01-05', {
    nonWarmupFailures: 40,
    topNonWarmupFields: [
      { field: 'mark_price', count: 3 },
      { field: 'funding_rate', count: 30 },
      { field: 'index_price', count: 3 },
      { field: 'open_interest', count: 10 },
    ],
  });

  it('fires on a rate above baseline × factor, naming the top three fields', () => {
    expect(evaluate(['2026-01-05'], [...history, spiking], now)).toEqual([
      {
        kind: 'export.schema_spike',
        account: 'acct-1',
        date: '2026-01-05',
        severity: 'warn',
        summary:
          'acct-1 2026-01-05: schema failures 40.0% vs baseline 3.0% (×13.3): top fields funding_rate (30), open_interest (10), index_price (3)',
        deadline: '2026-01-06T03:00:00.000Z',
        details: {
          decisions: 100,
          nonWarmupFailures: 40,
          rate: 0.4,
          baseline: 0.03,
          baselineDays: 2,
          baselineDates: ['2026-01-03', '2026-01-04'],
          topFields: [
            { field: 'funding_rate', count: 30 },
            { field: 'open_interest', count: 10 },
            { field: 'index_price', count: 3 },
          ],
        },
      },
    ]);
  });

  it('the threshold is strict: exactly baseline × factor is not a spike', () => {
    // Baseline 5% × 2 = 10%.
    const base = [day('2026-01-04', { nonWarmupFailures: 5 })];
    const policy = { ...POLICY, spikeFactor: 2 };
    expect(
      evaluate(['2026-01-05'], [...base, day('2026-01-05', { nonWarmupFailures: 10 })], now, policy),
    ).toEqual([]);
    expect(
      evaluate(['2026-01-05'], [...base, day('2026-01-05', { nonWarmupFailures: 11 })], now, policy).map(
        (a) => a.kind,
      ),
    ).toEqual(['export.schema_spike']);
  });

  it('no baseline days, no spike: there is nothing to compare with', () => {
    expect(evaluate(['2026-01-05'], [spiking], now)).toEqual([]);
    // Days with no decisions do not make a baseline.
    expect(
      evaluate(['2026-01-05'], [day('2026-01-04', { decisions: 0, nonWarmupFailures: 0 }), spiking], now),
    ).toEqual([]);
    // Nor do days outside the window: with baselineDays 7, 2025-12-29 is 7 days back, 12-28 is 8.
    expect(evaluate(['2026-01-05'], [day('2025-12-28'), spiking], now)).toEqual([]);
    expect(evaluate(['2026-01-05'], [day('2025-12-29'), spiking], now)).toHaveLength(1);
    expect(evaluate(['2026-01-05'], [...history, spiking], now, { ...POLICY, baselineDays: 0 })).toEqual([]);
  });

  it('later days are not part of the baseline', () => {
    expect(evaluate(['2026-01-05'], [day('2026-01-06'), spiking], now)).toEqual([]);
  });

  it('a clean baseline counts: any rate above minSpikeRate is a spike, without a ratio', () => {
    const clean = [day('2026-01-04', { nonWarmupFailures: 0 })];
    const alerts = evaluate(['2026-01-05'], [...clean, day('2026-01-05', { nonWarmupFailures: 5 })], now);
    expect(alerts.map((a) => a.summary)).toEqual([
      'acct-1 2026-01-05: schema failures 5.0% vs baseline 0.0%',
    ]);
    expect(alerts[0]?.details).toMatchObject({ rate: 0.05, baseline: 0, topFields: [] });
  });

  it('below minSpikeRate is not a spike however clean the baseline', () => {
    const clean = [day('2026-01-04', { nonWarmupFailures: 0 })];
    expect(evaluate(['2026-01-05'], [...clean, day('2026-01-05', { nonWarmupFailures: 4 })], now)).toEqual(
      [],
    );
  });

  it('days with fewer than minDecisions decisions are never a spike', () => {
    const small = day('2026-01-05', { decisions: 49, nonWarmupFailures: 49 });
    expect(evaluate(['2026-01-05'], [...history, small], now)).toEqual([]);
    const enough = day('2026-01-05', { decisions: 50, nonWarmupFailures: 49 });
    expect(evaluate(['2026-01-05'], [...history, enough], now)).toHaveLength(1);
  });

  it('a day with no decisions is never a spike, even with minDecisions 0', () => {
    const policy = { ...POLICY, minDecisions: 0, minSpikeRate: 0 };
    expect(
      evaluate(
        ['2026-01-05'],
        [...history, day('2026-01-05', { decisions: 0, nonWarmupFailures: 0 })],
        now,
        policy,
      ),
    ).toEqual([]);
  });

  it('a day can be late and spiking at once; late comes first', () => {
    const late = { ...spiking, publishedAt: DEADLINE_0105 + 1 };
    expect(evaluate(['2026-01-05'], [...history, late], now).map((a) => a.kind)).toEqual([
      'export.late',
      'export.schema_spike',
    ]);
  });

  it('the baseline does not depend on the order of deliveries', () => {
    const forward = evaluate(['2026-01-05'], [...history, spiking], now);
    const backward = evaluate(['2026-01-05'], [spiking, ...[...history].reverse()], now);
    expect(backward).toEqual(forward);
  });
});

describe('evaluateDeliveryHealth: validation', () => {
  const now = Date.UTC(2026, 0, 20);

  it('refuses a bad policy', () => {
    expect(() => evaluate([], [], now, { ...POLICY, baselineDays: 1.5 })).toThrow(
      /policy.baselineDays must be an integer/,
    );
    expect(() => evaluate([], [], now, { ...POLICY, spikeFactor: Infinity })).toThrow(/policy.spikeFactor/);
    expect(() => evaluate([], [], now, { ...POLICY, minDecisions: -1 })).toThrow(/policy.minDecisions/);
  });

  it('refuses bad deliveries, dates and now', () => {
    expect(() => evaluate(['2026-02-30'], [], now)).toThrow(RangeError);
    expect(() => evaluate([], [day('2026-01-05'), day('2026-01-05')], now)).toThrow(/twice/);
    expect(() => evaluate([], [day('2026-01-05', { nonWarmupFailures: 101 })], now)).toThrow(
      /exceeds decisions/,
    );
    expect(() => evaluate([], [day('2026-01-05', { decisions: -1 })], now)).toThrow(
      /decisions must be an integer/,
    );
    expect(() => evaluate([], [day('2026-01-05', { publishedAt: NaN })], now)).toThrow(/publishedAt/);
    expect(() => evaluate([], [], NaN)).toThrow(/now must be finite/);
  });
});
