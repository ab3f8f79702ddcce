import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders/order-activities.js';
import type { VenueOrder } from '../venues/venue.js';
import { FILL_TOLERANCE } from '../domain/orders/fill-totals.js';
import { applyOrderEvent, isTerminalStatus, newOrderState } from '../domain/orders/state-machine.js';
import type { OrderEvent, OrderFill, OrderIntent, OrderState, OrderStatus } from '../domain/orders/types.js';
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
// client order id, which is what makes re-running one after a crash safe (a submission that may repeat
// an earlier attempt looks the order up first and adopts it: docs/exactly-once.md).
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

/** How the venue activities address an order: by its client order id, under one account and symbol. */
type VenueTarget = { account: string; symbol: string; clientOrderId: string };

/** Histories recorded before this change counted an expiry from the venue's acceptance time. */
const EXPIRY_ON_WORKFLOW_CLOCK = 'order-expiry-on-workflow-clock';

/**
 * What one run of an order's workflow knows. The handlers and every step read and change this one
 * object, so the query always answers with the state the steps last applied.
 */
interface OrderRun {
  readonly intent: OrderIntent;
  /** When this workflow saw the venue accept the order, on its own clock (what an expiry counts from). */
  acceptedSeenAt: number | null;
  readonly target: VenueTarget;
  state: OrderState;
  seq: number;
  arrivalPrice: number | null;
  cancelReason: string | null;
  expiring: boolean;
  /** Applied but not yet in the ledger: written in one call at the next flush. */
  pending: { seq: number; event: OrderEvent; statusAfter: string }[];
  pendingFills: OrderFill[];
  /** From the fill feed; applied at the next check, so a fill is booked in step with the polled ones. */
  readonly reportedFills: OrderFill[];
  upsertedStatus: OrderStatus;
}

/**
 * One order, from intent to a terminal state: risk decision (recorded) → submit → acknowledgement
 * → fills → terminal. Workflow id `order-<clientOrderId>`; the client order id is the idempotency key
 * at the venue too, so the order is sent at most once whatever crashes or retries happen.
 */
export async function orderLifecycle(input: OrderLifecycleInput): Promise<OrderState> {
  const run = startRun(input);
  registerHandlers(run);
  // A run carried over by continue-as-new was decided and submitted before.
  if (!input.carried) {
    if (!(await decide(run))) return finish(run);
    await submit(run);
  }
  await follow(run);
  return finish(run);
}

function startRun({ intent, carried }: OrderLifecycleInput): OrderRun {
  return {
    intent,
    target: { account: intent.account, symbol: intent.symbol, clientOrderId: intent.clientOrderId },
    state: carried?.state ?? newOrderState(intent),
    seq: carried?.seq ?? 0,
    arrivalPrice: carried?.arrivalPrice ?? null,
    cancelReason: carried?.cancelReason ?? null,
    expiring: carried?.expiring ?? false,
    acceptedSeenAt: carried?.acceptedSeenAt ?? null,
    pending: [],
    pendingFills: [],
    reportedFills: [],
    upsertedStatus: carried?.state.status ?? 'NEW',
  };
}

function registerHandlers(run: OrderRun): void {
  setHandler(orderStateQuery, () => run.state);
  setHandler(cancelOrderSignal, ({ reason }) => {
    if (!isTerminalStatus(run.state.status)) run.cancelReason ??= reason || 'cancel requested';
  });
  setHandler(fillReportSignal, (fill) => {
    run.reportedFills.push(fill);
  });
  setHandler(
    cancelOrderUpdate,
    async ({ reason }) => {
      run.cancelReason ??= reason;
      await condition(() => isTerminalStatus(run.state.status) || run.state.status === 'PENDING_CANCEL');
      return run.state.status;
    },
    {
      validator: (request: { reason?: unknown }) => {
        // The UI and other SDKs can send anything: check the shape, not just the type.
        if (typeof request?.reason !== 'string' || !request.reason.trim())
          throw new Error('a cancel needs a reason');
        if (isTerminalStatus(run.state.status))
          throw new Error(`order ${run.intent.clientOrderId} is already ${run.state.status}`);
      },
    },
  );
}

/** Records the intent and the risk decision; false when risk denied the order (then it is over). */
async function decide(run: OrderRun): Promise<boolean> {
  await ledger.recordOrderIntent(run.intent);
  const decision = await ledger.evaluateRisk(run.intent);
  if (decision.decision === 'DENY') {
    apply(run, { type: 'RISK_DENIED', at: now(), codes: decision.codes });
    await flush(run);
    return false;
  }
  apply(run, { type: 'RISK_ALLOWED', at: now() });
  return true;
}

async function submit(run: OrderRun): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (run.cancelReason !== null) {
      apply(run, { type: 'CANCEL_REQUESTED', at: now(), reason: run.cancelReason });
      await flush(run);
      return;
    }
    apply(run, { type: 'SUBMIT_SENT', at: now() });
    await flush(run); // SUBMITTING is on record before the venue is called
    try {
      const result = await submission.submitOrder(run.intent);
      run.arrivalPrice = result.arrivalPrice;
      applyVenueOrder(run, result.order);
      await flush(run);
      return;
    } catch (error) {
      if (await settleFailedSubmission(run, error, attempt)) return;
    }
  }
}

