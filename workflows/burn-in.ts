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
const finishing = proxyActivities<BurnInActivities>({
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
  },
});

/**
 * A paper burn-in: the strategies run over a market-time window on the live order path. Each
 * cycle the venue's clock moves to the next decision point, the run's orders from the previous
 * cycle finish, and the strategies decide; every order is an order workflow (risk gate, venue
 * adapter, ledger) started as a child. A desk halt pauses entries (exits go on under close-only);
 * stopping finishes the cycle in hand and reports CANCELED. At the end: trades, metrics, gates and
 * the truth report.
 */
export async function burnIn(input: BurnInInput): Promise<BurnInFinish> {
  const { runId } = input;
  const progress: BurnInProgress = input.carried?.progress ?? {
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
  let stopReason: string | null = null;
  setHandler(burnInStatusQuery, () => progress);
  setHandler(stopBurnInSignal, ({ reason }) => {
    stopReason ??= reason || 'stopped by an operator';
  });
  const setStatus = (status: BurnInRunStatus) => {
    progress.status = status;
    upsertSearchAttributes([
      { key: KeelKind, value: 'burn-in' },
      { key: KeelRunId, value: runId },
      { key: KeelStatus, value: status },
      ...(progress.account ? [{ key: KeelAccount, value: progress.account }] : []),
    ]);
  };

  let plan: BurnInPlan;
  let dataset: DatasetManifest;
  if (input.carried) {
    ({ plan, dataset } = input.carried);
  } else {
    setStatus('STARTING');
    ({ plan, dataset } = await steps.prepareBurnIn({ plan: input.plan }));
    Object.assign(progress, { account: plan.account, from: plan.from, to: plan.to, cursor: plan.from });
    // Nothing is placed before the venue and the ledger agree.
    setStatus('RECONCILING');
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
    if (check.status !== 'CLEAN') {
      return finish(
        'ERROR',
        `the start-up reconciliation ${check.runId} found ${check.drifts.length} drift(s)`,
      );
    }
  }
  setStatus(progress.deskMode !== null && progress.deskMode !== 'ACTIVE' ? 'PAUSED' : 'RUNNING');

  let cursor = input.carried?.cursor ?? plan.from;
  let cyclesThisRun = 0;
  let haltedSince: number | null = null;
  for (;;) {
    if (stopReason !== null) return finish('CANCELED', stopReason);
    if (cyclesThisRun >= plan.chunkCycles) {
      await continueAsNew<typeof burnIn>({
        ...input,
        carried: { plan, dataset, cursor, cycle: progress.cycle, progress },
      });
    }
    const step = await steps.burnInDecide({
      plan,
      cursor,
      cycle: progress.cycle,
      errors: progress.errors,
    });
    progress.heartbeat = step.heartbeat;
    progress.deskMode = step.deskMode;
    progress.cursor = step.nextCursor;
    progress.progress = Math.min(
      1,
      Math.max(0, (step.decisionTime - plan.from) / Math.max(1, plan.to - plan.from)),
    );
    await showPaused(step.deskMode !== 'ACTIVE', `desk ${step.deskMode}`);
    if (step.deskMode === 'HALTED' && step.waitMs !== null) {
      haltedSince ??= Date.now();
      progress.statusReason = `desk HALTED: ${step.deskReason ?? 'no reason given'}`;
      const ended = endIfHaltedTooLong(haltedSince, step.deskReason ?? 'no reason');
      if (ended) return ended;
    } else {
      haltedSince = null;
      if (progress.status !== 'PAUSED') progress.statusReason = null;
    }
    if (step.waitMs !== null) {
      // Realtime: the venue's market has not reached the next decision point yet; or the desk is
      // halted and an accelerated run holds its clock.
      await sleep(Math.max(1_000, step.waitMs));
      continue;
    }
    cursor = step.nextCursor;
    progress.cycle++;
    cyclesThisRun++;
    if (step.intents.length > 0) {
      const children = [];
      const pending: string[] = [];
      for (const intent of step.intents) {
        let placed = intent;
        for (let attempt = 1; ; attempt++) {
          const child = await startOrderChild(placed);
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
          const ended = await waitOutHalt();
          if (ended) return ended;
          placed = { ...intent, clientOrderId: haltReplacementId(intent.clientOrderId, attempt) };
        }
        pending.push(placed.clientOrderId);
      }
      // The orders execute on the bars up to the next decision point.
      const advanced = await steps.burnInAdvance({ plan, to: cursor, pending });
      for (const child of children) countOutcome(await child.result());
      // The strategies next decide at the first decision point at or after the orders finished.
      cursor = Math.max(
        cursor,
        plan.from + Math.ceil((advanced.marketTime - plan.from) / plan.cadenceMs) * plan.cadenceMs,
      );
    }
    if (step.done) break;
  }
  return finish('FINISHED', null);

  function startOrderChild(intent: OrderIntent) {
    return startChild(orderLifecycle, {
      workflowId: orderWorkflowId(intent.clientOrderId),
      taskQueue: input.ordersTaskQueue ?? TASK_QUEUES.orders,
      args: [{ intent }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(patched(CHILD_SEARCH_ATTRIBUTES) ? orderStartAttributes(intent) : {}),
    });
  }

  async function showPaused(paused: boolean, reason: string): Promise<void> {
    if ((progress.status === 'PAUSED') === paused) return;
    setStatus(paused ? 'PAUSED' : 'RUNNING');
    await steps.setBurnInStatus({
      runId,
      status: paused ? 'PAUSED' : 'RUNNING',
      reason: paused ? reason : null,
    });
  }

  /** Holds the run (PAUSED) until the desk is not HALTED; the run's end if it stays halted too long. */
  async function waitOutHalt(): Promise<BurnInFinish | null> {
    const since = Date.now();
    for (;;) {
      const desk = await gate.readDeskMode({ account: plan.account });
      progress.deskMode = desk.mode;
      if (desk.mode !== 'HALTED') {
        await showPaused(desk.mode !== 'ACTIVE', `desk ${desk.mode}`);
        return null;
      }
      progress.statusReason = `desk HALTED: ${desk.reason}`;
      await showPaused(true, 'desk HALTED');
      const ended = endIfHaltedTooLong(since, desk.reason);
      if (ended) return ended;
      await sleep(HALT_RECHECK);
    }
  }

  /** The run's end (ERROR) once the desk has been HALTED since `since` for longer than the run allows. */
  function endIfHaltedTooLong(since: number, deskReason: string): Promise<BurnInFinish> | null {
    const limit = plan.maxHaltedMinutes;
    if (Date.now() - since < limit * 60_000) return null;
    return finish(
      'ERROR',
      `the desk stayed HALTED for ${limit} minutes (${deskReason}); the run ended unfinished`,
    );
  }

  async function finish(
    finalStatus: 'FINISHED' | 'CANCELED' | 'ERROR',
    reason: string | null,
  ): Promise<BurnInFinish> {
    setStatus('FINISHING');
    const result = await finishing.finishBurnIn({ plan, dataset, finalStatus, reason });
    progress.result = result;
    progress.statusReason = result.statusReason;
    progress.progress = finalStatus === 'FINISHED' ? 1 : progress.progress;
    setStatus(result.status);
    return result;
  }

  function countOutcome(state: OrderState): void {
    // A venue refusal is the run's error: the strategy asked for something the venue would not take.
    if (state.status === 'REJECTED') progress.errors++;
    if (state.filledQuantity > 0) progress.orders.filled++;
    else if (state.status === 'DENIED') progress.orders.denied++;
    else progress.orders.other++;
  }
}
