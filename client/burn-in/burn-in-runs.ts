import type { Client } from '@temporalio/client';
import type { Pool } from '../../store/db.js';
import { readRun, readEquity, type RunRow } from '../../store/burn-in/run-store.js';
import { evaluateGates, type GateOutcome } from '../../domain/gates/index.js';
import { burnInMetrics } from '../../domain/burn-in/run-metrics.js';
import { readClosedTrades } from '../../store/burn-in/trades-store.js';
import { readLongPositions } from '../../store/ledger/position-book.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { parseStoredBurnInConfig, type BurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import type { BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import {
  BURN_IN_WORKFLOW,
  type BurnInInput,
  type BurnInProgress,
  type BurnInWorkflow,
  burnInStatusQuery,
} from '../../contracts/burn-in/burn-in-workflow.js';

export const burnInWorkflowId = (runId: string): string => `burn-in-${runId}`;

/** Starts the planned run's workflow (plan it with planBurnInRun); an existing id is refused. */
export async function startBurnIn(
  client: Client,
  plan: BurnInPlan,
  options: { taskQueue?: string } = {},
): Promise<{ runId: string; workflowId: string; config: BurnInConfig; configHash: string }> {
  const { runId, config } = plan;
  const input: BurnInInput = { runId, plan };
  const workflowId = burnInWorkflowId(runId);
  await client.workflow.start<BurnInWorkflow>(BURN_IN_WORKFLOW, {
    workflowId,
    taskQueue: options.taskQueue ?? TASK_QUEUES.burnIn,
    args: [input],
  });
  return { runId, workflowId, config, configHash: plan.configHash };
}

export interface BurnInStatusView {
  id: string;
  status: string;
  statusReason: string | null;
  progress: number;
  account: string;
  marketTime: { from: number; to: number; cursor: number | null };
  orders: BurnInProgress['orders'] | null;
  pnl: { realized: number; trades: number };
  openPositions: { symbol: string; quantity: number; entryPrice: number | null }[];
  gates: GateOutcome[];
  heartbeat: BurnInProgress['heartbeat'] | null;
  reportHash: string | null;
}

/**
 * Where a run stands: the workflow's own view when it answers, the database's otherwise, with PnL,
 * open positions and the gates evaluated on what has closed so far.
 */
export async function burnInStatus(
  client: Client,
  pool: Pool,
  runId: string,
): Promise<BurnInStatusView | null> {
  const run = await readRun(pool, runId);
  if (!run) return null;
  const live = await client.workflow
    .getHandle(burnInWorkflowId(runId))
    .query(burnInStatusQuery)
    .catch(() => null);
  const trades = await readClosedTrades(pool, runId);
  const config = parseStoredBurnInConfig(run.config);
  const metrics = burnInMetrics(await readEquity(pool, runId), trades);
  const positions = await readLongPositions(pool, run.account);
  const finished = ['PASS', 'FAIL', 'CANCELED', 'ERROR'].includes(run.status);
  return {
    id: runId,
    status: finished ? run.status : live && ['PAUSED'].includes(live.status) ? 'PAUSED' : run.status,
    statusReason: live?.statusReason ?? run.status_reason,
    progress: finished && run.status !== 'CANCELED' && run.status !== 'ERROR' ? 1 : (live?.progress ?? 0),
    account: run.account,
    marketTime: {
      from: run.market_from.getTime(),
      to: run.market_to.getTime(),
      cursor: live?.cursor ?? null,
    },
    orders: live?.orders ?? null,
    pnl: { realized: trades.reduce((sum, trade) => sum + trade.netPnl, 0), trades: trades.length },
    openPositions: positions,
    gates: evaluateGates(config.gates, metrics).gates,
    heartbeat: live?.heartbeat ?? null,
    reportHash: run.report_hash,
  };
}

export type { RunRow };
