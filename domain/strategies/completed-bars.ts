import type { Bar } from '../market-data/bar.js';
import type { SeriesKind } from './types.js';

/**
 * The newest `limit` bars completed before `decisionTime`, oldest first. Callers are trusted to
 * pass only completed bars, but a strategy re-checks: a bar closing at or after the decision time
 * was not known then, and using it would be look-ahead. A bar whose closeTime is not a number is
 * kept, so that the defect check reports it instead of it vanishing silently. Scanning back from
 * the newest bar keeps a decision's cost to its window, not to the length of the history.
 */
export function recentCompletedBars(bars: readonly Bar[], decisionTime: number, limit: number): Bar[] {
  const recent: Bar[] = [];
  for (let i = bars.length - 1; i >= 0 && recent.length < limit; i--) {
    const bar = bars[i]!;
    if (!(bar.closeTime >= decisionTime)) recent.push(bar);
  }
  return recent.reverse();
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
const OTHER_FIELDS = ['volume', 'openTime', 'closeTime'] as const;

export interface BarDefect {
  /** Sorted, unique names of the offending fields. */
  fields: string[];
  /** closeTime of the newest offending bar, for the human reason. */
  closeTime: number;
}

/**
 * Fields no computation can trust: non-finite values anywhere; for spot a price ≤ 0 (log returns
 * need positive prices); for binary markets a price outside [0, 1] (it is a probability).
 */
export function findBarDefect(bars: readonly Bar[], kind: SeriesKind): BarDefect | undefined {
  const fields = new Set<string>();
  let closeTime = Number.NaN;
  for (const bar of bars) {
    const bad = badFields(bar, kind);
    if (bad.length === 0) continue;
    for (const field of bad) fields.add(field);
    closeTime = bar.closeTime;
  }
  return fields.size === 0 ? undefined : { fields: [...fields].sort(), closeTime };
}

function badFields(bar: Bar, kind: SeriesKind): string[] {
  const bad: string[] = [];
  for (const field of PRICE_FIELDS) {
    const value = bar[field];
    const valid = kind === 'spot' ? Number.isFinite(value) && value > 0 : value >= 0 && value <= 1;
    if (!valid) bad.push(field);
  }
  for (const field of OTHER_FIELDS) if (!Number.isFinite(bar[field])) bad.push(field);
  return bad;
}
