import type { DeliveryAlert } from '../domain/export/delivery-health.js';

/** The domain's delivery alerts, and one more this check raises itself: a published package that no longer verifies. */
export type HealthAlert = Omit<DeliveryAlert, 'kind'> & { kind: DeliveryAlert['kind'] | 'export.corrupt' };

/** Workflow type names of the exports, as workers register them and clients and Schedules start them. */
export const DAILY_EXPORT_WORKFLOW = 'dailyExport';
export const SCHEDULED_EXPORT_WORKFLOW = 'scheduledExport';
export const EXPORT_HEALTH_WORKFLOW = 'exportHealth';

export interface DailyExportInput {
  account: string;
  /** The UTC day to export, YYYY-MM-DD. */
  date: string;
}

export interface DailyExportResult {
  account: string;
  date: string;
  /** The published package directory. */
  path: string;
  packageId: string;
  manifestHash: string;
  revision: number;
  /** The same content was already published (a rerun): nothing new was written. */
  alreadyPublished: boolean;
  verified: true;
  /** Every file of the package (manifest.json aside) with its SHA-256 and data rows. */
  files: { name: string; sha256: string | null; rows: number | null }[];
  bytes: number;
  retentionRemoved: string[];
  notified: boolean;
  notifySkippedReason: string | null;
}

export interface ScheduledExportInput {
  account: string;
}

export interface ExportHealthInput {
  accounts: string[];
  /** Days checked: the `lookbackDays` days ending yesterday (UTC), unless `checkDates` names them. */
  lookbackDays: number;
  checkDates?: string[];
}

export interface DeliveryHealthReport {
  account: string;
  checkDates: string[];
  alerts: HealthAlert[];
  /** Published packages that no longer verify: quarantined by this check (also alerted). */
  corrupted: { path: string; quarantinedTo: string; problems: string[] }[];
}

export type DailyExportWorkflow = (input: DailyExportInput) => Promise<DailyExportResult>;
export type ScheduledExportWorkflow = (input: ScheduledExportInput) => Promise<DailyExportResult>;
export type ExportHealthWorkflow = (input: ExportHealthInput) => Promise<DeliveryHealthReport[]>;
