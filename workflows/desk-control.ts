import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { deskAlertSeverity } from '../domain/desk/alert-severity.js';
import type { BreakerReadings } from '../domain/desk/breakers.js';
import type { DeskActivities, DeskSettings } from '../activities/desk/desk-activities.js';
import {
  applyDeskRequest,
  clearBreaker,
  rearmBreaker,
  refusalOf,
  tripBreaker,
  type BreakerName,
  type DeskRequest,
  type DeskRequestKind,
  type DeskState,
} from '../domain/desk/desk-state.js';
import { causeMessage } from './failure-message.js';
import { KeelStatus } from '../contracts/search-attributes.js';
import {
  closeOnlySignal,
  closeOnlyUpdate,
  deskStatusQuery,
  haltSignal,
  haltUpdate,
  reconciliationBreakerSignal,
  resumeSignal,
  resumeUpdate,
  type DeskControlInput,
  type DeskRequestResult,
  type DeskSignalInput,
} from '../contracts/desk.js';
import { FAILURE } from '../contracts/failures.js';

const HISTORY_LIMIT = 2_000;

const deskStore = proxyActivities<DeskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
// Alerts retry for a while, then give up: an unreachable receiver must not hold the desk.
const alerts = proxyActivities<DeskActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 8,
  },
});
const massCancel = proxyActivities<DeskActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
  },
});
// Breaker checks run every few seconds: as local activities they cost a marker, not three events.
const checks = proxyLocalActivities<DeskActivities>({
  startToCloseTimeout: '20 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 3,
  },
});

interface QueuedRequest {
  id: string;
  request: DeskRequest;
  /** Updates wait for their answer; signals are fire-and-forget. */
  acknowledged: boolean;
}

interface ReconciliationChange {
  tripped: boolean;
  reason: string;
}

interface DeskChangeEvent {
  kind: 'MODE_CHANGED' | 'BREAKER_TRIPPED' | 'BREAKER_CLEARED';
  reason: string;
  actor: string;
  breaker?: BreakerName;
}

/** What one run of the desk holds in memory, shared by its handlers and its main loop. */
interface DeskRun {
  readonly input: DeskControlInput;
  readonly account: string;
  /** Until the persisted state is loaded, `state` is a stand-in that nobody acts on. */
  loaded: boolean;
  state: DeskState;
  lastReadings: BreakerReadings | null;
  lastCheckAt: number | null;
  lastCheckError: string | null;
  readonly queue: QueuedRequest[];
  readonly results: Map<string, DeskRequestResult | { refused: string }>;
  readonly reconciliation: ReconciliationChange[];
}

const KIND_LABEL: Record<DeskRequestKind, string> = {
  halt: 'halt',
  closeOnly: 'close-only',
  resume: 'resume',
};

/**
 * One desk per account, id `desk-<account>`: the trading mode every pre-trade decision reads. An
 * operator's request (signal or update) or a tripping breaker changes the mode; each change is
 * persisted to PostgreSQL before it is acknowledged, audited, and alerted.
 */
export async function deskControl(input: DeskControlInput): Promise<void> {
  // Handlers are registered before the first await: a request sent with the start must find them.
  const run = startDeskRun(input);
  registerHandlers(run);
  const settings = await loadPersistedDesk(run);
  let nextCheckAt = Date.now();
  for (;;) {
    await condition(() => hasQueuedWork(run), Math.max(1, nextCheckAt - Date.now()));
    await applyQueuedWork(run);
    if (Date.now() >= nextCheckAt) {
      await checkBreakersKeepingTheDesk(run);
      nextCheckAt = Date.now() + settings.checkIntervalMs;
    }
    // Only between requests: an update still waiting for its answer must get it from this run.
    if (historyFull(run) && allHandlersFinished() && !hasQueuedWork(run)) await continueAsNewCarrying(run);
  }
}

function startDeskRun(input: DeskControlInput): DeskRun {
  const { account } = input;
  return {
    input,
    account,
    loaded: input.carried !== undefined,
    state: input.carried?.state ?? {
      account,
      mode: 'HALTED',
      reason: 'loading the persisted desk',
      actor: 'keel',
      since: Date.now(),
      breakers: [],
      overridden: [],
    },
    lastReadings: null,
    lastCheckAt: null,
    lastCheckError: null,
    queue: [],
    results: new Map(),
    reconciliation: [],
  };
}

