// Export retention: age is measured against each account's newest package, the newest is always
// kept, incomplete or unverified packages are never deleted, and every package is accounted for
// exactly once with the first applicable reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayDiff, packageDirName } from '../../domain/export/package-layout.js';
import { planRetention, type PublishedPackage } from '../../domain/export/retention.js';

function pkg(
  account: string,
  date: string,
  revision = 1,
  flags: Partial<PublishedPackage> = {},
): PublishedPackage {
  return {
    account,
    date,
    revision,
    path: `/exports/${account}/${packageDirName(date, revision)}`,
    complete: true,
    verified: true,
    ...flags,
  };
}

const summary = (plan: ReturnType<typeof planRetention>) => ({
  remove: plan.remove.map((p) => p.path),
  keep: plan.keep.map(({ pkg: p, reason }) => `${p.path} ${reason}`),
});

describe('planRetention', () => {
  it('removes only packages older than retentionDays before the newest', () => {
    const plan = planRetention(
      [
        pkg('acct', '2026-01-10'),
        pkg('acct', '2026-01-03'), // 7 days before the newest: kept with retention 7.
        pkg('acct', '2026-01-02'), // 8 days: removed.
        pkg('acct', '2026-01-01'),
      ],
      7,
    );
    expect(summary(plan)).toEqual({
      remove: ['/exports/acct/2026-01-01', '/exports/acct/2026-01-02'],
      keep: ['/exports/acct/2026-01-03 within_retention', '/exports/acct/2026-01-10 newest'],
    });
  });

  it('the newest is the highest revision of the latest date', () => {
    const plan = planRetention(
      [pkg('acct', '2026-01-10', 2), pkg('acct', '2026-01-10', 3), pkg('acct', '2026-01-10')],
      1,
    );
    expect(summary(plan).keep).toEqual([
      '/exports/acct/2026-01-10 within_retention',
      '/exports/acct/2026-01-10.r2 within_retention',
      '/exports/acct/2026-01-10.r3 newest',
    ]);
    expect(plan.remove).toEqual([]);
  });

  it('the newest is kept even when it is incomplete, and age is still measured from it', () => {
    const plan = planRetention(
      [pkg('acct', '2026-03-01', 1, { complete: false }), pkg('acct', '2026-01-01')],
      30,
    );
    expect(summary(plan)).toEqual({
      remove: ['/exports/acct/2026-01-01'],
      keep: ['/exports/acct/2026-03-01 newest'],
    });
  });

  it('old but incomplete or unverified packages are kept, incomplete named first', () => {
    const plan = planRetention(
      [
        pkg('acct', '2026-02-01'),
        pkg('acct', '2026-01-01', 1, { complete: false, verified: false }),
        pkg('acct', '2026-01-02', 1, { verified: false }),
        pkg('acct', '2026-01-03', 1, { complete: false }),
      ],
      5,
    );
    expect(summary(plan)).toEqual({
      remove: [],
      keep: [
        '/exports/acct/2026-01-01 not_complete',
        '/exports/acct/2026-01-02 not_verified',
        '/exports/acct/2026-01-03 not_complete',
        '/exports/acct/2026-02-01 newest',
      ],
    });
  });

  it('within_retention outranks not_complete', () => {
    const plan = planRetention(
      [pkg('acct', '2026-01-02'), pkg('acct', '2026-01-01', 1, { complete: false })],
      1,
    );
    expect(summary(plan).keep).toContain('/exports/acct/2026-01-01 within_retention');
  });

  it('each account is measured against its own newest package, not the wall clock', () => {
    // `old` stopped publishing in 2025; its last week survives although `live` is months ahead.
    const plan = planRetention(
      [
        pkg('live', '2026-06-01'),
        pkg('live', '2026-05-01'),
        pkg('old', '2025-06-01'),
        pkg('old', '2025-05-28'),
        pkg('old', '2025-05-01'),
      ],
      7,
    );
    expect(summary(plan)).toEqual({
      remove: ['/exports/live/2026-05-01', '/exports/old/2025-05-01'],
      keep: [
        '/exports/live/2026-06-01 newest',
        '/exports/old/2025-05-28 within_retention',
        '/exports/old/2025-06-01 newest',
      ],
    });
  });

  it('output is ordered by account, date, revision whatever the input order', () => {
    const plan = planRetention(
      [pkg('b', '2026-01-01'), pkg('a', '2026-01-02', 2), pkg('a', '2026-01-02')],
      3,
    );
    expect(plan.keep.map(({ pkg: p }) => p.path)).toEqual([
      '/exports/a/2026-01-02',
      '/exports/a/2026-01-02.r2',
      '/exports/b/2026-01-01',
    ]);
  });

  it('an empty listing plans nothing', () => {
    expect(planRetention([], 30)).toEqual({ remove: [], keep: [] });
  });

  it.each([0, -1, 1.5, NaN, Infinity])('refuses retentionDays %s', (days) => {
    expect(() => planRetention([], days)).toThrow(/retentionDays must be an integer >= 1/);
  });

  it('refuses invalid packages and duplicates', () => {
    expect(() => planRetention([{ ...pkg('a', '2026-01-01'), date: '2026-02-30' }], 1)).toThrow(RangeError);
    expect(() => planRetention([{ ...pkg('a', '2026-01-01'), revision: 0 }], 1)).toThrow(/revision/);
    expect(() =>
      planRetention([pkg('a', '2026-01-01'), { ...pkg('a', '2026-01-01'), path: '/elsewhere' }], 1),
    ).toThrow(/list each package once/);
  });

  it('property: partitions the input, keeps the newest and anything not yet safe to delete', () => {
    const packageArb = fc.record({
      account: fc.constantFrom('a', 'b', 'c'),
      // A narrow window, so ages land on the retention boundary often.
      offset: fc.integer({ min: 0, max: 20 }),
      revision: fc.integer({ min: 1, max: 3 }),
      complete: fc.boolean(),
      verified: fc.boolean(),
    });
    const listingArb = fc
      .uniqueArray(packageArb, { selector: (p) => `${p.account} ${p.offset} ${p.revision}`, maxLength: 40 })
      .map((specs) =>
        specs.map((s) =>
          pkg(s.account, addDays('2026-01-01', s.offset), s.revision, {
            complete: s.complete,
            verified: s.verified,
          }),
        ),
      );
    fc.assert(
      fc.property(listingArb, fc.integer({ min: 1, max: 12 }), (packages, retentionDays) => {
        const plan = planRetention(packages, retentionDays);
        const out = [...plan.remove, ...plan.keep.map(({ pkg: p }) => p)];
        expect(out).toHaveLength(packages.length);
        expect(new Set(out)).toEqual(new Set(packages));

        const newest = new Map<string, PublishedPackage>();
        for (const p of packages) {
          const best = newest.get(p.account);
          if (
            best === undefined ||
            p.date > best.date ||
            (p.date === best.date && p.revision > best.revision)
          )
            newest.set(p.account, p);
        }
        const removed = new Set(plan.remove);
        for (const p of packages) {
          const top = newest.get(p.account) as PublishedPackage;
          const shouldGo = p !== top && dayDiff(p.date, top.date) > retentionDays && p.complete && p.verified;
          expect(removed.has(p)).toBe(shouldGo);
        }
        for (const p of newest.values()) expect(plan.keep).toContainEqual({ pkg: p, reason: 'newest' });
        for (const p of plan.remove) expect(p.complete && p.verified).toBe(true);

        const key = (p: PublishedPackage) => `${p.account} ${p.date} ${String(p.revision).padStart(3, '0')}`;
        for (const list of [plan.remove, plan.keep.map(({ pkg: p }) => p)]) {
          const keys = list.map(key);
          expect(keys).toEqual([...keys].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
