// Export package layout: strict calendar dates, canonical directory names (revision 1 bare, later
// revisions `.rN`), UTC day arithmetic, and the HH:MM publish time. Hand-computed cases first, then
// round-trip properties over the whole 0000-9999 range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesBetween,
  DAY_MS,
  dayDiff,
  nextRevision,
  packageDirName,
  parseExportDate,
  parsePackageDirName,
  parseUtcTimeOfDay,
} from '../../domain/export/package-layout.js';

// 0000-01-01 and 9999-12-31 as day numbers since the epoch.
const FIRST_DAY = -719_528;
const LAST_DAY = 2_932_896;
const dateArb = fc
  .integer({ min: FIRST_DAY, max: LAST_DAY })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));

describe('parseExportDate', () => {
  it('a valid date covers its UTC day', () => {
    // 2026-01-05T00:00:00Z = 1767571200000.
    expect(parseExportDate('2026-01-05')).toEqual({
      ok: true,
      date: '2026-01-05',
      startMs: 1_767_571_200_000,
      endMs: 1_767_571_200_000 + DAY_MS,
    });
  });

  it('leap days only in leap years', () => {
    expect(parseExportDate('2024-02-29').ok).toBe(true);
    expect(parseExportDate('2000-02-29').ok).toBe(true);
    expect(parseExportDate('1900-02-29').ok).toBe(false);
    expect(parseExportDate('2026-02-29').ok).toBe(false);
  });

  it('years below 100 are not read as 19xx', () => {
    const parsed = parseExportDate('0050-03-01');
    expect(parsed.ok && new Date(parsed.startMs).toISOString()).toBe('0050-03-01T00:00:00.000Z');
    expect(parseExportDate('0000-01-01').ok).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-01-00',
    '2026-1-05',
    '26-01-05',
    '2026-01-05 ',
    ' 2026-01-05',
    '2026/01/05',
    '2026-01-05T00:00:00Z',
    '+02026-01-05',
    '',
  ])('refuses %j with a message naming the form', (raw) => {
    expect(parseExportDate(raw)).toEqual({
      ok: false,
      message: `date must be YYYY-MM-DD (a real calendar day), got ${JSON.stringify(raw)}`,
    });
  });
});

describe('package directory names', () => {
  it('revision 1 is the bare date, later revisions carry .rN', () => {
    expect(packageDirName('2026-01-05', 1)).toBe('2026-01-05');
    expect(packageDirName('2026-01-05', 2)).toBe('2026-01-05.r2');
    expect(packageDirName('2026-01-05', 12)).toBe('2026-01-05.r12');
  });

  it.each([0, -1, 1.5, NaN, Infinity])('refuses revision %s', (revision) => {
    expect(() => packageDirName('2026-01-05', revision)).toThrow(RangeError);
    expect(() => packageDirName('2026-01-05', revision)).toThrow(/revision must be an integer >= 1/);
  });

  it('refuses an invalid date', () => {
    expect(() => packageDirName('2026-02-30', 1)).toThrow(RangeError);
  });

  it('parses canonical names', () => {
    expect(parsePackageDirName('2026-01-05')).toEqual({ date: '2026-01-05', revision: 1 });
    expect(parsePackageDirName('2026-01-05.r2')).toEqual({ date: '2026-01-05', revision: 2 });
    expect(parsePackageDirName('2026-01-05.r10')).toEqual({ date: '2026-01-05', revision: 10 });
  });

  it.each([
    '2026-01-05.r1',
    '2026-01-05.r0',
    '2026-01-05.r02',
    '2026-01-05.r',
    '2026-01-05.r-2',
    '2026-01-05.R2',
    '2026-01-05.r2.tmp',
    '2026-01-05.r99999999999999999999',
    '2026-02-30',
    '2026-02-30.r2',
    '.2026-01-05',
    'latest',
    '',
  ])('%j is not a package directory', (name) => {
    expect(parsePackageDirName(name)).toBeNull();
  });

  it('property: name and parse round-trip', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 10_000 }), (date, revision) => {
        expect(parsePackageDirName(packageDirName(date, revision))).toEqual({ date, revision });
      }),
    );
  });

  it('property: every name that parses is the canonical one', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}-\d{2}-\d{2}(\.r\d{1,3})?$/), (name) => {
        const parsed = parsePackageDirName(name);
        if (parsed !== null) expect(packageDirName(parsed.date, parsed.revision)).toBe(name);
      }),
    );
  });
});

