import type { LatencySummary } from '../domain/latency-summary.js';

/** The stack check's type name, as workers register it and clients start it. */
export const SYSTEM_CHECK_WORKFLOW = 'systemCheck';

export interface CompletedSystemCheck {
  checkId: string;
  schemaVersion: string | null;
  latency: LatencySummary;
  completedAt: string;
}

export interface SystemCheckInput {
  /** Database round trips to measure. */
  samples: number;
  /** Pause between samples, so a check can observe the database over a period. */
  intervalMs: number;
  /** Who asked (CLI user, demo, test), for the record. */
  requestedBy: string;
}

export interface SystemCheckResult extends CompletedSystemCheck {
  workflowId: string;
  taskQueue: string;
}

export type SystemCheckWorkflow = (input: SystemCheckInput) => Promise<SystemCheckResult>;
