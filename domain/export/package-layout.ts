// Where a daily export package lives and what its name means. Packages are published as
// `<publishRoot>/<account>/<dirName>/`: revision 1 of a date is `YYYY-MM-DD`, a republication of the
// same date is `YYYY-MM-DD.r2`, `.r3`, ... so a consumer that already read revision 1 never sees it
// change under it. Every date here is a UTC calendar day: the desk trades around the clock and a
// package must not depend on the zone of the machine that wrote it.

export const DAY_MS = 86_400_000;

export type ParsedDate =
  { ok: true; date: string; startMs: number; endMs: number } | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DIR_NAME = /^(\d{4}-\d{2}-\d{2})(?:\.r([1-9]\d*))?$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DEFAULT_MAX_DAYS = 3660;

/**
 * Strict YYYY-MM-DD that is a real calendar date (2026-02-30 is refused), UTC day [startMs, endMs).
 * Strict because the text becomes a directory name: two spellings of one day would publish twice.
 */
export function parseExportDate(raw: string): ParsedDate {
  const refused: ParsedDate = {
    ok: false,
    message: `date must be YYYY-MM-DD (a real calendar day), got ${JSON.stringify(raw)}`,
  };
  const match = DATE.exec(raw);
  if (match === null) return refused;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999. Overflow (February 30th
  // rolling into March) shows up as a different month or day and is refused.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day)
    return refused;
  const startMs = at.getTime();
  return { ok: true, date: raw, startMs, endMs: startMs + DAY_MS };
}

/** The start of a valid date's UTC day; callers passing a bad date have a bug, so it throws. */
function startOf(date: string, name: string): number {
  const parsed = parseExportDate(date);
  if (!parsed.ok) throw new RangeError(`${name}: ${parsed.message}`);
  return parsed.startMs;
}

/** Back to YYYY-MM-DD; refuses years outside 0000-9999, which the directory layout cannot spell. */
function formatDate(ms: number, name: string): string {
  const iso = new Date(ms).toISOString();
  const date = iso.slice(0, 10);
  if (!DATE.test(date)) throw new RangeError(`${name} falls outside years 0000-9999, got ${iso}`);
  return date;
}

export function packageDirName(date: string, revision: number): string {
  startOf(date, 'date');
  if (!(Number.isSafeInteger(revision) && revision >= 1))
    throw new RangeError(`revision must be an integer >= 1, got ${revision}`);
  return revision === 1 ? date : `${date}.r${revision}`;
}

/**
 * The date and revision a directory name stands for, or null for anything else. Only the canonical
 * spelling counts (no `.r1`, `.r0`, `.r02`): a directory that packageDirName would not have written
 * is not ours, and retention must never treat it as a package.
 */
export function parsePackageDirName(name: string): { date: string; revision: number } | null {
  const match = DIR_NAME.exec(name);
  if (match === null) return null;
  const date = match[1] ?? '';
  if (!parseExportDate(date).ok) return null;
  if (match[2] === undefined) return { date, revision: 1 };
  const revision = Number(match[2]);
  if (revision === 1 || !Number.isSafeInteger(revision)) return null;
  return { date, revision };
}

/** The revision to publish next for a date, given the revisions already on disk for it. */
export function nextRevision(existing: readonly number[]): number {
  let max = 0;
  for (const revision of existing) {
    if (!(Number.isSafeInteger(revision) && revision >= 1))
      throw new RangeError(`existing revisions must be integers >= 1, got ${revision}`);
    if (revision > max) max = revision;
  }
  return max + 1;
}

export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return formatDate(startOf(date, 'date') + days * DAY_MS, `${date} + ${days} days`);
}

/** Whole days from `from` to `to`; exact because a UTC day is always DAY_MS long. */
export function dayDiff(from: string, to: string): number {
  return (startOf(to, 'to') - startOf(from, 'from')) / DAY_MS;
}

/**
 * Every date from `from` to `to`, both included. `maxDays` caps the number of dates returned so a
 * typo in a backfill range (year 2206 for 2026) fails fast instead of planning centuries of exports.
 */
export function datesBetween(from: string, to: string, maxDays: number = DEFAULT_MAX_DAYS): string[] {
  if (!(Number.isSafeInteger(maxDays) && maxDays >= 1))
    throw new RangeError(`maxDays must be an integer >= 1, got ${maxDays}`);
  const span = dayDiff(from, to);
  if (span < 0) throw new RangeError(`from must not be after to, got from ${from} and to ${to}`);
  if (span + 1 > maxDays)
    throw new RangeError(
      `${from}..${to} spans ${span + 1} days, more than maxDays ${maxDays}; narrow the range or raise maxDays`,
    );
  const start = startOf(from, 'from');
  const dates: string[] = [];
  for (let i = 0; i <= span; i++) dates.push(formatDate(start + i * DAY_MS, 'date'));
  return dates;
}

/** 'HH:MM' 24h UTC → minutes after midnight, or an error message naming the expected form. */
export function parseUtcTimeOfDay(
  raw: string,
): { ok: true; hour: number; minute: number; minutes: number } | { ok: false; message: string } {
  const match = TIME_OF_DAY.exec(raw);
  if (match === null)
    return { ok: false, message: `time must be HH:MM (24h UTC, 00:00 to 23:59), got ${JSON.stringify(raw)}` };
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return { ok: true, hour, minute, minutes: hour * 60 + minute };
}
