import path from 'node:path';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import {
  evaluateDeliveryHealth,
  type DayDelivery,
  type DeliveryPolicy,
} from '../../domain/export/delivery-health.js';
import { addDays, parseUtcTimeOfDay } from '../../domain/export/package-layout.js';
import { packageRecords, type PackageRecord } from '../../store/export/export-store.js';
import { verifyOrQuarantine } from './quarantine.js';
import type { DeliveryHealthReport, HealthAlert } from '../../contracts/export.js';

export function deliveryPolicy(config: KeelConfig): DeliveryPolicy {
  const at = parseUtcTimeOfDay(config.export.at);
  if (!at.ok) throw new RangeError(`export.at: ${at.message}`);
  const { lateAfterMinutes, baselineDays, spikeFactor, minSpikeRate, minDecisions } = config.export.health;
  return {
    publishAtMinutes: at.minutes,
    lateAfterMinutes,
    baselineDays,
    spikeFactor,
    minSpikeRate,
    minDecisions,
  };
}

const live = (record: PackageRecord) => record.status === 'published' || record.status === 'verified';

/**
 * The scheduled delivery check of one account: every checked day must have a package by its
 * deadline, no package's schema-failure rate may spike against the rolling baseline, and every
 * live package of a checked day must still verify (a file changed after publication is quarantined
 * and alerted, and its day then counts as missing until it is exported again).
 */
export async function checkDeliveryHealth(
  pool: Pool,
  config: KeelConfig,
  input: { account: string; checkDates: string[]; now: number; heartbeat?: (step: string) => void },
): Promise<DeliveryHealthReport> {
  const policy = deliveryPolicy(config);
  const dates = [...input.checkDates].sort();
  const corrupted: DeliveryHealthReport['corrupted'] = [];
  const alerts: HealthAlert[] = [];
  if (dates.length === 0) return { account: input.account, checkDates: [], alerts, corrupted };
  const from = addDays(dates[0]!, -policy.baselineDays);
  const to = dates.at(-1)!;

  for (const record of await packageRecords(pool, { account: input.account, from: dates[0]!, to })) {
    if (!live(record)) continue;
    const verification = await verifyOrQuarantine(pool, config.export.publishRoot, {
      account: input.account,
      packageDir: record.path,
    });
    input.heartbeat?.(record.path);
    if (verification.quarantinedTo === null) continue;
    const { quarantinedTo } = verification;
    corrupted.push({ path: record.path, quarantinedTo, problems: verification.problems });
    alerts.push({
      kind: 'export.corrupt',
      account: input.account,
      date: record.date,
      severity: 'critical',
      summary: `${input.account} ${record.date}: published package ${path.basename(record.path)} no longer verifies (${verification.problems[0]}); quarantined to ${quarantinedTo}`,
      deadline: new Date(input.now).toISOString(),
      details: { problems: verification.problems.slice(0, 10), quarantinedTo },
    });
  }

  const records = (await packageRecords(pool, { account: input.account, from, to })).filter(live);
  const deliveries: DayDelivery[] = [];
  for (const date of new Set(records.map((record) => record.date))) {
    const ofDate = records.filter((record) => record.date === date);
    const latest = ofDate.reduce((a, b) => (b.revision > a.revision ? b : a));
    deliveries.push({
      date,
      publishedAt: Math.min(...ofDate.map((record) => Date.parse(record.publishedAt))),
      decisions: latest.decisions,
      nonWarmupFailures: latest.nonWarmupFailures,
      topNonWarmupFields: latest.topNonWarmupFields,
    });
  }
  alerts.push(
    ...evaluateDeliveryHealth({
      account: input.account,
      checkDates: dates,
      deliveries,
      now: input.now,
      policy,
    }),
  );
  return { account: input.account, checkDates: dates, alerts, corrupted };
}
