// Which simulator order statuses are terminal, and the one transition a client may force.
import type { SimOrderStatus, WorkingOrder } from './orders.js';

const FINAL_STATUSES: ReadonlySet<SimOrderStatus> = new Set(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']);

/** FILLED, CANCELED, REJECTED and EXPIRED never change again. */
export function isFinalStatus(status: SimOrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/**
 * Cancels an open order (NEW or PARTIALLY_FILLED; executedQty keeps what already filled). A final
 * order is returned unchanged: cancelling twice, or after a fill, changes nothing. Whether that is
 * an error for the client (Binance -2011 "Unknown order sent.") is the caller's call.
 */
export function cancelOrder(order: WorkingOrder): WorkingOrder {
  return isFinalStatus(order.status) ? order : { ...order, status: 'CANCELED' };
}