/** True when the failure settled where the order stands; false when it is to be sent again. */
async function settleFailedSubmission(run: OrderRun, error: unknown, attempt: number): Promise<boolean> {
  if (failureType(error) === FAILURE.venueRejected) {
    apply(run, { type: 'REJECTED', at: now(), reason: failureReason(error) });
    await flush(run);
    return true;
  }
  apply(run, { type: 'SUBMIT_OUTCOME_UNKNOWN', at: now(), reason: failureReason(error) });
  await flush(run);
  const found = await resolveUnknown(run);
  if (found) {
    applyVenueOrder(run, found);
    await flush(run);
    return true;
  }
  apply(run, { type: 'NOT_AT_VENUE', at: now() });
  if (attempt >= MAX_SUBMISSIONS) {
    apply(run, {
      type: 'EXPIRED',
      at: now(),
      reason: `the venue never received any of ${MAX_SUBMISSIONS} submissions`,
    });
    await flush(run);
    return true;
  }
  await flush(run);
  return false;
}

/** An unknown submission outcome: ask the venue by client order id until it answers. */
async function resolveUnknown(run: OrderRun): Promise<VenueOrder | null> {
  for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
    try {
      return await venue.lookupOrder(run.target);
    } catch {
      // Even the look-up failed for good (e.g. auth): keep the order visibly UNKNOWN and keep asking.
      upsertStatus(run);
      await condition(() => false, wait);
    }
  }
}

/** Until the order is terminal: take in fills, expire and cancel it, and watch the venue. */
async function follow(run: OrderRun): Promise<void> {
  // Every wait of the loop is awaited here, directly, with only plain functions around it: an
  // update that completes in the same activation is ordered against these commands by microtask
  // depth, which recorded histories depend on.
  let interval = POLL_MIN_MS;
  while (!isTerminalStatus(run.state.status)) {
    let changed = applyReportedFills(run);
    const expireAt = expiryOf(run);
    startExpiringIfDue(run, expireAt);
    const cancel = cancelToRequest(run);
    if (cancel) {
      apply(run, cancel);
      await flush(run);
      // apply() may have moved the status: re-read it.
      if (run.state.status === 'PENDING_CANCEL') await venue.cancelAtVenue(run.target);
    }
    if (run.state.venueOrderId !== null || run.state.status === 'PENDING_CANCEL') {
      const progress = await venue.fetchOrderProgress(progressRequest(run, interval));
      changed = applyProgress(run, progress) || changed;
    }
    await flush(run);
    if (isTerminalStatus(run.state.status)) break;
    if (workflowInfo().historyLength > HISTORY_LIMIT) await carryOver(run);
    const waited = changed ? 0 : Math.min(interval, PROGRESS_WAIT_MAX_MS);
    interval = changed ? POLL_MIN_MS : Math.min(Math.round(interval * 1.5), POLL_MAX_MS);
    const untilExpiry = expireAt !== null && !run.expiring ? Math.max(0, expireAt - now()) : interval;
    const sleep = Math.min(interval - waited, untilExpiry);
    if (sleep > 0 || run.reportedFills.length > 0) {
      upsertStatus(run); // the UI shows the status the order waits in
      await condition(() => hasNews(run), Math.max(1, sleep));
    }
  }
}

/** True when a reported fill was new. */
function applyReportedFills(run: OrderRun): boolean {
  let changed = false;
  for (const fill of run.reportedFills.splice(0))
    changed = apply(run, { type: 'FILL', at: now(), fill }) || changed;
  return changed;
}

function expiryOf(run: OrderRun): number | null {
  if (run.intent.expireAfterMs === undefined || run.state.acceptedAt === null) return null;
  // Counted on the clock it is compared with (this workflow's): the venue's acceptance time is market
  // time, months behind on an accelerated simulator account, where the order expired at once.
  if (patched(EXPIRY_ON_WORKFLOW_CLOCK) && run.acceptedSeenAt !== null)
    return run.acceptedSeenAt + run.intent.expireAfterMs;
  return run.state.acceptedAt + run.intent.expireAfterMs;
}

/** An expiry is a cancel that ends as EXPIRED: it rides on the cancel reason unless one is already set. */
function startExpiringIfDue(run: OrderRun, expireAt: number | null): void {
  if (!run.expiring && expireAt !== null && now() >= expireAt && run.state.status !== 'PENDING_CANCEL') {
    run.expiring = true;
    run.cancelReason ??= `expired after ${run.intent.expireAfterMs} ms`;
  }
}

/** A cancel wanted and not yet in flight. */
function cancelToRequest(run: OrderRun): OrderEvent | null {
  if (run.cancelReason === null || run.state.status === 'PENDING_CANCEL') return null;
  return { type: 'CANCEL_REQUESTED', at: now(), reason: run.cancelReason };
}

