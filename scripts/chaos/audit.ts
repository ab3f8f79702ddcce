/**
 * After a chaos run: wait (bounded) until every order workflow has ended, then compare what Temporal,
 * the ledger and the venue each hold, and run one final reconciliation through the normal
 * reconciliation workflow.
 */
import type { Client } from '@temporalio/client';
import { isTerminalStatus } from '../../domain/orders/state-machine.js';
import type { OrderIntent, OrderState } from '../../domain/orders/types.js';
import { orderWorkflowId } from '../../contracts/orders.js';
import { runReconcile } from '../../client/reconcile/reconcile-runs.js';
import type { Pool } from '../../store/db.js';
import {
  ledgerFillKeys,
  ledgerStatusCounts,
  reconcileFindings,
  reconcileRunCounts,
  type RecordedFinding,
} from '../../store/audit/chaos-audit.js';
import type { CcxtVenue } from '../../venues/ccxt-venue.js';

export interface AuditResult {
  /** Order workflows' end statuses (`RUNNING` for one still running when the wait ended). */
  statuses: Record<string, number>;
  /** The ledger's order statuses for the account: must equal `statuses`. */
  ledgerStatuses: Record<string, number>;
  /** Orders not in a terminal status, with their status and reason. */
  nonTerminal: string[];
  /** How many orders ended other than FILLED, by `STATUS: reason` (a few, for the report). */
  notFilledReasons: Record<string, number>;
  venueOrders: {
    total: number;
    clientOrderIds: number;
    /** Client order ids with more than one venue order: the same order sent twice. */
    duplicates: { clientOrderId: string; count: number }[];
    /** Venue orders of the account whose client order id is not one of the run's. */
    foreign: string[];
    /** Orders the ledger says FILLED that the venue does not have. */
    filledButAbsent: string[];
  };
  fills: {
    venue: number;
    ledger: number;
    /** Venue fills the ledger does not have (`symbol:tradeId`). */
    lost: string[];
    /** Ledger fills the venue does not have. */
    phantom: string[];
  };
  finalReconciliation: { status: string; worst: string | null; drifts: string[] } | { error: string };
  reconcileRuns: { trigger: string; status: string; runs: number }[];
  /** Drifts the run's start-up (and scheduled) reconciliations recorded. */
  findings: RecordedFinding[];
}

export interface AuditOptions {
  client: Client;
  pool: Pool;
  venue: CcxtVenue;
  account: string;
  intents: OrderIntent[];
  symbols: string[];
  /** How long to wait for the last orders to end. */
  settleTimeoutMs: number;
  log: (message: string) => void;
}

const BATCH = 25;
const RECONCILE_TIMEOUT_MS = 60_000;

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += BATCH)
    results.push(...(await Promise.all(items.slice(i, i + BATCH).map(run))));
  return results;
}

