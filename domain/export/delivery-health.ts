// Is each day's export package arriving, on time, and with data a consumer can use? Consumers
// schedule their loads against a promised time, so a package that is missing or late is an outage
// for them even when our workflow eventually succeeds; a jump in schema failures is the early sign
// that a venue changed a field under us and the package is silently thinning out.
import { DAY_MS, parseExportDate } from './package-layout.js';

const MINUTE_MS = 60_000;
const TOP_FIELDS_SHOWN = 3;

export interface DeliveryPolicy {
  /** Minutes after UTC midnight the day AFTER `date` when the export runs. */
  publishAtMinutes: number;
  /** Grace after that before the package counts as late or missing. */
  lateAfterMinutes: number;
  /** Rolling baseline: the previous N dates. */
  baselineDays: number;
  /** Spike when rate > baseline * spikeFactor ... */
  spikeFactor: number;
  /** ... and rate >= this (a share, e.g. 0.05). */
  minSpikeRate: number;
  /** Days with fewer decisions are never called a spike: 2 failures out of 3 is noise, not a trend. */
  minDecisions: number;
}

export interface DayDelivery {
  date: string;
  /** ms of the first publication of the date, null when none. */
  publishedAt: number | null;
  decisions: number;
  /** Decisions with schema_fail_class integration_defect or unknown (warm-up gaps are expected). */
  nonWarmupFailures: number;
  topNonWarmupFields: { field: string; count: number }[];
}

export type DeliveryAlertKind = 'export.missing' | 'export.late' | 'export.schema_spike';

export interface DeliveryAlert {
  kind: DeliveryAlertKind;
  account: string;
  date: string;
  severity: 'warn' | 'critical';
  summary: string;
  /** ISO instant the package was due. */
  deadline: string;
  details: Record<string, unknown>;
}

export interface DeliveryHealthInput {
  account: string;
  checkDates: readonly string[];
  /** May include dates outside checkDates: the baseline days. */
  deliveries: readonly DayDelivery[];
  now: number;
  policy: DeliveryPolicy;
}

function validatePolicy(policy: DeliveryPolicy): void {
  for (const key of [
    'publishAtMinutes',
    'lateAfterMinutes',
    'baselineDays',
    'spikeFactor',
    'minSpikeRate',
    'minDecisions',
  ] as const) {
    const value = policy[key];
    if (!(Number.isFinite(value) && value >= 0))
      throw new RangeError(`policy.${key} must be a finite number >= 0, got ${value}`);
  }
  if (!Number.isSafeInteger(policy.baselineDays))
    throw new RangeError(`policy.baselineDays must be an integer, got ${policy.baselineDays}`);
}

function validateDelivery(day: DayDelivery): void {
  const parsed = parseExportDate(day.date);
  if (!parsed.ok) throw new RangeError(`deliveries: ${parsed.message}`);
  if (day.publishedAt !== null && !Number.isFinite(day.publishedAt))
    throw new RangeError(
      `delivery ${day.date}: publishedAt must be finite ms or null, got ${day.publishedAt}`,
    );
  if (!(Number.isSafeInteger(day.decisions) && day.decisions >= 0))
    throw new RangeError(`delivery ${day.date}: decisions must be an integer >= 0, got ${day.decisions}`);
  if (!(Number.isSafeInteger(day.nonWarmupFailures) && day.nonWarmupFailures >= 0))
    throw new RangeError(
      `delivery ${day.date}: nonWarmupFailures must be an integer >= 0, got ${day.nonWarmupFailures}`,
    );
  if (day.nonWarmupFailures > day.decisions)
    throw new RangeError(
      `delivery ${day.date}: nonWarmupFailures ${day.nonWarmupFailures} exceeds decisions ${day.decisions}; count failures among the decisions`,
    );
}

function startMsOf(date: string): number {
  const parsed = parseExportDate(date);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.startMs;
}

