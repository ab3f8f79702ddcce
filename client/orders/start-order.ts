import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { OrderIntent } from '../../domain/orders/types.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { orderStartAttributes } from '../../contracts/search-attributes.js';
import { ORDER_WORKFLOW, orderWorkflowId, type OrderLifecycleWorkflow } from '../../contracts/orders.js';
import { checkOrderIntent } from '../../contracts/orders/intent-schema.js';

export interface StartedOrder {
  handle: WorkflowHandle<OrderLifecycleWorkflow>;
  /** false when an order with this client order id already existed: the caller joined it. */
  started: boolean;
}

/**
 * Starts the order's workflow, id `order-<clientOrderId>`. The id is never reused, even after the
 * order ended, and a start while it runs joins the running order: there is never a second order.
 * The intent is checked first (checkOrderIntent): a malformed one is an OrderIntentError naming each
 * field and its fix, thrown before Temporal is touched, so it starts nothing and writes nothing.
 */
export async function startOrder(
  client: Client,
  input: OrderIntent,
  options: { taskQueue?: string } = {},
): Promise<StartedOrder> {
  // The checked copy is what is sent: a caller's later change to its object cannot slip past the check.
  const intent = checkOrderIntent(input);
  const workflowId = orderWorkflowId(intent.clientOrderId);
  try {
    const handle = await client.workflow.start<OrderLifecycleWorkflow>(ORDER_WORKFLOW, {
      taskQueue: options.taskQueue ?? TASK_QUEUES.orders,
      workflowId,
      args: [{ intent }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      ...orderStartAttributes(intent),
    });
    return { handle, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { handle: client.workflow.getHandle<OrderLifecycleWorkflow>(workflowId), started: false };
    }
    throw error;
  }
}
