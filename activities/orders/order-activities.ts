import { Context } from '@temporalio/activity';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { computeTca } from '../../domain/ledger/tca.js';
import { FILL_TOLERANCE } from '../../domain/orders/fill-totals.js';
import type { OrderFill, OrderIntent, OrderState } from '../../domain/orders/types.js';
import type { RiskDecision } from '../../domain/risk/snapshot.js';
import { runPreTradeGate } from '../risk/pre-trade-gate.js';
import {
  insertOrderIntent,
  recordOrderProgress,
  recordSubmissionRoundTrip,
  type LedgerEvent,
} from '../../store/ledger/order-ledger.js';
import type { Venue, VenueFill, VenueOrder } from '../../venues/venue.js';
import { fenceLiftsAt } from '../../domain/orders/resend-fence.js';
import {
  markSubmissionAttemptRefused,
  recordSubmissionAttempt,
  submissionAttempts,
} from '../../store/ledger/submission-attempts.js';
import { VenueError } from '../../venues/venue-errors.js';
import type { VenueRegistry } from '../../venues/venue-registry.js';
import { toActivityFailure } from './venue-failure.js';
import { orderWorkflowId } from '../../contracts/orders.js';

/** How often a waiting progress check asks the venue again. */
const PROGRESS_POLL_MS = 100;

export interface OrderActivityDependencies {
  pool: Pool;
  venues: VenueRegistry;
  config: KeelConfig;
  /**
   * 'blind' sends every submission as if it were the first and answers a look-up at once: what Keel
   * did before the fence. Only the tests that show what the fence prevents set it; no configuration
   * or worker can.
   */
  resend?: 'fenced' | 'blind';
}

export interface SubmitResult {
  order: VenueOrder;
  /** Last price when the order was sent: the TCA arrival price. */
  arrivalPrice: number | null;
}

export interface OrderProgress {
  order: VenueOrder | null;
  fills: OrderFill[];
}

function toOrderFill(fill: VenueFill): OrderFill {
  return {
    tradeId: fill.tradeId,
    price: fill.price,
    quantity: fill.quantity,
    fee: fill.fee,
    feeAsset: fill.feeAsset,
    isMaker: fill.isMaker,
    time: fill.timestamp,
  };
}

/**
 * The order workflow's side effects. Every one is idempotent under its client order id: the
 * ledger writes are keyed, and a submission that may repeat an earlier one is fenced — it looks the
 * order up and adopts it instead of sending it again (docs/exactly-once.md).
 */
