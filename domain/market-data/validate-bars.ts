import type { Bar } from './bar.js';
import { checkNumber } from './option-checks.js';

export const REJECT_REASONS = [
  'not_a_number',
  'non_positive_price',
  'negative_volume',
  'high_below_low',
  'outside_high_low',
  'duplicate_time',
  'out_of_order',
  'misaligned_time',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A row as parsed, before any check: unparseable fields arrive as NaN. */
export interface CandidateBar {
  /** 1-based line in the source file; defaults to the row's position + 1. */
  line?: number;
  symbol: string;
  openTime: number;
  /** When the source carries one, it must equal openTime + intervalMs - 1; it is recomputed anyway. */
  closeTime?: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface BarReject {
  line: number;
  reason: RejectReason;
  detail: string;
}

export interface BarValidationResult {
  /** Accepted bars, strictly increasing in openTime. */
  bars: Bar[];
  /** In input order. */
  rejects: BarReject[];
  /** Every reason is present, zero when unused, so a data-quality report can print a stable table. */
  rejectCounts: Record<RejectReason, number>;
}

/** A hole in a series: the open times of the first and last missing bars (both inclusive). */
export interface BarGap {
  fromOpenTime: number;
  toOpenTime: number;
  missingBars: number;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
const NUMERIC_FIELDS = ['openTime', ...PRICE_FIELDS, 'volume'] as const;

/**
 * Sorts candidate rows into accepted bars and rejects with a reason each. A row is judged against the
 * rows accepted before it, in input order: a bad row never becomes the reference for later ones, and
 * a row earlier than the last accepted one is rejected rather than re-sorted in, because a recorder
 * that writes out of order cannot be trusted about which copy is right. Alignment is checked against
 * the first accepted bar, so series that do not start on an epoch multiple of the interval still load.
 */
export function validateBars(rows: readonly CandidateBar[], intervalMs: number): BarValidationResult {
  checkNumber('intervalMs', intervalMs, { integer: true, min: 1 });
  const bars: Bar[] = [];
  const rejects: BarReject[] = [];
  const rejectCounts = Object.fromEntries(REJECT_REASONS.map((reason) => [reason, 0])) as Record<
    RejectReason,
    number
  >;
  const seenOpenTimes = new Set<number>();

  rows.forEach((row, index) => {
    const previous = bars[bars.length - 1];
    const problem =
      checkValues(row, intervalMs) ?? checkTime(row, previous, bars[0], seenOpenTimes, intervalMs);
    if (problem !== undefined) {
      rejects.push({ line: row.line ?? index + 1, ...problem });
      rejectCounts[problem.reason] += 1;
      return;
    }
    seenOpenTimes.add(row.openTime);
    bars.push({
      symbol: row.symbol,
      openTime: row.openTime,
      closeTime: row.openTime + intervalMs - 1,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: row.volume,
    });
  });
  return { bars, rejects, rejectCounts };
}

type Problem = { reason: RejectReason; detail: string };

function checkValues(row: CandidateBar, intervalMs: number): Problem | undefined {
  const fields: readonly string[] =
    row.closeTime === undefined ? NUMERIC_FIELDS : [...NUMERIC_FIELDS, 'closeTime'];
  const notNumbers = fields.filter((field) => !Number.isFinite(row[field as keyof CandidateBar]));
  if (notNumbers.length > 0) {
    return { reason: 'not_a_number', detail: `not a finite number: ${notNumbers.join(', ')}` };
  }
  const nonPositive = PRICE_FIELDS.filter((field) => row[field] <= 0);
  if (nonPositive.length > 0) {
    return {
      reason: 'non_positive_price',
      detail: nonPositive.map((field) => `${field} ${row[field]}`).join(', ') + ' must be > 0',
    };
  }
  if (row.volume < 0) return { reason: 'negative_volume', detail: `volume ${row.volume} < 0` };
  if (row.high < row.low) return { reason: 'high_below_low', detail: `high ${row.high} < low ${row.low}` };
  const outside = (['open', 'close'] as const).filter(
    (field) => row[field] < row.low || row[field] > row.high,
  );
  if (outside.length > 0) {
    return {
      reason: 'outside_high_low',
      detail:
        outside.map((field) => `${field} ${row[field]}`).join(', ') +
        ` outside [low ${row.low}, high ${row.high}]`,
    };
  }
  if (row.closeTime !== undefined && row.closeTime !== row.openTime + intervalMs - 1) {
    return {
      reason: 'misaligned_time',
      detail: `closeTime ${row.closeTime} is not openTime + intervalMs - 1 (${row.openTime + intervalMs - 1}); wrong interval?`,
    };
  }
  return undefined;
}

function checkTime(
  row: CandidateBar,
  previous: Bar | undefined,
  first: Bar | undefined,
  seenOpenTimes: ReadonlySet<number>,
  intervalMs: number,
): Problem | undefined {
  if (!Number.isSafeInteger(row.openTime)) {
    return { reason: 'misaligned_time', detail: `openTime ${row.openTime} is not a whole millisecond` };
  }
  if (seenOpenTimes.has(row.openTime)) {
    return { reason: 'duplicate_time', detail: `openTime ${row.openTime} already accepted` };
  }
  if (previous !== undefined && row.openTime < previous.openTime) {
    return {
      reason: 'out_of_order',
      detail: `openTime ${row.openTime} is before the previous accepted ${previous.openTime}`,
    };
  }
  if (first !== undefined && (row.openTime - first.openTime) % intervalMs !== 0) {
    return {
      reason: 'misaligned_time',
      detail: `openTime ${row.openTime} is not a multiple of ${intervalMs} ms after the first bar ${first.openTime}`,
    };
  }
  return undefined;
}

/** Holes in a series sorted by openTime (as `validateBars` returns it). */
export function findGaps(bars: readonly Bar[], intervalMs: number): BarGap[] {
  checkNumber('intervalMs', intervalMs, { integer: true, min: 1 });
  const gaps: BarGap[] = [];
  for (let i = 1; i < bars.length; i++) {
    const previous = bars[i - 1];
    const current = bars[i];
    if (previous === undefined || current === undefined) continue;
    if (current.openTime <= previous.openTime) {
      throw new RangeError(`bars must be strictly increasing in openTime (index ${i})`);
    }
    const missingBars = Math.ceil((current.openTime - previous.openTime) / intervalMs) - 1;
    if (missingBars > 0) {
      gaps.push({
        fromOpenTime: previous.openTime + intervalMs,
        toOpenTime: previous.openTime + missingBars * intervalMs,
        missingBars,
      });
    }
  }
  return gaps;
}
