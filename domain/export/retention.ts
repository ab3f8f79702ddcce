// Which published export packages may be deleted. Deleting is the one step that cannot be undone,
// so everything here leans towards keeping: only old packages that were fully written and re-read
// cleanly go, and every package is accounted for with a reason, so a dry run explains itself.
import { dayDiff, parseExportDate } from './package-layout.js';

export interface PublishedPackage {
  account: string;
  date: string;
  revision: number;
  path: string;
  /** Every file of the package was written (its manifest is present). */
  complete: boolean;
  /** The package was re-read and every file matched its manifest. */
  verified: boolean;
}

export type KeepReason = 'newest' | 'within_retention' | 'not_complete' | 'not_verified';

export interface RetentionPlan {
  remove: PublishedPackage[];
  keep: { pkg: PublishedPackage; reason: KeepReason }[];
}

function comparePackages(a: PublishedPackage, b: PublishedPackage): number {
  // Code-unit order, not localeCompare: the plan must not depend on the machine's locale.
  if (a.account !== b.account) return a.account < b.account ? -1 : 1;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.revision - b.revision;
}

function validate(pkg: PublishedPackage): void {
  const parsed = parseExportDate(pkg.date);
  if (!parsed.ok) throw new RangeError(`package ${pkg.path}: ${parsed.message}`);
  if (!(Number.isSafeInteger(pkg.revision) && pkg.revision >= 1))
    throw new RangeError(`package ${pkg.path}: revision must be an integer >= 1, got ${pkg.revision}`);
}

/**
 * Per account, the newest package (latest date, then highest revision) is always kept. A package's
 * age is dayDiff(pkg.date, newestDateOfItsAccount) — measured against the account's newest package,
 * not the wall clock, so backfilled or replayed history is not deleted the moment it is published,
 * and an account that stopped publishing keeps its last retentionDays of history.
 * Removed: age > retentionDays AND complete AND verified AND not newest. Two packages with the same
 * account, date and revision are refused: they would be one directory, so the listing is wrong.
 */
export function planRetention(packages: readonly PublishedPackage[], retentionDays: number): RetentionPlan {
  if (!(Number.isSafeInteger(retentionDays) && retentionDays >= 1))
    throw new RangeError(`retentionDays must be an integer >= 1, got ${retentionDays}`);
  packages.forEach(validate);
  const sorted = [...packages].sort(comparePackages);
  const newestOf = new Map<string, PublishedPackage>();
  for (let i = 0; i < sorted.length; i++) {
    const pkg = sorted[i] as PublishedPackage;
    const previous = sorted[i - 1];
    if (previous !== undefined && comparePackages(previous, pkg) === 0)
      throw new RangeError(
        `packages ${previous.path} and ${pkg.path} are both ${pkg.account} ${pkg.date} revision ${pkg.revision}; list each package once`,
      );
    // Sorted ascending, so the last one seen per account is its newest.
    newestOf.set(pkg.account, pkg);
  }
  const plan: RetentionPlan = { remove: [], keep: [] };
  for (const pkg of sorted) {
    const newest = newestOf.get(pkg.account) as PublishedPackage;
    if (pkg === newest) plan.keep.push({ pkg, reason: 'newest' });
    else if (dayDiff(pkg.date, newest.date) <= retentionDays)
      plan.keep.push({ pkg, reason: 'within_retention' });
    else if (!pkg.complete) plan.keep.push({ pkg, reason: 'not_complete' });
    else if (!pkg.verified) plan.keep.push({ pkg, reason: 'not_verified' });
    else plan.remove.push(pkg);
  }
  return plan;
}
