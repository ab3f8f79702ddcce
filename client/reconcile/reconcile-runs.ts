import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { KeelConfig } from '../../config/schema.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { reconcileStartAttributes } from '../../contracts/search-attributes.js';
import {
  RECONCILE_WORKFLOW,
  type ReconcileReport,
  type ReconcileTrigger,
  type ReconcileWorkflow,
  type ReconcileWorkflowInput,
} from '../../contracts/reconcile.js';

export const reconcileScheduleId = (account: string) => `reconcile-${account}`;

/** Runs one reconciliation of the account and waits for its report. */
export async function runReconcile(
  client: Client,
  account: string,
  trigger: ReconcileTrigger,
  options: { taskQueue?: string; ordersTaskQueue?: string; deskTaskQueue?: string } = {},
): Promise<{ workflowId: string; report: ReconcileReport }> {
  const workflowId = `reconcile-${account}-${trigger}-${Date.now().toString(36)}`;
  const args: ReconcileWorkflowInput = {
    account,
    trigger,
    ...(options.ordersTaskQueue ? { ordersTaskQueue: options.ordersTaskQueue } : {}),
    ...(options.deskTaskQueue ? { deskTaskQueue: options.deskTaskQueue } : {}),
  };
  const report = await client.workflow.execute<ReconcileWorkflow>(RECONCILE_WORKFLOW, {
    taskQueue: options.taskQueue ?? TASK_QUEUES.reconcile,
    workflowId,
    args: [args],
    typedSearchAttributes: reconcileStartAttributes(account),
    memo: { summary: `${trigger} reconciliation of ${account}` },
  });
  return { workflowId, report };
}

/**
 * Creates the account's reconciliation Schedule (every `reconcile.intervalMinutes`), or updates its
 * interval when it exists. Overlapping runs are skipped: one reconciliation at a time per account.
 */
export async function ensureReconcileSchedule(
  client: Client,
  config: KeelConfig,
  account: string,
): Promise<string> {
  const scheduleId = reconcileScheduleId(account);
  const every = `${config.reconcile.intervalMinutes}m`;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RECONCILE_WORKFLOW,
    taskQueue: TASK_QUEUES.reconcile,
    args: [{ account, trigger: 'schedule' } satisfies ReconcileWorkflowInput],
    workflowId: `reconcile-${account}-schedule`,
    typedSearchAttributes: reconcileStartAttributes(account),
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every }] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
      memo: { summary: `reconciliation of ${account} every ${every}` },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec: { intervals: [{ every }] },
      action,
    }));
  }
  return scheduleId;
}
