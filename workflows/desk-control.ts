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
import type { DeskActivities } from '../activities/desk/desk-activities.js';
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
  const { account } = input;
  // Handlers are registered before the first await: a request sent with the start must find them.
  // Until the persisted state is loaded, `state` is a stand-in that nobody acts on.
  let loaded = input.carried !== undefined;
  let state: DeskState = input.carried?.state ?? {
    account,
    mode: 'HALTED',
    reason: 'loading the persisted desk',
    actor: 'keel',
    since: Date.now(),
    breakers: [],
    overridden: [],
  };
  let lastReadings: BreakerReadings | null = null;
  let lastCheckAt: number | null = null;
  let lastCheckError: string | null = null;
  const queue: QueuedRequest[] = [];
  const results = new Map<string, DeskRequestResult | { refused: string }>();
  const reconciliation: { tripped: boolean; reason: string }[] = [];

  setHandler(deskStatusQuery, () => ({
    state: loaded ? state : null,
    lastReadings,
    lastCheckAt,
    lastCheckError,
  }));

  const fromSignal = (kind: DeskRequestKind) => (payload?: DeskSignalInput) => {
    queue.push({
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
  };
  setHandler(haltSignal, fromSignal('halt'));
  setHandler(closeOnlySignal, fromSignal('closeOnly'));
  setHandler(resumeSignal, fromSignal('resume'));
  setHandler(reconciliationBreakerSignal, (change) => {
    reconciliation.push(change);
  });

  const viaUpdate = (kind: DeskRequestKind) => ({
    handler: async (payload: DeskSignalInput): Promise<DeskRequestResult> => {
      const id = uuid4();
      queue.push({
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
      await condition(() => results.has(id));
      const result = results.get(id)!;
      results.delete(id);
      if ('refused' in result)
        throw ApplicationFailure.nonRetryable(result.refused, FAILURE.deskRequestRefused);
      return result;
    },
    validator: (payload: DeskSignalInput) => {
      const refusal = refusalOf(loaded ? state : { ...state, breakers: [] }, {
        kind,
        reason: typeof payload?.reason === 'string' ? payload.reason : '',
        actor: 'cli',
        force: payload?.force === true,
      });
      if (refusal) throw new Error(refusal);
    },
  });
  for (const [update, kind] of [
    [haltUpdate, 'halt'],
    [closeOnlyUpdate, 'closeOnly'],
    [resumeUpdate, 'resume'],
  ] as const) {
    const { handler, validator } = viaUpdate(kind);
    setHandler(update, handler, { validator });
  }

  /** Persists (before anything is acknowledged), then alerts. */
  const record = async (
    next: DeskState,
    event: {
      kind: 'MODE_CHANGED' | 'BREAKER_TRIPPED' | 'BREAKER_CLEARED';
      reason: string;
      actor: string;
      breaker?: BreakerName;
    },
    details: Record<string, unknown> = {},
  ) => {
    const changeId = uuid4();
    const at = Date.now();
    await deskStore.persistDeskChange({
      event: {
        changeId,
        account,
        kind: event.kind,
        oldMode: state.mode,
        newMode: next.mode,
        reason: event.reason,
        actor: event.actor,
        breaker: event.breaker ?? null,
        details,
        at,
      },
      state: next,
    });
    const previous = state;
    state = next;
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
  };

  const handleRequest = async ({ id, request, acknowledged }: QueuedRequest) => {
    const refusal = refusalOf(state, request);
    if (refusal) {
      await deskStore.persistDeskChange({
        event: {
          changeId: id,
          account,
          kind: 'REQUEST_REFUSED',
          oldMode: state.mode,
          newMode: state.mode,
          reason: refusal,
          actor: request.actor,
          breaker: null,
          details: { request },
          at: Date.now(),
        },
        state: null,
      });
      if (acknowledged) results.set(id, { refused: refusal });
      return;
    }
    await record(applyDeskRequest(state, request, Date.now()), {
      kind: 'MODE_CHANGED',
      reason: `${KIND_LABEL[request.kind]}: ${request.reason.trim()}`,
      actor: request.actor,
    });
    const cancelled =
      request.kind === 'halt' && request.cancelOpen
        ? await massCancel.cancelOpenOrders({ account, reason: `desk halted: ${request.reason.trim()}` })
        : null;
    if (acknowledged) results.set(id, { state, cancelled });
  };

  const checkBreakers = async () => {
    const { readings, assessment } = await checks.assessDesk({
      account,
      active: state.breakers,
      overridden: state.overridden,
    });
    lastReadings = readings;
    lastCheckAt = Date.now();
    for (const name of assessment.rearm) state = rearmBreaker(state, name);
    for (const { name, reason } of assessment.trip)
      await record(tripBreaker(state, name, reason, Date.now()), {
        kind: 'BREAKER_TRIPPED',
        reason,
        actor: `breaker:${name}`,
        breaker: name,
      });
    for (const { name, reason } of assessment.clear)
      await record(clearBreaker(state, name), {
        kind: 'BREAKER_CLEARED',
        reason,
        actor: `breaker:${name}`,
        breaker: name,
      });
  };

  const applyReconciliation = async ({ tripped, reason }: { tripped: boolean; reason: string }) => {
    const holding = state.breakers.some((breaker) => breaker.name === 'reconciliation');
    if (tripped)
      await record(tripBreaker(state, 'reconciliation', reason, Date.now()), {
        kind: 'BREAKER_TRIPPED',
        reason,
        actor: 'breaker:reconciliation',
        breaker: 'reconciliation',
      });
    else if (holding)
      await record(clearBreaker(rearmBreaker(state, 'reconciliation'), 'reconciliation'), {
        kind: 'BREAKER_CLEARED',
        reason,
        actor: 'breaker:reconciliation',
        breaker: 'reconciliation',
      });
  };

  // The persisted desk and the current settings; a continued run keeps the state it carried (it
  // may hold in-memory facts, such as a re-armed breaker, that no change has persisted yet).
  const persisted = await deskStore.loadDesk(account);
  const { settings } = persisted;
  if (!loaded) state = persisted.state;
  loaded = true;
  upsertSearchAttributes([{ key: KeelStatus, value: state.mode }]);

  let nextCheckAt = Date.now();
  for (;;) {
    const work = () => queue.length > 0 || reconciliation.length > 0;
    await condition(work, Math.max(1, nextCheckAt - Date.now()));
    while (work()) {
      // Operator requests first, in arrival order; a halt is never queued behind a breaker check.
      const request = queue.shift();
      if (request) await handleRequest(request);
      const change = reconciliation.shift();
      if (change) await applyReconciliation(change);
    }
    if (Date.now() >= nextCheckAt) {
      // A check that cannot read the database or the venue must not end the desk: its mode stays
      // in force at the gate (which fails closed without the database) and the next check tries again.
      await checkBreakers().then(
        () => (lastCheckError = null),
        (error: unknown) => {
          lastCheckError = causeMessage(error);
          log.warn('breaker check failed; the next one tries again', { account, error: lastCheckError });
        },
      );
      nextCheckAt = Date.now() + settings.checkIntervalMs;
    }
    // Only between requests: an update still waiting for its answer must get it from this run.
    const historyFull =
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT);
    if (historyFull && allHandlersFinished() && !work())
      await continueAsNew<typeof deskControl>({
        account,
        carried: { state },
        ...(input.historyLimit !== undefined ? { historyLimit: input.historyLimit } : {}),
      });
  }
}
