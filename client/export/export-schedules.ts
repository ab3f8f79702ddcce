import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { KeelConfig } from '../../config/schema.js';
import { parseExportDate, parseUtcTimeOfDay, addDays } from '../../domain/export/package-layout.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { KeelAccount, KeelKind, KeelStatus } from '../../contracts/search-attributes.js';
import {
  EXPORT_HEALTH_WORKFLOW,
  SCHEDULED_EXPORT_WORKFLOW,
  type ExportHealthInput,
  type ScheduledExportInput,
} from '../../contracts/export.js';

export const exportScheduleId = (account: string) => `export-${account}`;
export const EXPORT_HEALTH_SCHEDULE_ID = 'export-health';

export interface ExportScheduleOptions {
  account: string;
  /** Daily at this UTC time (HH:MM) … */
  at: string;
  /** … or, instead, every this many seconds (tests and drills; each fire still exports the day before). */
  everySeconds?: number;
  taskQueue?: string;
}

export interface ScheduleSummary {
  scheduleId: string;
  /** The accounts the Schedule covers. */
  accounts?: string[];
  created: boolean;
  spec: string;
  overlap: string;
  catchupWindow: string;
}

/**
 * Creates the account's daily export Schedule, or updates its time when it exists. Times are UTC.
 * A fire missed while the server was down still runs within the catch-up window; overlapping fires
 * are buffered (BUFFER_ALL), so no day is ever skipped, and run one after another.
 */
export async function ensureExportSchedule(
  client: Client,
  config: KeelConfig,
  options: ExportScheduleOptions,
): Promise<ScheduleSummary> {
  const time = parseUtcTimeOfDay(options.at);
  if (!time.ok) throw new RangeError(`--at: ${time.message}`);
  const scheduleId = exportScheduleId(options.account);
  const spec = options.everySeconds
    ? { intervals: [{ every: `${options.everySeconds}s` as const }] }
    : { calendars: [{ hour: time.hour, minute: time.minute, comment: `daily at ${options.at} UTC` }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: SCHEDULED_EXPORT_WORKFLOW,
    taskQueue: options.taskQueue ?? TASK_QUEUES.export,
    args: [{ account: options.account } satisfies ScheduledExportInput],
    workflowId: `export-${options.account}-schedule`,
    typedSearchAttributes: [
      { key: KeelKind, value: 'export' },
      { key: KeelAccount, value: options.account },
      { key: KeelStatus, value: 'RUNNING' },
    ],
  };
  const catchupWindow = `${config.export.catchupWindowHours} hours`;
  const policies = { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow };
  let created = true;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { ...spec, timezone: 'UTC' },
      action,
      policies,
      memo: { summary: `daily export of ${options.account}` },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    created = false;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec: { ...spec, timezone: 'UTC' },
      action,
      policies: { ...previous.policies, ...policies },
    }));
  }
  return {
    scheduleId,
    created,
    spec: options.everySeconds ? `every ${options.everySeconds}s` : `daily at ${options.at} UTC`,
    overlap: 'BUFFER_ALL',
    catchupWindow,
  };
}

/**
 * Creates or updates the delivery-health Schedule: every `export.health.intervalMinutes`, all the
 * given accounts, the last `lookbackDays` days.
 */
export async function ensureExportHealthSchedule(
  client: Client,
  config: KeelConfig,
  accounts: string[],
  options: { taskQueue?: string } = {},
): Promise<ScheduleSummary> {
  const every = `${config.export.health.intervalMinutes}m` as const;
  const actionFor = (checked: string[]) => ({
    type: 'startWorkflow' as const,
    workflowType: EXPORT_HEALTH_WORKFLOW,
    taskQueue: options.taskQueue ?? TASK_QUEUES.export,
    args: [
      { accounts: checked, lookbackDays: config.export.health.lookbackDays } satisfies ExportHealthInput,
    ],
    workflowId: 'export-health-schedule',
    typedSearchAttributes: [
      { key: KeelKind, value: 'export-health' },
      { key: KeelStatus, value: 'RUNNING' },
    ],
  });
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' };
  let created = true;
  let checked = [...new Set(accounts)].sort();
  try {
    await client.schedule.create({
      scheduleId: EXPORT_HEALTH_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: actionFor(checked),
      policies,
      memo: { summary: 'delivery health of the daily export packages' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    created = false;
    await client.schedule.getHandle(EXPORT_HEALTH_SCHEDULE_ID).update((previous) => {
      // One health Schedule watches every scheduled account: an account added later joins the others.
      const before = (previous.action as { args?: unknown[] }).args?.[0] as
        Partial<ExportHealthInput> | undefined;
      checked = [...new Set([...(before?.accounts ?? []), ...accounts])].sort();
      return { ...previous, spec: { intervals: [{ every }] }, action: actionFor(checked) };
    });
  }
  return {
    scheduleId: EXPORT_HEALTH_SCHEDULE_ID,
    accounts: checked,
    created,
    spec: `every ${every}`,
    overlap: 'SKIP',
    catchupWindow: '1 hour',
  };
}

/**
 * Fills missed days through the Schedule's own backfill: the fire times that export `from` … `to`
 * (each day's fire is the next day at the Schedule's time) are replayed, one after another.
 */
export async function backfillExports(
  client: Client,
  options: { account: string; from: string; to: string; at: string },
): Promise<{ scheduleId: string; days: number }> {
  const from = parseExportDate(options.from);
  if (!from.ok) throw new RangeError(`--from: ${from.message}`);
  const to = parseExportDate(options.to);
  if (!to.ok) throw new RangeError(`--to: ${to.message}`);
  if (from.startMs > to.startMs) throw new RangeError(`--from ${options.from} is after --to ${options.to}`);
  const time = parseUtcTimeOfDay(options.at);
  if (!time.ok) throw new RangeError(`export.at: ${time.message}`);
  const fireOf = (date: string) => parseExportDate(addDays(date, 1)) as { startMs: number };
  const offset = time.minutes * 60_000;
  const scheduleId = exportScheduleId(options.account);
  await client.schedule.getHandle(scheduleId).backfill({
    start: new Date(fireOf(options.from).startMs + offset - 1_000),
    end: new Date(fireOf(options.to).startMs + offset + 1_000),
    overlap: ScheduleOverlapPolicy.BUFFER_ALL,
  });
  return { scheduleId, days: Math.round((to.startMs - from.startMs) / 86_400_000) + 1 };
}