describe('nextRevision', () => {
  it('1 when nothing is published, else one past the highest', () => {
    expect(nextRevision([])).toBe(1);
    expect(nextRevision([1])).toBe(2);
    expect(nextRevision([3, 1, 2])).toBe(4);
    // A gap (a deleted .r2) is not reused: the name once meant other content.
    expect(nextRevision([1, 3])).toBe(4);
  });

  it('refuses a revision that cannot be on disk', () => {
    expect(() => nextRevision([1, 0])).toThrow(RangeError);
    expect(() => nextRevision([1.5])).toThrow(RangeError);
  });
});

describe('day arithmetic', () => {
  it('adds across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-05', 0)).toBe('2026-01-05');
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-05', -365)).toBe('2025-01-05');
  });

  it('refuses fractional days, invalid dates and years past 9999', () => {
    expect(() => addDays('2026-01-05', 0.5)).toThrow(/days must be an integer/);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(/outside years 0000-9999/);
    expect(() => addDays('0000-01-01', -1)).toThrow(/outside years 0000-9999/);
  });

  it('dayDiff counts whole days, signed', () => {
    expect(dayDiff('2026-01-05', '2026-01-05')).toBe(0);
    expect(dayDiff('2026-01-05', '2026-01-06')).toBe(1);
    expect(dayDiff('2026-01-06', '2026-01-05')).toBe(-1);
    expect(dayDiff('2024-01-01', '2025-01-01')).toBe(366);
    expect(() => dayDiff('2026-01-05', 'tomorrow')).toThrow(/to: date must be YYYY-MM-DD/);
  });

  it('datesBetween includes both ends', () => {
    expect(datesBetween('2026-01-05', '2026-01-05')).toEqual(['2026-01-05']);
    expect(datesBetween('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('datesBetween refuses a reversed or oversized range', () => {
    expect(() => datesBetween('2026-01-06', '2026-01-05')).toThrow(/from must not be after to/);
    // 3 dates allowed with maxDays 3; 4 are not.
    expect(datesBetween('2026-01-01', '2026-01-03', 3)).toHaveLength(3);
    expect(() => datesBetween('2026-01-01', '2026-01-04', 3)).toThrow(/spans 4 days, more than maxDays 3/);
    // The default cap is 3660 dates: 2026-01-01 + 3659 days is fine, one more is not.
    expect(datesBetween('2026-01-01', addDays('2026-01-01', 3659))).toHaveLength(3660);
    expect(() => datesBetween('2026-01-01', addDays('2026-01-01', 3660))).toThrow(RangeError);
    expect(() => datesBetween('2026-01-01', '2026-01-02', 0)).toThrow(/maxDays must be an integer >= 1/);
  });

  it('property: addDays and dayDiff are inverse', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (date, days) => {
        const day = (parseExportDate(date) as { startMs: number }).startMs / DAY_MS;
        fc.pre(day + days >= FIRST_DAY && day + days <= LAST_DAY);
        const later = addDays(date, days);
        expect(parseExportDate(later).ok).toBe(true);
        expect(dayDiff(date, later)).toBe(days);
        expect(addDays(later, -days)).toBe(date);
      }),
    );
  });

  it('property: datesBetween has dayDiff + 1 consecutive dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_DAY, max: LAST_DAY - 400 }),
        fc.integer({ min: 0, max: 400 }),
        (start, span) => {
          const from = new Date(start * DAY_MS).toISOString().slice(0, 10);
          const to = addDays(from, span);
          const dates = datesBetween(from, to);
          expect(dates).toHaveLength(dayDiff(from, to) + 1);
          expect(dates[0]).toBe(from);
          expect(dates.at(-1)).toBe(to);
          dates.slice(1).forEach((date, i) => expect(dayDiff(dates[i] as string, date)).toBe(1));
        },
      ),
    );
  });
});

describe('parseUtcTimeOfDay', () => {
  it('reads HH:MM as minutes after UTC midnight', () => {
    expect(parseUtcTimeOfDay('00:00')).toEqual({ ok: true, hour: 0, minute: 0, minutes: 0 });
    expect(parseUtcTimeOfDay('02:30')).toEqual({ ok: true, hour: 2, minute: 30, minutes: 150 });
    expect(parseUtcTimeOfDay('23:59')).toEqual({ ok: true, hour: 23, minute: 59, minutes: 1439 });
  });

  it.each(['24:00', '2:30', '02:3', '02:60', '0230', '02:30:00', '02:30Z', ' 02:30', '', 'noon'])(
    'refuses %j',
    (raw) => {
      expect(parseUtcTimeOfDay(raw)).toEqual({
        ok: false,
        message: `time must be HH:MM (24h UTC, 00:00 to 23:59), got ${JSON.stringify(raw)}`,
      });
    },
  );

  it('property: every minute of the day round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), (minutes) => {
        const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        expect(parseUtcTimeOfDay(text)).toMatchObject({ ok: true, minutes });
      }),
    );
  });
});
