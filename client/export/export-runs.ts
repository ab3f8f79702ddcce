import type { Client } from '@temporalio/client';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { KeelAccount, KeelKind, KeelStatus } from '../../contracts/search-attributes.js';
import {
  DAILY_EXPORT_WORKFLOW,
  EXPORT_HEALTH_WORKFLOW,
  type DailyExportResult,
  type DailyExportWorkflow,
  type DeliveryHealthReport,
  type ExportHealthInput,
  type ExportHealthWorkflow,
} from '../../contracts/export.js';

/** Runs the daily export of one account and day now and waits for the published, verified package. */
export async function runDailyExport(
  client: Client,
  input: { account: string; date: string },
  options: { taskQueue?: string } = {},
): Promise<{ workflowId: string; result: DailyExportResult }> {
  const workflowId = `export-${input.account}-${input.date}-${Date.now().toString(36)}`;
  const result = await client.workflow.execute<DailyExportWorkflow>(DAILY_EXPORT_WORKFLOW, {
    taskQueue: options.taskQueue ?? TASK_QUEUES.export,
    workflowId,
    args: [input],
    typedSearchAttributes: [
      { key: KeelKind, value: 'export' },
      { key: KeelAccount, value: input.account },
      { key: KeelStatus, value: 'RUNNING' },
    ],
    memo: { summary: `daily export of ${input.account} for ${input.date}` },
  });
  return { workflowId, result };
}

/** Runs the delivery-health check once, now, and waits for its findings. */
export async function runExportHealth(
  client: Client,
  input: ExportHealthInput,
  options: { taskQueue?: string } = {},
): Promise<{ workflowId: string; reports: DeliveryHealthReport[] }> {
  const workflowId = `export-health-manual-${Date.now().toString(36)}`;
  const reports = await client.workflow.execute<ExportHealthWorkflow>(EXPORT_HEALTH_WORKFLOW, {
    taskQueue: options.taskQueue ?? TASK_QUEUES.export,
    workflowId,
    args: [input],
    typedSearchAttributes: [
      { key: KeelKind, value: 'export-health' },
      { key: KeelStatus, value: 'RUNNING' },
    ],
  });
  return { workflowId, reports };
}
