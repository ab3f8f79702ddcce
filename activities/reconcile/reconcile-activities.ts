import { Context } from '@temporalio/activity';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { diffVenueAgainstLedger } from '../../domain/reconcile/diff.js';
import type { Drift, DriftSeverity } from '../../domain/reconcile/types.js';
import { ensureDesk } from '../../client/desk/desk-workflow.js';
import { deliverAlert, type Alert, type AlertDelivery } from '../alerts/webhook.js';
import type { VenueRegistry } from '../../venues/venue-registry.js';
import { actOnDrift } from './reconcile-actions.js';
import { gatherReconcileInput } from './reconcile-snapshot.js';
import { finishRun, recordOutcome, storeBaseline, storeRun } from '../../store/reconcile/reconcile-store.js';
import { type NumberedDrift, type ReconcileTrigger } from '../../contracts/reconcile.js';

export interface ReconcileActivityDependencies {
  pool: Pool;
  config: KeelConfig;
  venues: VenueRegistry;
}

export interface ReconcileRunResult {
  runId: string;
  drifts: NumberedDrift[];
  worst: DriftSeverity | null;
  critical: boolean;
  baselineTaken: boolean;
}

/** Reconciliation's side effects: the snapshot and diff (one activity: the data stays out of the history), actions, records. */
export function createReconcileActivities({ pool, config, venues }: ReconcileActivityDependencies) {
  return {
    /** Both sides, the diff, and the run stored with its drifts; a retry returns the stored run. */
    async snapshotAndDiff(input: {
      account: string;
      runId: string;
      trigger: ReconcileTrigger;
      workflowId: string;
    }): Promise<ReconcileRunResult> {
      const venue = venues.venueFor(input.account);
      const now = await venue.serverTime();
      const { input: diffInput, baselineTaken } = await gatherReconcileInput(
        { pool, venue, config },
        input.account,
        now,
      );
      Context.current().heartbeat();
      const diff = diffVenueAgainstLedger(diffInput);
      const drifts = await storeRun(pool, input, diff);
      if (baselineTaken) await storeBaseline(pool, input.account, baselineTaken, input.runId);
      return {
        runId: input.runId,
        drifts,
        worst: diff.worst,
        critical: diff.critical,
        baselineTaken: baselineTaken !== null,
      };
    },

    async actOnDrift(input: {
      account: string;
      runId: string;
      drift: NumberedDrift;
      ordersTaskQueue: string;
    }): Promise<string> {
      const outcome = await actOnDrift(
        {
          pool,
          venue: venues.venueFor(input.account),
          client: Context.current().client,
          venueName: venues.venueName,
        },
        input.account,
        input.drift,
        { ordersTaskQueue: input.ordersTaskQueue },
      );
      await recordOutcome(pool, input.runId, input.drift.seq, outcome);
      return outcome;
    },

    async recordDriftOutcome(input: { runId: string; seq: number; outcome: string }): Promise<void> {
      await recordOutcome(pool, input.runId, input.seq, input.outcome);
    },

    async finishReconcileRun(runId: string): Promise<void> {
      await finishRun(pool, runId);
    },

    /** The account's desk runs (started on `taskQueue` when it does not), so it can take the breaker signal. */
    async ensureDeskRunning(input: { account: string; taskQueue: string }): Promise<void> {
      await ensureDesk(Context.current().client, input.account, { taskQueue: input.taskQueue });
    },

    async sendReconcileAlert(alert: Alert): Promise<AlertDelivery> {
      return deliverAlert(config.alerts.webhookUrl, alert);
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
export type { Drift };
