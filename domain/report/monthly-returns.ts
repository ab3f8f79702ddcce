/** Calendar-month (UTC) returns of an equity curve. */
export interface MonthlyReturn {
  /** 'YYYY-MM', UTC. */
  month: string;
  return: number;
}

/**
 * One return per UTC calendar month that has at least one equity point, in time order: the month's last
 * equity over the previous month's last equity (for the first month: over the first point), minus one.
 * Because each month's return chains off the previous month's close, the returns compound to the whole
 * curve's return. Months with no points are absent. A zero base equity gives a non-finite return (NaN or
 * ±Infinity); callers that chart it treat it as missing.
 */
export function monthlyReturns(equity: readonly { time: number; equity: number }[]): MonthlyReturn[] {
  // Stable sort: points with equal times keep their order, so the last one of a month is well defined.
  const points = equity
    .filter((point) => Math.abs(point.time) <= MAX_DATE_MS)
    .slice()
    .sort((a, b) => a.time - b.time);
  const first = points[0];
  if (first === undefined) return [];

  const closes: { month: string; equity: number }[] = [];
  for (const point of points) {
    const month = utcMonth(point.time);
    const last = closes[closes.length - 1];
    if (last !== undefined && last.month === month) last.equity = point.equity;
    else closes.push({ month, equity: point.equity });
  }

  let base = first.equity;
  return closes.map((close) => {
    const result = { month: close.month, return: close.equity / base - 1 };
    base = close.equity;
    return result;
  });
}

/** The largest |time| a Date can hold (NaN fails the comparison too). */
const MAX_DATE_MS = 8.64e15;

function utcMonth(time: number): string {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
