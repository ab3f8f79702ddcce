import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders/order-activities.js';
import type { VenueOrder } from '../venues/venue.js';
import { FILL_TOLERANCE } from '../domain/orders/fill-totals.js';
import { applyOrderEvent, isTerminalStatus, newOrderState } from '../domain/orders/state-machine.js';
import type { OrderEvent, OrderFill, OrderState, OrderStatus } from '../domain/orders/types.js';
import { KeelStatus } from '../contracts/search-attributes.js';
import {
  cancelOrderSignal,
  cancelOrderUpdate,
  fillReportSignal,
  orderStateQuery,
  type OrderLifecycleInput,
} from '../contracts/orders.js';
import { FAILURE } from '../contracts/failures.js';

const POLL_MIN_MS = 250;
const POLL_MAX_MS = 5_000;
const PROGRESS_WAIT_MAX_MS = 1_000;
const MAX_SUBMISSIONS = 3;
const HISTORY_LIMIT = 4_000;

// Local activities: each step runs inside the workflow task and is recorded as a marker, so an
// order costs a few server round trips instead of one per step. Every step is idempotent under the
// client order id, which is what makes re-running one after a crash safe (a re-sent order is refused
// by the venue as a duplicate and then found by look-up).
const ledger = proxyLocalActivities<OrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
const venue = proxyLocalActivities<OrderActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '250 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
/** Submissions stop retrying after a while: then the outcome is unknown and is resolved by lookup. */
const submission = proxyLocalActivities<OrderActivities>({
  startToCloseTimeout: '20 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '250 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** The ApplicationFailure an activity raised, whether it arrives wrapped in an ActivityFailure or not. */
function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  return undefined;
}

function failureType(error: unknown): string | undefined {
  return applicationFailureOf(error)?.type ?? undefined;
}

function failureReason(error: unknown): string {
  const failure = applicationFailureOf(error);
  if (failure) {
    const reason = failure.details?.[0];
    return `${typeof reason === 'string' ? reason : (failure.type ?? 'failure')}: ${failure.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * One order, from intent to a terminal state: risk decision (recorded) → submit → acknowledgement
 * → fills → terminal. Workflow id `order-<clientOrderId>`; the client order id is the idempotency key
 * at the venue too, so the order is sent at most once whatever crashes or retries happen.
 */
export async function orderLifecycle(input: OrderLifecycleInput): Promise<OrderState> {
  const { intent } = input;
  let state = input.carried?.state ?? newOrderState(intent);
  let seq = input.carried?.seq ?? 0;
  let arrivalPrice = input.carried?.arrivalPrice ?? null;
  let cancelReason = input.carried?.cancelReason ?? null;
  let expiring = input.carried?.expiring ?? false;
  let pending: { seq: number; event: OrderEvent; statusAfter: string }[] = [];
  let pendingFills: OrderFill[] = [];
  const reportedFills: OrderFill[] = [];

  /** Applies an event through the state machine; returns false for a duplicate (e.g. a fill seen twice). */
  const apply = (event: OrderEvent): boolean => {
    const result = applyOrderEvent(state, event);
    if (result.duplicate) return false;
    state = result.state;
    pending.push({ seq: ++seq, event, statusAfter: state.status });
    if (event.type === 'FILL') pendingFills.push(event.fill);
    return true;
  };
  /**
   * KeelStatus follows the order where it can be seen: before every wait and at the end. Transient
   * statuses inside one workflow task (SUBMITTING on the way to ACCEPTED) are in the history, not
   * in the search attribute — each upsert is a visibility write.
   */
  let upsertedStatus: OrderStatus = input.carried?.state.status ?? 'NEW';
  const upsertStatus = () => {
    if (state.status === upsertedStatus) return;
    upsertSearchAttributes([{ key: KeelStatus, value: state.status }]);
    upsertedStatus = state.status;
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const events = pending;
    const fills = pendingFills;
    pending = [];
    pendingFills = [];
    await ledger.recordOrderEvents({ state, events, fills, arrivalPrice });
  };
  const now = () => Date.now();
  const target = { account: intent.account, symbol: intent.symbol, clientOrderId: intent.clientOrderId };

  setHandler(orderStateQuery, () => state);
  setHandler(cancelOrderSignal, ({ reason }) => {
    if (!isTerminalStatus(state.status)) cancelReason ??= reason || 'cancel requested';
  });
  setHandler(fillReportSignal, (fill) => {
    reportedFills.push(fill);
  });
  setHandler(
    cancelOrderUpdate,
    async ({ reason }) => {
      cancelReason ??= reason;
      await condition(() => isTerminalStatus(state.status) || state.status === 'PENDING_CANCEL');
      return state.status;
    },
    {
      validator: (request: { reason?: unknown }) => {
        // The UI and other SDKs can send anything: check the shape, not just the type.
        if (typeof request?.reason !== 'string' || !request.reason.trim())
          throw new Error('a cancel needs a reason');
        if (isTerminalStatus(state.status))
          throw new Error(`order ${intent.clientOrderId} is already ${state.status}`);
      },
    },
  );

  /** Brings the venue's view of the order into the state machine. */
  const applyVenueOrder = (order: VenueOrder) => {
    if (order.status === 'rejected') {
      if (!isTerminalStatus(state.status))
        apply({ type: 'REJECTED', at: now(), reason: 'rejected by the venue' });
      return;
    }
    if (state.venueOrderId === null || state.status === 'SUBMITTING' || state.status === 'UNKNOWN') {
      apply({ type: 'ACCEPTED', at: order.timestamp ?? now(), venueOrderId: order.venueOrderId });
    }
  };

  /** The venue reports more filled than the workflow has seen (beyond float noise): fills are still to come. */
  const venueAhead = (order: VenueOrder) =>
    order.filledQuantity - state.filledQuantity > FILL_TOLERANCE * intent.quantity;

  const endIfVenueSaysDone = (order: VenueOrder) => {
    if (isTerminalStatus(state.status) || venueAhead(order)) return;
    if (order.status === 'canceled') {
      apply(
        expiring
          ? { type: 'EXPIRED', at: now(), reason: 'expired: cancelled at the venue after its time limit' }
          : { type: 'CANCELED', at: now(), reason: cancelReason ?? 'cancelled at the venue' },
      );
    } else if (order.status === 'expired') {
      apply({ type: 'EXPIRED', at: now(), reason: 'expired at the venue (time in force)' });
    } else if (order.status === 'rejected') {
      apply({ type: 'REJECTED', at: now(), reason: 'rejected by the venue' });
    }
  };

  /** An unknown submission outcome: ask the venue by client order id until it answers. */
  const resolveUnknown = async (): Promise<VenueOrder | null> => {
    for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        return await venue.lookupOrder(target);
      } catch {
        // Even the look-up failed for good (e.g. auth): keep the order visibly UNKNOWN and keep asking.
        upsertStatus();
        await condition(() => false, wait);
      }
    }
  };

  const submit = async () => {
    for (let attempt = 1; ; attempt++) {
      if (cancelReason !== null) {
        apply({ type: 'CANCEL_REQUESTED', at: now(), reason: cancelReason });
        await flush();
        return;
      }
      apply({ type: 'SUBMIT_SENT', at: now() });
      await flush(); // SUBMITTING is on record before the venue is called
      try {
        const result = await submission.submitOrder(intent);
        arrivalPrice = result.arrivalPrice;
        applyVenueOrder(result.order);
        await flush();
        return;
      } catch (error) {
        if (failureType(error) === FAILURE.venueRejected) {
          apply({ type: 'REJECTED', at: now(), reason: failureReason(error) });
          await flush();
          return;
        }
        apply({ type: 'SUBMIT_OUTCOME_UNKNOWN', at: now(), reason: failureReason(error) });
        await flush();
        const found = await resolveUnknown();
        if (found) {
          applyVenueOrder(found);
          await flush();
          return;
        }
        apply({ type: 'NOT_AT_VENUE', at: now() });
        if (attempt >= MAX_SUBMISSIONS) {
          apply({
            type: 'EXPIRED',
            at: now(),
            reason: `the venue never received any of ${MAX_SUBMISSIONS} submissions`,
          });
          await flush();
          return;
        }
        await flush();
      }
    }
  };

  const monitor = async () => {
    let interval = POLL_MIN_MS;
    while (!isTerminalStatus(state.status)) {
      let changed = false;
      for (const fill of reportedFills.splice(0))
        changed = apply({ type: 'FILL', at: now(), fill }) || changed;
      const expireAt =
        intent.expireAfterMs !== undefined && state.acceptedAt !== null
          ? state.acceptedAt + intent.expireAfterMs
          : null;
      if (!expiring && expireAt !== null && now() >= expireAt && state.status !== 'PENDING_CANCEL') {
        expiring = true;
        cancelReason ??= `expired after ${intent.expireAfterMs} ms`;
      }
      if (cancelReason !== null && state.status !== 'PENDING_CANCEL') {
        apply({ type: 'CANCEL_REQUESTED', at: now(), reason: cancelReason });
        await flush();
        // apply() may have moved the status: re-read it.
        if ((state.status as OrderStatus) === 'PENDING_CANCEL') await venue.cancelAtVenue(target);
      }
      if (state.venueOrderId !== null || state.status === 'PENDING_CANCEL') {
        // The check itself waits a little for news (cheaper than a timer and a workflow task), but
        // never long: signals and cancels are only seen between checks.
        const progress = await venue.fetchOrderProgress({
          ...target,
          knownFilledQuantity: state.filledQuantity,
          waitMs: cancelReason === null ? Math.min(interval, PROGRESS_WAIT_MAX_MS) : 0,
        });
        for (const fill of progress.fills) changed = apply({ type: 'FILL', at: now(), fill }) || changed;
        if (progress.order) {
          if (state.venueOrderId === null) applyVenueOrder(progress.order);
          endIfVenueSaysDone(progress.order);
        }
      }
      await flush();
      if (isTerminalStatus(state.status)) break;
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        upsertStatus();
        await continueAsNew<typeof orderLifecycle>({
          intent,
          carried: { state, seq, arrivalPrice, cancelReason, expiring },
        });
      }
      const waited = changed ? 0 : Math.min(interval, PROGRESS_WAIT_MAX_MS);
      interval = changed ? POLL_MIN_MS : Math.min(Math.round(interval * 1.5), POLL_MAX_MS);
      const untilExpiry = expireAt !== null && !expiring ? Math.max(0, expireAt - now()) : interval;
      const sleep = Math.min(interval - waited, untilExpiry);
      if (sleep > 0 || reportedFills.length > 0) {
        upsertStatus(); // the UI shows the status the order waits in
        await condition(
          () => reportedFills.length > 0 || (cancelReason !== null && state.status !== 'PENDING_CANCEL'),
          Math.max(1, sleep),
        );
      }
    }
  };

  if (!input.carried) {
    await ledger.recordOrderIntent(intent);
    const decision = await ledger.evaluateRisk(intent);
    if (decision.decision === 'DENY') {
      apply({ type: 'RISK_DENIED', at: now(), codes: decision.codes });
      await flush();
      upsertStatus();
      return state;
    }
    apply({ type: 'RISK_ALLOWED', at: now() });
    await submit();
  }
  await monitor();
  upsertStatus();
  return state;
}