/** ms: start of date+1 + publishAtMinutes + lateAfterMinutes. Published exactly at it is on time. */
export function deliveryDeadline(date: string, policy: DeliveryPolicy): number {
  validatePolicy(policy);
  return startMsOf(date) + DAY_MS + (policy.publishAtMinutes + policy.lateAfterMinutes) * MINUTE_MS;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

function topFields(day: DayDelivery): { field: string; count: number }[] {
  return [...day.topNonWarmupFields]
    .sort((a, b) => b.count - a.count || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .slice(0, TOP_FIELDS_SHOWN);
}

function spikeAlert(
  account: string,
  day: DayDelivery,
  byDate: ReadonlyMap<string, DayDelivery>,
  policy: DeliveryPolicy,
  deadline: string,
): DeliveryAlert | null {
  if (day.decisions === 0 || day.decisions < policy.minDecisions) return null;
  const rate = day.nonWarmupFailures / day.decisions;
  if (rate < policy.minSpikeRate) return null;
  // Compared as ms rather than by stepping addDays back: baselineDays is bounded only by the policy.
  const dayStart = startMsOf(day.date);
  const from = dayStart - policy.baselineDays * DAY_MS;
  const baselineDeliveries = [...byDate.values()]
    .filter((earlier) => {
      const start = startMsOf(earlier.date);
      return start >= from && start < dayStart && earlier.decisions > 0;
    })
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const baselineDates = baselineDeliveries.map((earlier) => earlier.date);
  // Summed in date order so the same history gives the same baseline whatever the input order.
  let rateSum = 0;
  for (const earlier of baselineDeliveries) rateSum += earlier.nonWarmupFailures / earlier.decisions;
  // Without history there is nothing to call the rate a spike against; minSpikeRate alone would
  // fire on every new account's first days.
  if (baselineDates.length === 0) return null;
  const baseline = rateSum / baselineDates.length;
  if (!(rate > baseline * policy.spikeFactor)) return null;
  const fields = topFields(day);
  const ratio = baseline > 0 ? ` (×${(rate / baseline).toFixed(1)})` : '';
  const named =
    fields.length > 0 ? `: top fields ${fields.map((f) => `${f.field} (${f.count})`).join(', ')}` : '';
  return {
    kind: 'export.schema_spike',
    account,
    date: day.date,
    severity: 'warn',
    summary: `${account} ${day.date}: schema failures ${percent(rate)} vs baseline ${percent(baseline)}${ratio}${named}`,
    deadline,
    details: {
      decisions: day.decisions,
      nonWarmupFailures: day.nonWarmupFailures,
      rate,
      baseline,
      baselineDays: baselineDates.length,
      baselineDates,
      topFields: fields,
    },
  };
}

/**
 * For each checked date (ascending, each once): missing (critical) when nothing was published and
 * now is past the deadline; late (warn) when the first publication came after it; schema_spike
 * (warn) when enough decisions failed at a rate both above minSpikeRate and above baseline ×
 * spikeFactor, the baseline being the mean daily rate of the previous baselineDays dates that had
 * decisions. A checked date absent from `deliveries` counts as unpublished with no decisions.
 */
export function evaluateDeliveryHealth(input: DeliveryHealthInput): DeliveryAlert[] {
  const { account, policy, now } = input;
  validatePolicy(policy);
  if (!Number.isFinite(now)) throw new RangeError(`now must be finite ms, got ${now}`);
  const byDate = new Map<string, DayDelivery>();
  for (const day of input.deliveries) {
    validateDelivery(day);
    if (byDate.has(day.date))
      throw new RangeError(`deliveries list ${day.date} twice; pass one entry per date`);
    byDate.set(day.date, day);
  }
  const checkDates = [...new Set(input.checkDates)].sort();
  const alerts: DeliveryAlert[] = [];
  for (const date of checkDates) {
    const due = deliveryDeadline(date, policy);
    const deadline = new Date(due).toISOString();
    const day = byDate.get(date) ?? {
      date,
      publishedAt: null,
      decisions: 0,
      nonWarmupFailures: 0,
      topNonWarmupFields: [],
    };
    if (day.publishedAt === null && now > due)
      alerts.push({
        kind: 'export.missing',
        account,
        date,
        severity: 'critical',
        summary: `${account} ${date}: export package missing, due by ${deadline}`,
        deadline,
        details: { now: new Date(now).toISOString(), overdueMinutes: Math.floor((now - due) / MINUTE_MS) },
      });
    if (day.publishedAt !== null && day.publishedAt > due)
      alerts.push({
        kind: 'export.late',
        account,
        date,
        severity: 'warn',
        summary: `${account} ${date}: export package published late at ${new Date(day.publishedAt).toISOString()}, due by ${deadline}`,
        deadline,
        details: {
          publishedAt: new Date(day.publishedAt).toISOString(),
          lateByMinutes: Math.floor((day.publishedAt - due) / MINUTE_MS),
        },
      });
    const spike = spikeAlert(account, day, byDate, policy, deadline);
    if (spike !== null) alerts.push(spike);
  }
  return alerts;
}
