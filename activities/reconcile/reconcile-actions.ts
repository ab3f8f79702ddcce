import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from '../../store/db.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import type { Drift, VenueFillView } from '../../domain/reconcile/types.js';
import { startOrder } from '../../client/orders/start-order.js';
import { recordAdoptedFill } from '../../store/ledger/adopted-fills.js';
import { insertOrderIntent } from '../../store/ledger/order-ledger.js';
import { recordSubmissionAttempt } from '../../store/ledger/submission-attempts.js';
import type { Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import { venueClock } from '../../venues/venue-clock.js';
import { orderWorkflowId, fillReportSignal } from '../../contracts/orders.js';

export interface ActionDependencies {
  pool: Pool;
  venue: Venue;
  client: Client;
  venueName: string;
}

/**
 * The window of an adopted order's attempt: the venue holds the order already, so no request of
 * Keel's is on its way; the look-up only has to find it.
 */
const ADOPTED_ORDER_WINDOW_MS = 1;

async function workflowRunning(client: Client, clientOrderId: string): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(orderWorkflowId(clientOrderId)).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** Carries out one drift's proposed action; returns what happened, in words for the run's record. */
export async function actOnDrift(
  deps: ActionDependencies,
  account: string,
  drift: Drift,
  options: { ordersTaskQueue: string },
): Promise<string> {
  const { venue, client, pool } = deps;
  switch (drift.action) {
    case 'CANCEL_AT_VENUE': {
      try {
        await venue.cancelOrder(drift.symbol!, drift.clientOrderId!);
        return 'cancelled at the venue';
      } catch (error) {
        if (error instanceof VenueError && error.reason === 'ORDER_NOT_FOUND')
          return 'no longer open at the venue';
        throw error;
      }
    }
    case 'ADOPT_ORDER': {
      // Adopted through the normal order path: its own workflow, a recorded risk decision. The order
      // is at the venue already and must never be sent again: had it filled by the time the workflow
      // submits, Binance would take a re-send as a second order. So the intent and an attempt are on
      // record before the workflow starts, and its submission looks the order up and adopts it (the
      // fence, docs/exactly-once.md).
      const order = drift.facts.venue as {
        side: 'buy' | 'sell';
        quantity: number;
        price: number | null;
      };
      const intent: OrderIntent = {
        clientOrderId: drift.clientOrderId!,
        account,
        symbol: drift.symbol!,
        side: order.side,
        type: order.price === null ? 'market' : 'limit',
        quantity: order.quantity,
        ...(order.price !== null ? { price: order.price } : {}),
        timeInForce: 'GTC',
        strategy: 'reconcile-adopt',
        // On the venue's clock, as its acceptance and fills are: an accelerated simulator account's
        // market time is months from the worker's, and TCA never measures across two clocks.
        decisionTime: await venueClock(venue),
      };
      await insertOrderIntent(pool, intent, deps.venueName, orderWorkflowId(intent.clientOrderId));
      await recordSubmissionAttempt(pool, intent.clientOrderId, {
        requestTimestamp: Date.now(),
        recvWindowMs: ADOPTED_ORDER_WINDOW_MS,
      });
      const { started } = await startOrder(client, intent, { taskQueue: options.ordersTaskQueue });
      return started
        ? `adopted: order workflow ${orderWorkflowId(intent.clientOrderId)} started`
        : 'already followed by its order workflow';
    }
    case 'LOOKUP_ORDER': {
      if (drift.clientOrderId && (await workflowRunning(client, drift.clientOrderId)))
        return 'its order workflow is running and follows the venue';
      return 'order workflow not running: the ledger keeps its last status; operator attention needed';
    }
    case 'ADOPT_FILL': {
      const fill = drift.facts.venue as VenueFillView;
      if (drift.clientOrderId && (await workflowRunning(client, drift.clientOrderId))) {
        await client.workflow.getHandle(orderWorkflowId(drift.clientOrderId)).signal(fillReportSignal, {
          tradeId: fill.tradeId,
          price: fill.price,
          quantity: fill.quantity,
          fee: fill.fee,
          feeAsset: fill.feeAsset,
          isMaker: false,
          time: fill.time,
        });
        return 'reported to its running order workflow';
      }
      return adoptFillIntoLedger(pool, deps.venueName, account, drift.clientOrderId!, fill);
    }
    case 'HALT_DESK':
    case 'NONE':
      return 'no action here';
  }
}

async function adoptFillIntoLedger(
  pool: Pool,
  venueName: string,
  account: string,
  clientOrderId: string,
  fill: VenueFillView,
): Promise<string> {
  return (await recordAdoptedFill(pool, { venue: venueName, account, clientOrderId, fill }))
    ? 'recorded in the ledger (its order workflow has ended)'
    : 'already in the ledger';
}
