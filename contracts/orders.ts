import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderFill, OrderIntent, OrderState, OrderStatus } from '../domain/orders/types.js';

/** The order workflow's type name, as workers register it and clients start it. */
export const ORDER_WORKFLOW = 'orderLifecycle';

/** The order workflow's id: Temporal refuses a second open run with it. */
export function orderWorkflowId(clientOrderId: string): string {
  return `order-${clientOrderId}`;
}

export const orderStateQuery = defineQuery<OrderState>('state');
/** Cancel request without an answer (what the Temporal UI or `temporal workflow signal` sends). */
export const cancelOrderSignal = defineSignal<[{ reason: string }]>('cancel');
/** Cancel request with an acknowledged answer: the status once the cancel is in flight or done. */
export const cancelOrderUpdate = defineUpdate<OrderStatus, [{ reason: string }]>('requestCancel');
/** A fill reported by a fill feed (de-duplicated by trade id against polled fills). */
export const fillReportSignal = defineSignal<[OrderFill]>('fill');

/** What an order's run hands to the next one at continue-as-new. */
export interface CarriedOrderState {
  state: OrderState;
  seq: number;
  arrivalPrice: number | null;
  cancelReason: string | null;
  expiring: boolean;
  /** When the workflow saw the acceptance, on its clock (absent in runs carried before it was kept). */
  acceptedSeenAt?: number;
}

export interface OrderLifecycleInput {
  intent: OrderIntent;
  /** Set only by continue-as-new. */
  carried?: CarriedOrderState;
}

export type OrderLifecycleWorkflow = (input: OrderLifecycleInput) => Promise<OrderState>;
