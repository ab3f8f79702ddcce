import type { Drift, DriftSeverity } from '../domain/reconcile/types.js';

/** The reconciliation workflow's type name, as workers register it and clients and Schedules start it. */
export const RECONCILE_WORKFLOW = 'reconcile';

export type ReconcileTrigger = 'startup' | 'schedule' | 'manual';

/** A drift as stored, numbered within its run. */
export interface NumberedDrift extends Drift {
  seq: number;
}

export interface ReconcileWorkflowInput {
  account: string;
  trigger: ReconcileTrigger;
  /** Where adopted orders' workflows run and where the desk runs (tests use private queues). */
  ordersTaskQueue?: string;
  deskTaskQueue?: string;
}

export interface ReconcileAction {
  seq: number;
  kind: string;
  action: string;
  outcome: string;
}

export interface ReconcileReport {
  runId: string;
  account: string;
  status: 'CLEAN' | 'DRIFT';
  worst: DriftSeverity | null;
  drifts: NumberedDrift[];
  actions: ReconcileAction[];
  deskHalted: boolean;
  baselineTaken: boolean;
}

export type ReconcileWorkflow = (input: ReconcileWorkflowInput) => Promise<ReconcileReport>;
