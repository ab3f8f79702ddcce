import {
  getExternalWorkflowHandle,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReconcileActivities } from '../activities/reconcile/reconcile-activities.js';
import { TASK_QUEUES } from '../contracts/task-queues.js';
import { causeMessage } from './failure-message.js';
import { KeelStatus } from '../contracts/search-attributes.js';
import type { ReconcileAction, ReconcileWorkflowInput, ReconcileReport } from '../contracts/reconcile.js';
import { reconciliationBreakerSignal } from '../contracts/desk.js';

const store = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
  },
});
const act = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '20 seconds',
    maximumAttempts: 5,
  },
});
const alerts = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 8,
  },
});

/**
 * One reconciliation of an account: snapshot both sides and classify every difference (one
 * activity, stored as a run with its drifts), act on each drift, halt the desk on critical drift
 * (or clear the reconciliation breaker after a clean run), alert on warn and critical.
 */
export async function reconcile(input: ReconcileWorkflowInput): Promise<ReconcileReport> {
  const { account } = input;
  const { workflowId, runId } = workflowInfo();
  const run = await store.snapshotAndDiff({ account, runId, trigger: input.trigger, workflowId });

  const actions: ReconcileAction[] = [];
  for (const drift of run.drifts) {
    if (drift.action === 'NONE' || drift.action === 'HALT_DESK') continue;
    let outcome: string;
    try {
      outcome = await act.actOnDrift({
        account,
        runId,
        drift,
        ordersTaskQueue: input.ordersTaskQueue ?? TASK_QUEUES.orders,
      });
    } catch (error) {
      // A failed repair is itself a finding: it stays in the run and the desk decision below.
      outcome = `failed: ${causeMessage(error)}`;
      await act.recordDriftOutcome({ runId, seq: drift.seq, outcome });
    }
    actions.push({ seq: drift.seq, kind: drift.kind, action: drift.action, outcome });
  }

  const critical = run.drifts.filter((drift) => drift.severity === 'critical');
  await act.ensureDeskRunning({ account, taskQueue: input.deskTaskQueue ?? TASK_QUEUES.desk });
  const desk = getExternalWorkflowHandle(`desk-${account}`);
  if (critical.length > 0) {
    const reason = `reconciliation ${runId}: ${critical.length} critical drift(s): ${critical
      .slice(0, 3)
      .map((drift) => drift.detail)
      .join('; ')}`;
    await desk.signal(reconciliationBreakerSignal, { tripped: true, reason });
    for (const drift of critical.filter((d) => d.action === 'HALT_DESK')) {
      await act.recordDriftOutcome({
        runId,
        seq: drift.seq,
        outcome: 'desk halted (reconciliation breaker)',
      });
      actions.push({ seq: drift.seq, kind: drift.kind, action: drift.action, outcome: 'desk halted' });
    }
  } else {
    await desk.signal(reconciliationBreakerSignal, {
      tripped: false,
      reason: `reconciliation ${runId}: no critical drift`,
    });
  }

  await store.finishReconcileRun(runId);
  const status = run.drifts.length === 0 ? 'CLEAN' : 'DRIFT';
  upsertSearchAttributes([{ key: KeelStatus, value: critical.length > 0 ? 'CRITICAL' : status }]);
  if (run.worst === 'warn' || run.worst === 'critical') {
    await alerts
      .sendReconcileAlert({
        kind: 'reconcile.drift',
        account,
        severity: run.worst,
        summary: `reconciliation of ${account}: ${run.drifts.length} drift(s), worst ${run.worst}${critical.length ? '; desk halted' : ''}`,
        idempotencyKey: `reconcile-${runId}`,
        time: new Date().toISOString(),
        runId,
        drifts: run.drifts.map((drift) => ({
          kind: drift.kind,
          severity: drift.severity,
          detail: drift.detail,
        })),
      })
      .catch(() => undefined);
  }
  return {
    runId,
    account,
    status,
    worst: run.worst,
    drifts: run.drifts,
    actions,
    deskHalted: critical.length > 0,
    baselineTaken: run.baselineTaken,
  };
}