/** Each order's end state; 'RUNNING' / 'MISSING' / the workflow's failure when it has none. */
async function endStates(
  client: Client,
  ids: string[],
  settleTimeoutMs: number,
): Promise<Map<string, { status: string; reason: string | null }>> {
  let waiting = [...ids];
  const deadline = Date.now() + settleTimeoutMs;
  const states = new Map<string, { status: string; reason: string | null }>();
  while (waiting.length > 0) {
    const described = await inBatches(waiting, async (id) => {
      try {
        return { id, status: (await client.workflow.getHandle(orderWorkflowId(id)).describe()).status.name };
      } catch {
        return { id, status: 'MISSING' };
      }
    });
    for (const { id, status } of described)
      if (status !== 'RUNNING') states.set(id, { status: `WORKFLOW_${status}`, reason: null });
    waiting = described.filter(({ status }) => status === 'RUNNING').map(({ id }) => id);
    if (waiting.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  // What each order still running waits for: its pending activity and that activity's last failure.
  await inBatches(waiting, async (id) => {
    const { raw } = await client.workflow.getHandle(orderWorkflowId(id)).describe();
    const pending = raw.pendingActivities?.[0];
    const reason = pending
      ? `${pending.activityType?.name ?? 'activity'} attempt ${pending.attempt ?? '?'}: ${pending.lastFailure?.message ?? 'no failure yet'}`
      : 'no pending activity';
    states.set(id, { status: 'RUNNING', reason: `still running after the wait; ${reason.slice(0, 200)}` });
  });
  const completed = [...states.entries()].filter(([, state]) => state.status === 'WORKFLOW_COMPLETED');
  await inBatches(completed, async ([id]) => {
    const state = (await client.workflow.getHandle(orderWorkflowId(id)).result()) as OrderState;
    states.set(id, { status: state.status, reason: state.reason });
  });
  return states;
}

export async function auditRun(options: AuditOptions): Promise<AuditResult> {
  const { client, pool, venue, account, intents, symbols } = options;
  const ids = intents.map((intent) => intent.clientOrderId);
  const states = await endStates(client, ids, options.settleTimeoutMs);
  options.log('audit: every order workflow has ended (or the wait is over)');
  const statuses: Record<string, number> = {};
  const notFilledReasons: Record<string, number> = {};
  const nonTerminal: string[] = [];
  for (const id of ids) {
    const { status, reason } = states.get(id)!;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 'FILLED') {
      const key = `${status}: ${reason ?? ''}`.slice(0, 160);
      notFilledReasons[key] = (notFilledReasons[key] ?? 0) + 1;
    }
    if (!isTerminalStatus(status as OrderState['status']))
      nonTerminal.push(`${id}: ${status}${reason ? ` (${reason})` : ''}`);
  }

  const venueOrders = (await Promise.all(symbols.map((symbol) => venue.allOrders(symbol)))).flat();
  const perId = new Map<string, number>();
  for (const order of venueOrders) perId.set(order.clientOrderId, (perId.get(order.clientOrderId) ?? 0) + 1);
  const ours = new Set(ids);
  const venueFills = (
    await Promise.all(
      symbols.map(async (symbol) =>
        (await venue.fillsSince(symbol, 0)).map((fill) => `${symbol}:${fill.tradeId}`),
      ),
    )
  ).flat();
  const ledgerFills = await ledgerFillKeys(pool, account);
  const inLedger = new Set(ledgerFills);
  const atVenue = new Set(venueFills);

  options.log('audit: venue orders and fills read; final reconciliation');
  let finalReconciliation: AuditResult['finalReconciliation'];
  try {
    const { report } = await Promise.race([
      runReconcile(client, account, 'manual'),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`did not finish within ${RECONCILE_TIMEOUT_MS / 1000} s`)),
          RECONCILE_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    finalReconciliation = {
      status: report.status,
      worst: report.worst,
      drifts: report.drifts.map((drift) => `${drift.kind} ${drift.severity}: ${drift.detail}`),
    };
  } catch (error) {
    finalReconciliation = { error: (error as Error).message };
  }

  return {
    statuses,
    ledgerStatuses: await ledgerStatusCounts(pool, account),
    nonTerminal,
    notFilledReasons,
    venueOrders: {
      total: venueOrders.length,
      clientOrderIds: perId.size,
      duplicates: [...perId.entries()]
        .filter(([, count]) => count > 1)
        .map(([clientOrderId, count]) => ({ clientOrderId, count })),
      foreign: [...perId.keys()].filter((id) => !ours.has(id)),
      filledButAbsent: ids.filter((id) => states.get(id)!.status === 'FILLED' && !perId.has(id)),
    },
    fills: {
      venue: venueFills.length,
      ledger: ledgerFills.length,
      lost: venueFills.filter((key) => !inLedger.has(key)),
      phantom: ledgerFills.filter((key) => !atVenue.has(key)),
    },
    finalReconciliation,
    reconcileRuns: await reconcileRunCounts(pool, account),
    findings: (await reconcileFindings(pool, account)).filter((finding) => finding.trigger !== 'manual'),
  };
}
