import type { Client, WorkflowHandle } from '@temporalio/client';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { KeelAccount, KeelKind, KeelStatus } from '../../contracts/search-attributes.js';
import { DESK_WORKFLOW, deskWorkflowId, type DeskControlWorkflow } from '../../contracts/desk.js';

/**
 * The account's desk workflow, started if it is not running (its state lives in PostgreSQL, so a
 * new run picks up where the last one stopped). Never a second desk for one account.
 */
export async function ensureDesk(
  client: Client,
  account: string,
  options: { taskQueue?: string; historyLimit?: number } = {},
): Promise<WorkflowHandle<DeskControlWorkflow>> {
  await client.workflow.start<DeskControlWorkflow>(DESK_WORKFLOW, {
    taskQueue: options.taskQueue ?? TASK_QUEUES.desk,
    workflowId: deskWorkflowId(account),
    args: [
      { account, ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}) },
    ],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: KeelKind, value: 'desk' },
      { key: KeelAccount, value: account },
      { key: KeelStatus, value: 'ACTIVE' },
    ],
    memo: { summary: `desk control of ${account}` },
  });
  // Not the handle start() returns: it pins the run it saw as the first of the chain, and a desk
  // that has continued as new has an older first run — requests must follow the chain instead.
  return client.workflow.getHandle<DeskControlWorkflow>(deskWorkflowId(account));
}
