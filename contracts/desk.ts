import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BreakerReadings } from '../domain/desk/breakers.js';
import type { DeskState } from '../domain/desk/desk-state.js';

/** The desk workflow's type name, as workers register it and clients start it. */
export const DESK_WORKFLOW = 'deskControl';

/** Workflow id of an account's desk. */
export function deskWorkflowId(account: string): string {
  return `desk-${account}`;
}

/** What a halt's mass cancel did. */
export interface CancelOpenReport {
  /** Orders of the ledger asked to cancel through their workflows, with the status they reached. */
  viaWorkflows: { clientOrderId: string; status: string }[];
  /** Orders still open at the venue afterwards (orphans or stragglers), cancelled there directly. */
  atVenue: {
    clientOrderId: string;
    symbol: string;
    result: 'canceled' | 'not_open' | 'failed';
    error?: string;
  }[];
  /** Open at the venue after everything: should be empty. */
  stillOpen: { clientOrderId: string; symbol: string }[];
}

/** What `status` answers: the desk's state and what its last breaker check read. */
export interface DeskStatus {
  /** null only while the workflow loads the persisted desk. */
  state: DeskState | null;
  lastReadings: BreakerReadings | null;
  lastCheckAt: number | null;
  /** Why the last breaker check failed (the database or the venue unreachable); null once one succeeds. */
  lastCheckError?: string | null;
}

/** The answer to an acknowledged request: the state once persisted, and what a halt cancelled. */
export interface DeskRequestResult {
  state: DeskState;
  cancelled: CancelOpenReport | null;
}

/** Payload of the signals an operator sends from the Temporal UI or `temporal workflow signal`. */
export interface DeskSignalInput {
  reason?: string;
  actor?: string;
  force?: boolean;
  cancelOpen?: boolean;
}

export const deskStatusQuery = defineQuery<DeskStatus>('status');
export const haltSignal = defineSignal<[DeskSignalInput?]>('halt');
export const closeOnlySignal = defineSignal<[DeskSignalInput?]>('closeOnly');
export const resumeSignal = defineSignal<[DeskSignalInput?]>('resume');
/** Acknowledged versions for the CLI: answer once the new mode is persisted (and open orders cancelled). */
export const haltUpdate = defineUpdate<DeskRequestResult, [DeskSignalInput]>('requestHalt');
export const closeOnlyUpdate = defineUpdate<DeskRequestResult, [DeskSignalInput]>('requestCloseOnly');
export const resumeUpdate = defineUpdate<DeskRequestResult, [DeskSignalInput]>('requestResume');
/** The hook reconciliation uses: trip (critical drift) or clear its breaker. */
export const reconciliationBreakerSignal =
  defineSignal<[{ tripped: boolean; reason: string }]>('reconciliationBreaker');

export interface DeskControlInput {
  account: string;
  /** Set only by continue-as-new: the state as it stood (settings are re-read from the config). */
  carried?: { state: DeskState };
  /** Continue as new past this many history events (default 2000; tests use a small one). */
  historyLimit?: number;
}

export type DeskControlWorkflow = (input: DeskControlInput) => Promise<void>;