function progressRequest(
  run: OrderRun,
  interval: number,
): Parameters<OrderActivities['fetchOrderProgress']>[0] {
  // The check itself waits a little for news (cheaper than a timer and a workflow task), but
  // never long: signals and cancels are only seen between checks.
  return {
    ...run.target,
    knownFilledQuantity: run.state.filledQuantity,
    waitMs: run.cancelReason === null ? Math.min(interval, PROGRESS_WAIT_MAX_MS) : 0,
  };
}

/** True when the venue reported a new fill. */
function applyProgress(
  run: OrderRun,
  progress: Awaited<ReturnType<OrderActivities['fetchOrderProgress']>>,
): boolean {
  let changed = false;
  for (const fill of progress.fills) changed = apply(run, { type: 'FILL', at: now(), fill }) || changed;
  if (progress.order) {
    if (run.state.venueOrderId === null) applyVenueOrder(run, progress.order);
    endIfVenueSaysDone(run, progress.order);
  }
  return changed;
}

/**
 * A long history slows every replay: hand what this run knows to a fresh one. Not async, so the
 * loop awaits continueAsNew's own promise (see follow).
 */
function carryOver(run: OrderRun): Promise<never> {
  upsertStatus(run);
  const { intent, state, seq, arrivalPrice, cancelReason, expiring, acceptedSeenAt } = run;
  return continueAsNew<typeof orderLifecycle>({
    intent,
    carried: {
      state,
      seq,
      arrivalPrice,
      cancelReason,
      expiring,
      ...(acceptedSeenAt !== null ? { acceptedSeenAt } : {}),
    },
  });
}

/** What wakes the loop before its next check: a reported fill or a cancel not yet in flight. */
function hasNews(run: OrderRun): boolean {
  return run.reportedFills.length > 0 || (run.cancelReason !== null && run.state.status !== 'PENDING_CANCEL');
}

function finish(run: OrderRun): OrderState {
  upsertStatus(run);
  return run.state;
}

/** Applies an event through the state machine; returns false for a duplicate (e.g. a fill seen twice). */
function apply(run: OrderRun, event: OrderEvent): boolean {
  const result = applyOrderEvent(run.state, event);
  if (result.duplicate) return false;
  run.state = result.state;
  run.pending.push({ seq: ++run.seq, event, statusAfter: run.state.status });
  if (event.type === 'FILL') run.pendingFills.push(event.fill);
  return true;
}

/**
 * KeelStatus follows the order where it can be seen: before every wait and at the end. Transient
 * statuses inside one workflow task (SUBMITTING on the way to ACCEPTED) are in the history, not
 * in the search attribute — each upsert is a visibility write.
 */
function upsertStatus(run: OrderRun): void {
  if (run.state.status === run.upsertedStatus) return;
  upsertSearchAttributes([{ key: KeelStatus, value: run.state.status }]);
  run.upsertedStatus = run.state.status;
}

async function flush(run: OrderRun): Promise<void> {
  if (run.pending.length === 0) return;
  const events = run.pending;
  const fills = run.pendingFills;
  run.pending = [];
  run.pendingFills = [];
  await ledger.recordOrderEvents({ state: run.state, events, fills, arrivalPrice: run.arrivalPrice });
}

/** Brings the venue's view of the order into the state machine. */
function applyVenueOrder(run: OrderRun, order: VenueOrder): void {
  if (order.status === 'rejected') {
    if (!isTerminalStatus(run.state.status))
      apply(run, { type: 'REJECTED', at: now(), reason: 'rejected by the venue' });
    return;
  }
  if (
    run.state.venueOrderId === null ||
    run.state.status === 'SUBMITTING' ||
    run.state.status === 'UNKNOWN'
  ) {
    apply(run, { type: 'ACCEPTED', at: order.timestamp ?? now(), venueOrderId: order.venueOrderId });
    run.acceptedSeenAt ??= now();
  }
}

/** The venue reports more filled than the workflow has seen (beyond float noise): fills are still to come. */
function venueAhead(run: OrderRun, order: VenueOrder): boolean {
  return order.filledQuantity - run.state.filledQuantity > FILL_TOLERANCE * run.intent.quantity;
}

function endIfVenueSaysDone(run: OrderRun, order: VenueOrder): void {
  if (isTerminalStatus(run.state.status) || venueAhead(run, order)) return;
  if (order.status === 'canceled') {
    apply(
      run,
      run.expiring
        ? { type: 'EXPIRED', at: now(), reason: 'expired: cancelled at the venue after its time limit' }
        : { type: 'CANCELED', at: now(), reason: run.cancelReason ?? 'cancelled at the venue' },
    );
  } else if (order.status === 'expired') {
    apply(run, { type: 'EXPIRED', at: now(), reason: 'expired at the venue (time in force)' });
  } else if (order.status === 'rejected') {
    apply(run, { type: 'REJECTED', at: now(), reason: 'rejected by the venue' });
  }
}

/** Workflow time: the same on every replay. */
function now(): number {
  return Date.now();
}