export function createOrderActivities({
  pool,
  venues,
  config,
  resend = 'fenced',
}: OrderActivityDependencies) {
  const venueCall = async <T>(mutating: boolean, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toActivityFailure(error, mutating);
    }
  };

  /**
   * The venue's order with this client order id. "Not found" is only answered once every recorded
   * attempt's window has passed (domain/orders/resend-fence.ts): until then a lost request may still
   * arrive and be accepted, so the look-up waits for the fence to lift and asks again.
   */
  const fencedLookup = async (venue: Venue, symbol: string, clientOrderId: string) => {
    const lookup = () => venueCall(false, () => venue.getOrderByClientId(symbol, clientOrderId));
    const found = await lookup();
    if (found || resend === 'blind') return found;
    const liftsAt = fenceLiftsAt(await submissionAttempts(pool, clientOrderId));
    if (liftsAt === null || Date.now() >= liftsAt) return found;
    await new Promise((resolve) => setTimeout(resolve, liftsAt - Date.now()));
    return lookup();
  };

  return {
    async recordOrderIntent(intent: OrderIntent): Promise<{ inserted: boolean; status: string }> {
      return insertOrderIntent(pool, intent, venues.venueName, orderWorkflowId(intent.clientOrderId));
    },

    /** The pre-trade gate: a snapshot, every rule, the decision recorded before any venue order call. */
    async evaluateRisk(intent: OrderIntent): Promise<RiskDecision> {
      try {
        return await runPreTradeGate({ pool, venue: venues.venueFor(intent.account), config }, intent);
      } catch (error) {
        if (error instanceof VenueError) throw toActivityFailure(error, false);
        throw error;
      }
    },

    async submitOrder(intent: OrderIntent): Promise<SubmitResult> {
      const venue = venues.venueFor(intent.account);
      const arrivalPrice = await venue.lastPrice(intent.symbol).catch(() => null);
      // The fence (docs/exactly-once.md): this run may repeat an earlier attempt — a retry, a replay
      // after a crash, a resubmission. Binance accepts a reused id once the first order is done, so
      // a blind re-send could double the order: an order found at the venue is adopted, never re-sent.
      // No recorded attempt: nothing was ever sent, so there is nothing to look up.
      if (resend === 'fenced' && (await submissionAttempts(pool, intent.clientOrderId)).length > 0) {
        const adopted = await fencedLookup(venue, intent.symbol, intent.clientOrderId);
        if (adopted) return { order: adopted, arrivalPrice };
      }
      // The recvWindow bounds how long a lost copy of this request can still be accepted.
      const timing = { requestTimestamp: Date.now(), recvWindowMs: config.venue.recvWindowMs };
      const attempt = await recordSubmissionAttempt(pool, intent.clientOrderId, timing);
      // The round trip on this worker's wall clock: the venue's own acceptance time is market time
      // on the simulator, and TCA never measures across the two clocks.
      const sentWallAt = Date.now();
      const order = await venueCall(true, async () => {
        try {
          return await venue.placeOrder({
            clientOrderId: intent.clientOrderId,
            symbol: intent.symbol,
            side: intent.side,
            type: intent.type,
            quantity: intent.quantity,
            ...(intent.price !== undefined ? { price: intent.price } : {}),
            timeInForce: intent.timeInForce,
            timing,
          });
        } catch (error) {
          // A refusal (rejected, rate-limited) was never processed: that attempt needs no fence.
          if (error instanceof VenueError && error.outcome !== 'unknown')
            await markSubmissionAttemptRefused(pool, intent.clientOrderId, attempt);
          throw error;
        }
      });
      const ackedWallAt = Date.now();
      // Only an acknowledgement has a round trip; a rejection is not a latency of the order. Nothing
      // may fail after the venue accepted: a retry would only find and adopt the order after a fence
      // wait, and the desk would count an error, so a failed write costs the latency figure only.
      if (order.status !== 'rejected')
        await recordSubmissionRoundTrip(pool, intent.clientOrderId, { sentWallAt, ackedWallAt }).catch(
          (error: unknown) => {
            Context.current().log.warn('venue round trip not recorded; its TCA leg stays empty', {
              clientOrderId: intent.clientOrderId,
              error: error instanceof Error ? error.message : String(error),
            });
          },
        );
      return { order, arrivalPrice };
    },

    /** The venue's view of an order by client order id; null only when the venue has never seen it. */
    async lookupOrder(input: {
      account: string;
      symbol: string;
      clientOrderId: string;
    }): Promise<VenueOrder | null> {
      return fencedLookup(venues.venueFor(input.account), input.symbol, input.clientOrderId);
    },

    /**
     * The order's status and its fills at the venue. A local activity: it cannot heartbeat (the server
     * knows no such activity), its start-to-close timeout bounds the wait instead.
     */
    async fetchOrderProgress(input: {
      account: string;
      symbol: string;
      clientOrderId: string;
      knownFilledQuantity: number;
      /** Keep asking for up to this long while nothing changes (saves the workflow a timer). */
      waitMs?: number;
    }): Promise<OrderProgress> {
      const venue = venues.venueFor(input.account);
      const deadline = Date.now() + (input.waitMs ?? 0);
      let order = await venueCall(false, () => venue.getOrderByClientId(input.symbol, input.clientOrderId));
      while (
        order?.status === 'open' &&
        order.filledQuantity - input.knownFilledQuantity <= FILL_TOLERANCE * order.quantity &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(PROGRESS_POLL_MS, Math.max(0, deadline - Date.now()))),
        );
        order = await venueCall(false, () => venue.getOrderByClientId(input.symbol, input.clientOrderId));
      }
      // Fills are fetched only when the venue reports more filled than the workflow has seen.
      if (!order || order.filledQuantity - input.knownFilledQuantity <= FILL_TOLERANCE * order.quantity)
        return { order, fills: [] };
      const fills = await venueCall(false, () => venue.fillsOfOrder(input.symbol, order.venueOrderId));
      return { order, fills: fills.map(toOrderFill) };
    },

    /** Cancels at the venue; an order the venue no longer has open answers `not_open`. */
    async cancelAtVenue(input: {
      account: string;
      symbol: string;
      clientOrderId: string;
    }): Promise<{ result: 'canceled' | 'not_open' }> {
      const venue = venues.venueFor(input.account);
      try {
        await venue.cancelOrder(input.symbol, input.clientOrderId);
        return { result: 'canceled' };
      } catch (error) {
        if (error instanceof VenueError && error.reason === 'ORDER_NOT_FOUND') return { result: 'not_open' };
        throw toActivityFailure(error, true);
      }
    },

    async recordOrderEvents(input: {
      state: OrderState;
      events: LedgerEvent[];
      fills: OrderFill[];
      arrivalPrice: number | null;
    }): Promise<void> {
      const { state } = input;
      const tca = computeTca({
        side: state.intent.side,
        quantity: state.intent.quantity,
        decisionPrice: state.intent.decisionPrice ?? null,
        decisionTime: state.intent.decisionTime,
        arrivalPrice: input.arrivalPrice,
        acceptedAt: state.acceptedAt,
        firstFillAt: state.firstFillAt,
        lastFillAt: state.lastFillAt,
        fills: state.fills,
      });
      await recordOrderProgress(pool, {
        clientOrderId: state.intent.clientOrderId,
        venue: venues.venueName,
        events: input.events,
        fills: input.fills,
        update: {
          state,
          arrivalPrice: input.arrivalPrice,
          tca: {
            fillVwap: tca.fillVwap,
            fillRate: tca.fillRate,
            slippageBpsVsDecision: tca.slippageBpsVsDecision,
            slippageBpsVsArrival: tca.slippageBpsVsArrival,
            implementationShortfallBps: tca.implementationShortfallBps,
          },
        },
      });
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