function registerHandlers(run: DeskRun): void {
  setHandler(deskStatusQuery, () => ({
    state: run.loaded ? run.state : null,
    lastReadings: run.lastReadings,
    lastCheckAt: run.lastCheckAt,
    lastCheckError: run.lastCheckError,
  }));
  setHandler(haltSignal, (payload) => queueSignalled(run, 'halt', payload));
  setHandler(closeOnlySignal, (payload) => queueSignalled(run, 'closeOnly', payload));
  setHandler(resumeSignal, (payload) => queueSignalled(run, 'resume', payload));
  setHandler(reconciliationBreakerSignal, (change) => {
    run.reconciliation.push(change);
  });
  for (const [update, kind] of [
    [haltUpdate, 'halt'],
    [closeOnlyUpdate, 'closeOnly'],
    [resumeUpdate, 'resume'],
  ] as const)
    setHandler(update, (payload) => answerUpdate(run, kind, payload), {
      validator: (payload: DeskSignalInput) => validateUpdate(run, kind, payload),
    });
}

function queueSignalled(run: DeskRun, kind: DeskRequestKind, payload?: DeskSignalInput): void {
  run.queue.push({
    id: uuid4(),
    acknowledged: false,
    request: {
      kind,
      reason: typeof payload?.reason === 'string' ? payload.reason : '',
      actor: typeof payload?.actor === 'string' && payload.actor ? payload.actor : 'signal',
      force: payload?.force === true,
      cancelOpen: payload?.cancelOpen === true,
    },
  });
}

async function answerUpdate(
  run: DeskRun,
  kind: DeskRequestKind,
  payload: DeskSignalInput,
): Promise<DeskRequestResult> {
  const id = uuid4();
  run.queue.push({
    id,
    acknowledged: true,
    request: {
      kind,
      reason: payload.reason ?? '',
      actor: payload.actor || 'cli',
      force: payload.force === true,
      cancelOpen: payload.cancelOpen === true,
    },
  });
  await condition(() => run.results.has(id));
  const result = run.results.get(id)!;
  run.results.delete(id);
  if ('refused' in result) throw ApplicationFailure.nonRetryable(result.refused, FAILURE.deskRequestRefused);
  return result;
}

function validateUpdate(run: DeskRun, kind: DeskRequestKind, payload: DeskSignalInput): void {
  const refusal = refusalOf(run.loaded ? run.state : { ...run.state, breakers: [] }, {
    kind,
    reason: typeof payload?.reason === 'string' ? payload.reason : '',
    actor: 'cli',
    force: payload?.force === true,
  });
  if (refusal) throw new Error(refusal);
}

// The persisted desk and the current settings; a continued run keeps the state it carried (it
// may hold in-memory facts, such as a re-armed breaker, that no change has persisted yet).
async function loadPersistedDesk(run: DeskRun): Promise<DeskSettings> {
  const persisted = await deskStore.loadDesk(run.account);
  if (!run.loaded) run.state = persisted.state;
  run.loaded = true;
  upsertSearchAttributes([{ key: KeelStatus, value: run.state.mode }]);
  return persisted.settings;
}

function hasQueuedWork(run: DeskRun): boolean {
  return run.queue.length > 0 || run.reconciliation.length > 0;
}

async function applyQueuedWork(run: DeskRun): Promise<void> {
  while (hasQueuedWork(run)) {
    // Operator requests first, in arrival order; a halt is never queued behind a breaker check.
    const request = run.queue.shift();
    if (request) await handleRequest(run, request);
    const change = run.reconciliation.shift();
    if (change) await applyReconciliation(run, change);
  }
}

async function handleRequest(run: DeskRun, { id, request, acknowledged }: QueuedRequest): Promise<void> {
  const refusal = refusalOf(run.state, request);
  if (refusal) {
    await deskStore.persistDeskChange({
      event: {
        changeId: id,
        account: run.account,
        kind: 'REQUEST_REFUSED',
        oldMode: run.state.mode,
        newMode: run.state.mode,
        reason: refusal,
        actor: request.actor,
        breaker: null,
        details: { request },
        at: Date.now(),
      },
      state: null,
    });
    if (acknowledged) run.results.set(id, { refused: refusal });
    return;
  }
  await record(run, applyDeskRequest(run.state, request, Date.now()), {
    kind: 'MODE_CHANGED',
    reason: `${KIND_LABEL[request.kind]}: ${request.reason.trim()}`,
    actor: request.actor,
  });
  const cancelled =
    request.kind === 'halt' && request.cancelOpen
      ? await massCancel.cancelOpenOrders({
          account: run.account,
          reason: `desk halted: ${request.reason.trim()}`,
        })
      : null;
  if (acknowledged) run.results.set(id, { state: run.state, cancelled });
}

