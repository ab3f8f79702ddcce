import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DatasetManifest } from '../../domain/market-data/dataset-manifest.js';
import type { TruthReport } from '../../domain/report/truth-report.js';
import type { BurnInPlan } from './burn-in-plan.js';

/** The burn-in workflow's type name, as workers register it and clients start it. */
export const BURN_IN_WORKFLOW = 'burnIn';

/** A running burn-in's pulse, as its workflow's query and the worker's /healthz show it. */
export interface BurnInHeartbeat {
  runId: string;
  cycle: number;
  errors: number;
  lastDecisionTime: number | null;
  marketTime: number | null;
  dataFeed: 'ok' | 'waiting' | 'failing';
  rssBytes: number;
  heapUsedBytes: number;
  at: string;
}

export interface BurnInFinish {
  status: 'PASS' | 'FAIL' | 'CANCELED' | 'ERROR';
  statusReason: string | null;
  reportDir: string;
  reportHash: string;
  gates: TruthReport['gates'];
  trades: number;
  netPnl: number;
}

export type BurnInRunStatus =
  'STARTING' | 'RECONCILING' | 'RUNNING' | 'PAUSED' | 'FINISHING' | 'PASS' | 'FAIL' | 'CANCELED' | 'ERROR';

export interface BurnInProgress {
  runId: string;
  status: BurnInRunStatus;
  statusReason: string | null;
  account: string | null;
  /** Share of the market-time window decided, 0..1. */
  progress: number;
  cycle: number;
  cursor: number | null;
  from: number | null;
  to: number | null;
  deskMode: string | null;
  /** `placedAgain`: orders the desk's halt denied, placed again after the resume (see halt-replacement). */
  orders: { started: number; filled: number; denied: number; other: number; placedAgain?: number };
  errors: number;
  heartbeat: BurnInHeartbeat | null;
  result: BurnInFinish | null;
}

/** What a burn-in's run hands to the next one at continue-as-new. */
export interface CarriedBurnIn {
  plan: BurnInPlan;
  dataset: DatasetManifest;
  cursor: number;
  cycle: number;
  progress: BurnInProgress;
}

export interface BurnInInput {
  runId: string;
  /** The run as planned where it was started: parsed once, read by every step. */
  plan: BurnInPlan;
  /** Where the run's order workflows and its start-up reconciliation run (tests use private queues). */
  ordersTaskQueue?: string;
  reconcileTaskQueue?: string;
  deskTaskQueue?: string;
  carried?: CarriedBurnIn;
}

export const burnInStatusQuery = defineQuery<BurnInProgress>('status');
export const stopBurnInSignal = defineSignal<[{ reason: string }]>('stop');

export type BurnInWorkflow = (input: BurnInInput) => Promise<BurnInFinish>;
