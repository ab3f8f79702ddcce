import {
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { BurnInActivities } from '../activities/burn-in/burn-in-activities.js';
import type { DatasetManifest } from '../domain/market-data/dataset-manifest.js';
import type { BurnInPlan } from '../contracts/burn-in/burn-in-plan.js';
import { BURN_IN_FINISH_RETRY } from '../contracts/burn-in/finish-retry.js';
import {
  burnInStatusQuery,
  stopBurnInSignal,
  type BurnInFinish,
  type BurnInInput,
  type BurnInProgress,
  type BurnInRunStatus,
} from '../contracts/burn-in/burn-in-workflow.js';
import {
  haltReplacementId,
  placedAgainAfterHalt,
  type RiskVerdict,
} from '../domain/burn-in/halt-replacement.js';
import type { OrderIntent, OrderState } from '../domain/orders/types.js';
import { decisionPointAtOrAfter } from '../domain/burn-in/run-calendar.js';
import { TASK_QUEUES } from '../contracts/task-queues.js';
import { orderLifecycle } from './order-lifecycle.js';
import { reconcile } from './reconcile.js';
import {
  KeelAccount,
  KeelKind,
  KeelRunId,
  KeelStatus,
  orderStartAttributes,
  reconcileStartAttributes,
} from '../contracts/search-attributes.js';
import { orderWorkflowId } from '../contracts/orders.js';

/** Histories recorded before this change awaited bare decisions and let a halt's denials stand. */
const PLACE_AGAIN_AFTER_HALT = 'burn-in-place-again-after-halt';
/** Histories recorded before this change started children without Keel's search attributes. */
const CHILD_SEARCH_ATTRIBUTES = 'burn-in-child-search-attributes';
/** How often a run waiting out a halt looks at the desk again. */
const HALT_RECHECK = '2 seconds';

const steps = proxyActivities<BurnInActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const gate = proxyActivities<BurnInActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
const finishing = proxyActivities<BurnInActivities>(BURN_IN_FINISH_RETRY);

/** Everything a burn-in carries from step to step within one run (one continue-as-new chunk). */
interface BurnInRun {
  readonly input: BurnInInput;
  readonly runId: string;
  readonly plan: BurnInPlan;
  readonly dataset: DatasetManifest;
  readonly progress: BurnInProgress;
  readonly stop: StopRequest;
  cursor: number;
  cyclesThisRun: number;
  haltedSince: number | null;
}

/** Set by the stop signal; the run reads it once per cycle. */
interface StopRequest {
  reason: string | null;
}

type FinalStatus = 'FINISHED' | 'CANCELED' | 'ERROR';
type Decision = Awaited<ReturnType<BurnInActivities['burnInDecide']>>;
type OrderChild = Awaited<ReturnType<typeof startOrderChild>>;

/**
 * A paper burn-in: the strategies run over a market-time window on the live order path. Each
 * cycle the venue's clock moves to the next decision point, the run's orders from the previous
 * cycle finish, and the strategies decide; every order is an order workflow (risk gate, venue
 * adapter, ledger) started as a child. A desk halt pauses entries (exits go on under close-only);
 * stopping finishes the cycle in hand and reports CANCELED. At the end: trades, metrics, gates and
 * the truth report.
 */
export async function burnIn(input: BurnInInput): Promise<BurnInFinish> {
  const progress = input.carried?.progress ?? startingProgress(input.runId);
  // Before the first await: a stop or a status query delivered with the first workflow task must
  // find its handler.
  const stop = registerHandlers(progress);
  const run = input.carried
    ? openRun(input, input.carried, progress, stop)
    : openRun(input, await prepare(input, progress), progress, stop);
  if (!input.carried) {
    const drift = await reconcileAtStartUp(run);
    if (drift !== null) return finish(run, 'ERROR', drift);
  }
  setStatus(run, progress.deskMode !== null && progress.deskMode !== 'ACTIVE' ? 'PAUSED' : 'RUNNING');
  return runCycles(run);
}

function startingProgress(runId: string): BurnInProgress {
  return {
    runId,
    status: 'STARTING',
    statusReason: null,
    account: null,
    progress: 0,
    cycle: 0,
    cursor: null,
    from: null,
    to: null,
    deskMode: null,
    orders: { started: 0, filled: 0, denied: 0, other: 0 },
    errors: 0,
    heartbeat: null,
    result: null,
  };
}

function registerHandlers(progress: BurnInProgress): StopRequest {
  const stop: StopRequest = { reason: null };
  setHandler(burnInStatusQuery, () => progress);
  setHandler(stopBurnInSignal, ({ reason }) => {
    stop.reason ??= reason || 'stopped by an operator';
  });
  return stop;
}

function openRun(
  input: BurnInInput,
  { plan, dataset }: { plan: BurnInPlan; dataset: DatasetManifest },
  progress: BurnInProgress,
  stop: StopRequest,
): BurnInRun {
  const cursor = input.carried?.cursor ?? plan.from;
  return {
    input,
    runId: input.runId,
    plan,
    dataset,
    progress,
    stop,
    cursor,
    cyclesThisRun: 0,
    haltedSince: null,
  };
}

async function prepare(
  input: BurnInInput,
  progress: BurnInProgress,
): Promise<{ plan: BurnInPlan; dataset: DatasetManifest }> {
  setStatus({ runId: input.runId, progress }, 'STARTING');
  // The plan is read back from the activity's result, not from the input: histories recorded before
  // runs were planned at the edge carry their plan only there, and they must replay.
  const { plan, dataset } = await steps.prepareBurnIn({ plan: input.plan });
  Object.assign(progress, { account: plan.account, from: plan.from, to: plan.to, cursor: plan.from });
  return { plan, dataset };
}

/** The reason the run may not trade, or null once the venue and the ledger agree. */
async function reconcileAtStartUp(run: BurnInRun): Promise<string | null> {
  const { input, plan, runId } = run;
  // Nothing is placed before the venue and the ledger agree.
  setStatus(run, 'RECONCILING');
  const check = await executeChild(reconcile, {
    workflowId: `reconcile-burn-in-${runId}`,
    taskQueue: input.reconcileTaskQueue ?? TASK_QUEUES.reconcile,
    ...(patched(CHILD_SEARCH_ATTRIBUTES)
      ? {
          typedSearchAttributes: reconcileStartAttributes(plan.account, runId),
          memo: { summary: `start-up reconciliation of ${plan.account} for burn-in ${runId}` },
        }
      : {}),
    args: [
      {
        account: plan.account,
        trigger: 'startup',
        ordersTaskQueue: input.ordersTaskQueue ?? TASK_QUEUES.orders,
        deskTaskQueue: input.deskTaskQueue ?? TASK_QUEUES.desk,
      },
    ],
  });
  if (check.status === 'CLEAN') return null;
  return `the start-up reconciliation ${check.runId} found ${check.drifts.length} drift(s)`;
}

async function runCycles(run: BurnInRun): Promise<BurnInFinish> {
  const { plan, progress } = run;
  for (;;) {
    if (run.stop.reason !== null) return finish(run, 'CANCELED', run.stop.reason);
    if (run.cyclesThisRun >= plan.chunkCycles) {
      await continueAsNew<typeof burnIn>(carryOver(run));
    }
    const step = await decide(run);
    recordDecision(run, step);
    await showPaused(run, step.deskMode !== 'ACTIVE', `desk ${step.deskMode}`);
    const ended = trackHalt(run, step);
    if (ended) return ended;
    if (step.waitMs !== null) {
      // Realtime: the venue's market has not reached the next decision point yet; or the desk is
      // halted and an accelerated run holds its clock.
      await sleep(Math.max(1_000, step.waitMs));
      continue;
    }
    run.cursor = step.nextCursor;
    progress.cycle++;
    run.cyclesThisRun++;
    if (step.intents.length > 0) {
      const placed = await placeOrders(run, step.intents);
      if ('ended' in placed) return placed.ended;
      await advanceClock(run, placed.children, placed.pending);
    }
    if (step.done) return finish(run, 'FINISHED', null);
  }
}

function carryOver(run: BurnInRun): BurnInInput {
  const { input, plan, dataset, cursor, progress } = run;
  return { ...input, carried: { plan, dataset, cursor, cycle: progress.cycle, progress } };
}

function decide(run: BurnInRun): Promise<Decision> {
  const { plan, cursor, progress } = run;
  return steps.burnInDecide({ plan, cursor, cycle: progress.cycle, errors: progress.errors });
}

function recordDecision({ plan, progress }: BurnInRun, step: Decision): void {
  progress.heartbeat = step.heartbeat;
  progress.deskMode = step.deskMode;
  progress.cursor = step.nextCursor;
  progress.progress = Math.min(
    1,
    Math.max(0, (step.decisionTime - plan.from) / Math.max(1, plan.to - plan.from)),
  );
}

/** Notes when the desk went HALTED; the run's end if it has stayed halted too long. */
function trackHalt(run: BurnInRun, step: Decision): Promise<BurnInFinish> | null {
  const { progress } = run;
  if (step.deskMode === 'HALTED' && step.waitMs !== null) {
    run.haltedSince ??= Date.now();
    progress.statusReason = `desk HALTED: ${step.deskReason ?? 'no reason given'}`;
    return endIfHaltedTooLong(run, run.haltedSince, step.deskReason ?? 'no reason');
  }
  run.haltedSince = null;
  if (progress.status !== 'PAUSED') progress.statusReason = null;
  return null;
}

/** Starts the cycle's orders; the run's end instead if a halt outlasts the run's limit meanwhile. */
async function placeOrders(
  run: BurnInRun,
  intents: readonly OrderIntent[],
): Promise<{ children: OrderChild[]; pending: string[] } | { ended: BurnInFinish }> {
  const { plan, progress } = run;
  const children: OrderChild[] = [];
  const pending: string[] = [];
  for (const intent of intents) {
    let placed = intent;
    for (let attempt = 1; ; attempt++) {
      const child = await startOrderChild(run, placed);
      progress.orders.started++;
      // One decision at a time, in the strategies' order: the gate's running counts and caps then
      // see the run's orders in the same order on every run, whatever the workers' timing.
      if (!patched(PLACE_AGAIN_AFTER_HALT)) {
        await gate.awaitRiskDecision({ clientOrderId: placed.clientOrderId });
        children.push(child);
        break;
      }
      const verdict: RiskVerdict = await gate.awaitRiskVerdict({ clientOrderId: placed.clientOrderId });
      if (!placedAgainAfterHalt(plan.mode, verdict)) {
        children.push(child);
        break;
      }
      // The halt landed between the decision and its orders. The clock holds while the desk is
      // halted, so after the resume this order meets the market it would have met.
      progress.orders.placedAgain = (progress.orders.placedAgain ?? 0) + 1;
      const ended = await waitOutHalt(run);
      if (ended) return { ended };
      placed = { ...intent, clientOrderId: haltReplacementId(intent.clientOrderId, attempt) };
    }
    pending.push(placed.clientOrderId);
  }
  return { children, pending };
}

async function advanceClock(run: BurnInRun, children: OrderChild[], pending: string[]): Promise<void> {
  const { plan } = run;
  // The orders execute on the bars up to the next decision point.
  const advanced = await steps.burnInAdvance({ plan, to: run.cursor, pending });
  for (const child of children) countOutcome(run, await child.result());
  // The strategies next decide at the first decision point at or after the orders finished (the
  // activity records the points passed meanwhile as skipped; equity marks are never skipped).
  run.cursor = Math.max(run.cursor, decisionPointAtOrAfter(plan, advanced.marketTime));
}

function startOrderChild({ input }: BurnInRun, intent: OrderIntent) {
  return startChild(orderLifecycle, {
    workflowId: orderWorkflowId(intent.clientOrderId),
    taskQueue: input.ordersTaskQueue ?? TASK_QUEUES.orders,
    args: [{ intent }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    ...(patched(CHILD_SEARCH_ATTRIBUTES) ? orderStartAttributes(intent) : {}),
  });
}

function setStatus(
  { runId, progress }: Pick<BurnInRun, 'runId' | 'progress'>,
  status: BurnInRunStatus,
): void {
  progress.status = status;
  upsertSearchAttributes([
    { key: KeelKind, value: 'burn-in' },
    { key: KeelRunId, value: runId },
    { key: KeelStatus, value: status },
    ...(progress.account ? [{ key: KeelAccount, value: progress.account }] : []),
  ]);
}

async function showPaused(run: BurnInRun, paused: boolean, reason: string): Promise<void> {
  if ((run.progress.status === 'PAUSED') === paused) return;
  setStatus(run, paused ? 'PAUSED' : 'RUNNING');
  await steps.setBurnInStatus({
    runId: run.runId,
    status: paused ? 'PAUSED' : 'RUNNING',
    reason: paused ? reason : null,
  });
}

/** Holds the run (PAUSED) until the desk is not HALTED; the run's end if it stays halted too long. */
async function waitOutHalt(run: BurnInRun): Promise<BurnInFinish | null> {
  const { plan, progress } = run;
  const since = Date.now();
  for (;;) {
    const desk = await gate.readDeskMode({ account: plan.account });
    progress.deskMode = desk.mode;
    if (desk.mode !== 'HALTED') {
      await showPaused(run, desk.mode !== 'ACTIVE', `desk ${desk.mode}`);
      return null;
    }
    progress.statusReason = `desk HALTED: ${desk.reason}`;
    await showPaused(run, true, 'desk HALTED');
    const ended = endIfHaltedTooLong(run, since, desk.reason);
    if (ended) return ended;
    await sleep(HALT_RECHECK);
  }
}

/** The run's end (ERROR) once the desk has been HALTED since `since` for longer than the run allows. */
function endIfHaltedTooLong(run: BurnInRun, since: number, deskReason: string): Promise<BurnInFinish> | null {
  const limit = run.plan.maxHaltedMinutes;
  if (Date.now() - since < limit * 60_000) return null;
  return finish(
    run,
    'ERROR',
    `the desk stayed HALTED for ${limit} minutes (${deskReason}); the run ended unfinished`,
  );
}

async function finish(
  run: BurnInRun,
  finalStatus: FinalStatus,
  reason: string | null,
): Promise<BurnInFinish> {
  const { plan, dataset, progress } = run;
  setStatus(run, 'FINISHING');
  const result = await finishing.finishBurnIn({ plan, dataset, finalStatus, reason });
  progress.result = result;
  progress.statusReason = result.statusReason;
  progress.progress = finalStatus === 'FINISHED' ? 1 : progress.progress;
  setStatus(run, result.status);
  return result;
}

function countOutcome({ progress }: BurnInRun, state: OrderState): void {
  // A venue refusal is the run's error: the strategy asked for something the venue would not take.
  if (state.status === 'REJECTED') progress.errors++;
  if (state.filledQuantity > 0) progress.orders.filled++;
  else if (state.status === 'DENIED') progress.orders.denied++;
  else progress.orders.other++;
}