async function applyReconciliation(run: DeskRun, { tripped, reason }: ReconciliationChange): Promise<void> {
  const holding = run.state.breakers.some((breaker) => breaker.name === 'reconciliation');
  if (tripped)
    await record(run, tripBreaker(run.state, 'reconciliation', reason, Date.now()), {
      kind: 'BREAKER_TRIPPED',
      reason,
      actor: 'breaker:reconciliation',
      breaker: 'reconciliation',
    });
  else if (holding)
    await record(run, clearBreaker(rearmBreaker(run.state, 'reconciliation'), 'reconciliation'), {
      kind: 'BREAKER_CLEARED',
      reason,
      actor: 'breaker:reconciliation',
      breaker: 'reconciliation',
    });
}

// A check that cannot read the database or the venue must not end the desk: its mode stays
// in force at the gate (which fails closed without the database) and the next check tries again.
async function checkBreakersKeepingTheDesk(run: DeskRun): Promise<void> {
  try {
    await checkBreakers(run);
    run.lastCheckError = null;
  } catch (error: unknown) {
    run.lastCheckError = causeMessage(error);
    log.warn('breaker check failed; the next one tries again', {
      account: run.account,
      error: run.lastCheckError,
    });
  }
}

async function checkBreakers(run: DeskRun): Promise<void> {
  const { readings, assessment } = await checks.assessDesk({
    account: run.account,
    active: run.state.breakers,
    overridden: run.state.overridden,
  });
  run.lastReadings = readings;
  run.lastCheckAt = Date.now();
  for (const name of assessment.rearm) run.state = rearmBreaker(run.state, name);
  for (const { name, reason } of assessment.trip)
    await record(run, tripBreaker(run.state, name, reason, Date.now()), {
      kind: 'BREAKER_TRIPPED',
      reason,
      actor: `breaker:${name}`,
      breaker: name,
    });
  for (const { name, reason } of assessment.clear)
    await record(run, clearBreaker(run.state, name), {
      kind: 'BREAKER_CLEARED',
      reason,
      actor: `breaker:${name}`,
      breaker: name,
    });
}

/** Persists (before anything is acknowledged), then alerts. */
async function record(
  run: DeskRun,
  next: DeskState,
  event: DeskChangeEvent,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { account } = run;
  const changeId = uuid4();
  const at = Date.now();
  await deskStore.persistDeskChange({
    event: {
      changeId,
      account,
      kind: event.kind,
      oldMode: run.state.mode,
      newMode: next.mode,
      reason: event.reason,
      actor: event.actor,
      breaker: event.breaker ?? null,
      details,
      at,
    },
    state: next,
  });
  const previous = run.state;
  run.state = next;
  if (previous.mode !== next.mode) upsertSearchAttributes([{ key: KeelStatus, value: next.mode }]);
  await alerts
    .sendAlert({
      kind: `desk.${event.kind.toLowerCase()}`,
      account,
      severity: deskAlertSeverity(event.kind, next.mode),
      summary:
        previous.mode === next.mode
          ? `desk ${account}: ${event.kind.toLowerCase().replace('_', ' ')} (${next.mode}): ${event.reason}`
          : `desk ${account}: ${previous.mode} → ${next.mode}: ${event.reason}`,
      idempotencyKey: changeId,
      time: new Date(at).toISOString(),
      oldMode: previous.mode,
      newMode: next.mode,
      reason: event.reason,
      actor: event.actor,
      breaker: event.breaker ?? null,
      ...details,
    })
    .catch(() => undefined); // an undeliverable alert is in the history; the change stands
}

function historyFull({ input }: DeskRun): boolean {
  return (
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT)
  );
}

async function continueAsNewCarrying({ input, account, state }: DeskRun): Promise<never> {
  return continueAsNew<typeof deskControl>({
    account,
    carried: { state },
    ...(input.historyLimit !== undefined ? { historyLimit: input.historyLimit } : {}),
  });
}
