/**
 * A run's calendar in market time: its decision points (every `cadenceMs` from `from` through `to`)
 * and its period boundaries (every `periodMs` from `from` through `to`: every 24 h from the run's
 * start, UTC midnights for a run starting at 00:00Z), where equity is marked.
 * The two are separate on purpose: the decision cursor may jump (the clock moves on while a cycle's
 * orders finish), the marks may not, or one "daily" return would span two days.
 */

export interface RunWindow {
  from: number;
  to: number;
  cadenceMs: number;
}

/** One equity period per calendar day: a burn-in's market is 24/7. */
export const EQUITY_PERIOD_MS = 86_400_000;

/** Decision points scheduled in the window, `from` and `to` included when on the cadence. */
export function scheduledDecisionPoints({ from, to, cadenceMs }: RunWindow): number {
  if (to < from) return 0;
  return Math.floor((to - from) / cadenceMs) + 1;
}

/** The first decision point at or after `time` (may lie past `to`). */
export function decisionPointAtOrAfter({ from, cadenceMs }: RunWindow, time: number): number {
  if (time <= from) return from;
  return from + Math.ceil((time - from) / cadenceMs) * cadenceMs;
}

/** The decision points in [start, end), in order. */
export function decisionPointsBetween(window: RunWindow, start: number, end: number): number[] {
  const points: number[] = [];
  for (let t = decisionPointAtOrAfter(window, start); t < end && t <= window.to; t += window.cadenceMs)
    points.push(t);
  return points;
}

/** Period boundaries b with after < b ≤ upTo (and b ≤ to), in order: the marks a clock move crosses. */
export function periodBoundariesCrossed(
  { from, to }: Pick<RunWindow, 'from' | 'to'>,
  after: number,
  upTo: number,
  periodMs: number = EQUITY_PERIOD_MS,
): number[] {
  const boundaries: number[] = [];
  const first = after < from ? from : from + (Math.floor((after - from) / periodMs) + 1) * periodMs;
  for (let b = first; b <= upTo && b <= to; b += periodMs) boundaries.push(b);
  return boundaries;
}

/**
 * The UTC dates (YYYY-MM-DD) of the days holding any instant of [from, to]: the daily packages a run
 * fills. A run ending exactly at midnight has its last instant (its last decision point, the end-of-run
 * marks, a market resolving then) in the day that starts there, so that day is included.
 */
export function daysHolding(from: number, to: number): string[] {
  const dates: string[] = [];
  for (let day = Math.floor(from / EQUITY_PERIOD_MS); day <= Math.floor(to / EQUITY_PERIOD_MS); day++)
    dates.push(new Date(day * EQUITY_PERIOD_MS).toISOString().slice(0, 10));
  return dates;
}
