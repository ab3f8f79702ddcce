import { describe, expect, it } from 'vitest';
import { monthlyReturns } from '../../domain/report/monthly-returns.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { reportDigestInput, nonFiniteNumberPaths } from '../../domain/report/truth-report.js';

const t = (iso: string): number => Date.parse(iso);

describe('monthlyReturns', () => {
  // Jan: 100 → 110 (+10%); Feb: 110 → 104.5 (−5%); Mar: 104.5 → 114.95 (+10%). Whole curve: +14.95%.
  const equity = [
    { time: t('2025-01-01T00:00:00Z'), equity: 100 },
    { time: t('2025-01-15T12:00:00Z'), equity: 105 },
    { time: t('2025-01-31T23:59:59.999Z'), equity: 110 },
    { time: t('2025-02-01T00:00:00Z'), equity: 99 },
    { time: t('2025-02-28T00:00:00Z'), equity: 104.5 },
    { time: t('2025-03-05T00:00:00Z'), equity: 120 },
    { time: t('2025-03-31T00:00:00Z'), equity: 114.95 },
  ];

  it('chains each month off the previous month close (hand-computed)', () => {
    const months = monthlyReturns(equity);
    expect(months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(months[0]?.return).toBeCloseTo(0.1, 12);
    expect(months[1]?.return).toBeCloseTo(-0.05, 12);
    expect(months[2]?.return).toBeCloseTo(0.1, 12);
    const compounded = months.reduce((acc, m) => acc * (1 + m.return), 1) - 1;
    expect(compounded).toBeCloseTo(114.95 / 100 - 1, 12);
  });

  it('buckets by UTC month and sorts unordered input', () => {
    const shuffled = [equity[4], equity[0], equity[6], equity[2], equity[1], equity[5], equity[3]].filter(
      (p) => p !== undefined,
    );
    expect(monthlyReturns(shuffled)).toEqual(monthlyReturns(equity));
  });

  it('skips months without points and handles a single point and no points', () => {
    const months = monthlyReturns([
      { time: t('2024-11-10T00:00:00Z'), equity: 200 },
      { time: t('2025-01-10T00:00:00Z'), equity: 250 },
    ]);
    expect(months).toEqual([
      { month: '2024-11', return: 0 },
      { month: '2025-01', return: 0.25 },
    ]);
    expect(monthlyReturns([{ time: t('2025-06-01T00:00:00Z'), equity: 5 }])).toEqual([
      { month: '2025-06', return: 0 },
    ]);
    expect(monthlyReturns([])).toEqual([]);
  });
});

describe('truth report helpers', () => {
  it('nonFiniteNumberPaths names every NaN or infinite number', () => {
    expect(nonFiniteNumberPaths({ a: 1, b: [2, NaN], c: { d: Infinity, e: 'x', f: null } })).toEqual([
      'b[1]',
      'c.d',
    ]);
    expect(nonFiniteNumberPaths({ a: 0, b: [-1.5] })).toEqual([]);
  });

  it('reportDigestInput leaves out where a run ran (run id, account, order ids) and keeps what it did', () => {
    const report = {
      runId: 'r1',
      account: 'a1',
      schemaVersion: 1,
      strategy: { name: 's', configHash: 'h', config: { account: 'a1', seed: 7 } },
      trades: [{ tradeId: 'k-1', netPnl: 5 }],
    } as unknown as Parameters<typeof reportDigestInput>[0];
    const other = {
      ...report,
      runId: 'r2',
      account: 'a2',
      strategy: { name: 's', configHash: 'h', config: { account: 'a2', seed: 7 } },
      trades: [{ tradeId: 'k-2', netPnl: 5 }],
    } as unknown as Parameters<typeof reportDigestInput>[0];
    expect(JSON.stringify(reportDigestInput(report))).toBe(JSON.stringify(reportDigestInput(other)));
    expect(reportDigestInput(report)).toMatchObject({ schemaVersion: 1, trades: [{ netPnl: 5 }] });
    const changed = { ...other, trades: [{ tradeId: 'k-2', netPnl: 6 }] } as typeof other;
    expect(JSON.stringify(reportDigestInput(changed))).not.toBe(JSON.stringify(reportDigestInput(report)));
  });

  it('reportDigestInput leaves out when an operator halted the run, and keeps its counts', () => {
    const counts = { decisions: 10, orders: 4, denied: 1, filled: 3, settlements: 0 };
    const report = {
      runId: 'r1',
      account: 'a1',
      strategy: { config: null },
      trades: [],
      counts,
    } as unknown as Parameters<typeof reportDigestInput>[0];
    const halted = { ...report, counts: { ...counts, haltDenials: 2 } };
    const digest = (value: typeof report) => canonicalJson(reportDigestInput(value));
    expect(digest(halted)).toBe(digest(report));
    expect(digest({ ...report, counts: { ...counts, denied: 2 } })).not.toBe(digest(report));
    expect(halted.counts.haltDenials).toBe(2);
  });
});
