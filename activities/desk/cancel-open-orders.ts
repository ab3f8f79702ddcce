import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from '../../store/db.js';
import { openOrdersOf, orderStatuses } from '../../store/ledger/order-queries.js';
import type { Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import { orderWorkflowId, cancelOrderSignal } from '../../contracts/orders.js';
import type { CancelOpenReport } from '../../contracts/desk.js';

/** How long order workflows get to finish their own cancels before the venue is swept directly. */
const WORKFLOW_CANCEL_WAIT_MS = 20_000;
const POLL_MS = 250;

/**
 * Mass cancel for a halt: every open order of the account is cancelled through its own workflow
 * (so its history and the ledger tell the story), then whatever the venue still shows open is
 * cancelled there directly. Safe to repeat: cancels are idempotent everywhere.
 */
export async function cancelOpenOrders(
  deps: { pool: Pool; venue: Venue; client: Client },
  input: { account: string; reason: string },
): Promise<CancelOpenReport> {
  const { pool, venue, client } = deps;
  const open = await openOrdersOf(pool, input.account);
  for (const order of open) {
    try {
      await client.workflow
        .getHandle(orderWorkflowId(order.clientOrderId))
        .signal(cancelOrderSignal, { reason: input.reason });
    } catch (error) {
      // A workflow that already ended cannot take the signal: its order is terminal or swept below.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  const asked = new Set(open.map((order) => order.clientOrderId));
  const deadline = Date.now() + WORKFLOW_CANCEL_WAIT_MS;
  let stillOpenInLedger = open;
  while (stillOpenInLedger.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    Context.current().heartbeat();
    stillOpenInLedger = (await openOrdersOf(pool, input.account)).filter((order) =>
      asked.has(order.clientOrderId),
    );
  }
  const viaWorkflows = await orderStatuses(pool, [...asked]);

  const atVenue: CancelOpenReport['atVenue'] = [];
  for (const order of await venue.openOrders()) {
    try {
      await venue.cancelOrder(order.symbol, order.clientOrderId);
      atVenue.push({ clientOrderId: order.clientOrderId, symbol: order.symbol, result: 'canceled' });
    } catch (error) {
      if (error instanceof VenueError && error.reason === 'ORDER_NOT_FOUND')
        atVenue.push({ clientOrderId: order.clientOrderId, symbol: order.symbol, result: 'not_open' });
      else
        atVenue.push({
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          result: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
    }
  }
  const stillOpen = (await venue.openOrders()).map((order) => ({
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
  }));
  return { viaWorkflows, atVenue, stillOpen };
}
