import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import {
  REJECT_REASONS,
  findGaps,
  validateBars,
  type CandidateBar,
  type RejectReason,
} from '../../domain/market-data/validate-bars.js';
import { MINUTE, sampleBar } from '../helpers/market-fixtures.js';

const T0 = Date.UTC(2024, 0, 1);

const row = (minute: number, patch: Partial<CandidateBar> = {}): CandidateBar => ({
  symbol: 'BTCUSDT',
  openTime: T0 + minute * MINUTE,
  open: 100,
  high: 101,
  low: 99,
  close: 100.5,
  volume: 3,
  ...patch,
});

describe('validateBars', () => {
  it('accepts clean rows, computing closeTime Binance style', () => {
    const result = validateBars([row(0), row(1)], MINUTE);
    expect(result.rejects).toEqual([]);
    expect(result.bars).toHaveLength(2);
    expect(result.bars[1]).toEqual(sampleBar(T0 + MINUTE));
    expect(Object.keys(result.rejectCounts).sort()).toEqual([...REJECT_REASONS].sort());
    expect(Object.values(result.rejectCounts).every((n) => n === 0)).toBe(true);
  });

  it.each<[RejectReason, CandidateBar[]]>([
    ['not_a_number', [row(0), row(1, { high: Number.NaN })]],
    ['not_a_number', [row(0), row(1, { volume: Number.POSITIVE_INFINITY })]],
    ['non_positive_price', [row(0), row(1, { low: 0 })]],
    ['negative_volume', [row(0), row(1, { volume: -1 })]],
    ['high_below_low', [row(0), row(1, { high: 98, low: 99 })]],
    ['outside_high_low', [row(0), row(1, { close: 101.5 })]],
    ['duplicate_time', [row(0), row(1), row(1)]],
    ['out_of_order', [row(0), row(2), row(1)]],
    ['misaligned_time', [row(0), { ...row(1), openTime: T0 + MINUTE + 5 }]],
    ['misaligned_time', [row(0), row(1, { closeTime: T0 + 5 * MINUTE - 1 })]],
  ])('rejects %s and keeps the rest', (reason, rows) => {
    const result = validateBars(rows, MINUTE);
    expect(result.rejects).toHaveLength(1);
    expect(result.rejects[0]?.reason).toBe(reason);
    expect(result.rejects[0]?.detail).not.toBe('');
    expect(result.rejects[0]?.line).toBe(rows.length);
    expect(result.rejectCounts[reason]).toBe(1);
    expect(result.bars).toHaveLength(rows.length - 1);
  });

  it('reports a repeated earlier time as a duplicate, not as out of order', () => {
    const result = validateBars([row(0), row(1), row(2), row(0)], MINUTE);
    expect(result.rejects.map((r) => r.reason)).toEqual(['duplicate_time']);
  });

  it('never lets a bad row become the reference for later ones', () => {
    const result = validateBars(
      [row(0, { open: -1 }), { ...row(0), openTime: T0 + 7 }, row(1, { line: 40 })],
      MINUTE,
    );
    expect(result.bars.map((b) => b.openTime)).toEqual([T0 + 7]);
    expect(result.rejects).toEqual([
      { line: 1, reason: 'non_positive_price', detail: expect.stringContaining('open -1') as unknown },
      { line: 40, reason: 'misaligned_time', detail: expect.stringContaining('not a multiple') as unknown },
    ]);
  });

  it('rejects a bad intervalMs', () => {
    expect(() => validateBars([], 0)).toThrow(/intervalMs/);
  });
});

describe('findGaps', () => {
  const bars = (minutes: number[]): Bar[] =>
    validateBars(
      minutes.map((m) => row(m)),
      MINUTE,
    ).bars;

  it('reports each hole with its first and last missing open times', () => {
    expect(findGaps(bars([0, 1, 4, 5, 7]), MINUTE)).toEqual([
      { fromOpenTime: T0 + 2 * MINUTE, toOpenTime: T0 + 3 * MINUTE, missingBars: 2 },
      { fromOpenTime: T0 + 6 * MINUTE, toOpenTime: T0 + 6 * MINUTE, missingBars: 1 },
    ]);
  });

  it('finds nothing in a contiguous, single or empty series', () => {
    expect(findGaps(bars([0, 1, 2]), MINUTE)).toEqual([]);
    expect(findGaps(bars([3]), MINUTE)).toEqual([]);
    expect(findGaps([], MINUTE)).toEqual([]);
  });

  it('refuses an unsorted series', () => {
    expect(() => findGaps([...bars([0, 1])].reverse(), MINUTE)).toThrow(RangeError);
  });
});
