import type { Pool } from 'pg';
import { placedAgainAfterHalt } from '../../domain/burn-in/halt-replacement.js';
import type { RunFill } from '../../domain/burn-in/round-trips.js';
import type { StrategyDecision } from '../../domain/strategies/types.js';
import type { SizingLine } from '../../domain/sizing/types.js';
import type { BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import { type DatasetManifest } from '../../domain/market-data/dataset-manifest.js';

export type BurnInStatus = 'RUNNING' | 'PAUSED' | 'PASS' | 'FAIL' | 'CANCELED' | 'ERROR';

/** Inserts the run once; a retried start finds it there. */
export async function insertRun(
  pool: Pool,
  plan: BurnInPlan,
  config: unknown,
  strategy: string,
  dataset: DatasetManifest,
): Promise<void> {
  await pool.query(
    `INSERT INTO burn_in_runs (run_id, account, strategy, config, config_hash, dataset, dataset_hash, seed,
                               market_from, market_to, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'RUNNING') ON CONFLICT (run_id) DO NOTHING`,
    [
      plan.runId,
      plan.account,
      strategy,
      JSON.stringify(config),
      plan.configHash,
      JSON.stringify(dataset),
      dataset.contentHash,
      plan.seed,
      new Date(plan.from),
      new Date(plan.to),
    ],
  );
}

export async function setRunStatus(
  pool: Pool,
  runId: string,
  status: BurnInStatus,
  reason: string | null,
  report?: { json: unknown; hash: string },
): Promise<void> {
  const final = status !== 'RUNNING' && status !== 'PAUSED';
  await pool.query(
    `UPDATE burn_in_runs SET status = $2, status_reason = $3,
            report = COALESCE($4, report), report_hash = COALESCE($5, report_hash),
            finished_at = CASE WHEN $6 THEN COALESCE(finished_at, now()) ELSE NULL END
     WHERE run_id = $1`,
    [runId, status, reason, report ? JSON.stringify(report.json) : null, report?.hash ?? null, final],
  );
}

export interface RunRow {
  run_id: string;
  account: string;
  strategy: string;
  config: unknown;
  config_hash: string;
  dataset: DatasetManifest;
  dataset_hash: string;
  seed: string;
  market_from: Date;
  market_to: Date;
  status: BurnInStatus;
  status_reason: string | null;
  report_hash: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export async function readRun(pool: Pool, runId: string): Promise<RunRow | null> {
  const { rows } = await pool.query<RunRow>(
    `SELECT run_id, account, strategy, config, config_hash, dataset, dataset_hash, seed, market_from, market_to,
            status, status_reason, report_hash, started_at, finished_at FROM burn_in_runs WHERE run_id = $1`,
    [runId],
  );
  return rows[0] ?? null;
}

export async function readReport(pool: Pool, runId: string): Promise<unknown> {
  const { rows } = await pool.query<{ report: unknown }>(
    'SELECT report FROM burn_in_runs WHERE run_id = $1',
    [runId],
  );
  return rows[0]?.report ?? null;
}

export interface DecisionRecord {
  decision: StrategyDecision;
  clientOrderId: string | null;
  outcome: string;
  sizing: (SizingLine & { realizedVolatility?: number | null }) | null;
  deskMode: string;
  /** When the symbol was listed (a binary market's open, a spot symbol's first bar), if known. */
  symbolListedAt?: number | null;
}

/** One decision point's decisions, in one statement; a retried step inserts nothing twice. */
export async function recordDecisions(
  pool: Pool,
  runId: string,
  account: string,
  records: readonly DecisionRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const values: unknown[] = [];
  const tuples = records.map((record, index) => {
    const d = record.decision;
    values.push(
      runId,
      new Date(d.decisionTime),
      d.symbol,
      account,
      d.strategy,
      d.action,
      d.reasonRaw,
      d.reasonCanonical,
      d.confidence,
      d.probability ?? null,
      d.referencePrice === null ? null : d.referencePrice.toFixed(12),
      d.schemaFail?.failClass ?? null,
      d.schemaFail?.missingFields ?? [],
      record.clientOrderId,
      record.outcome,
      record.sizing === null ? null : JSON.stringify(record.sizing),
      record.deskMode,
      record.symbolListedAt == null ? null : new Date(record.symbolListedAt),
    );
    const base = index * 18;
    return `(${Array.from({ length: 18 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
  });
  await pool.query(
    `INSERT INTO strategy_decisions (run_id, decision_time, symbol, account, strategy, action, reason_raw,
       reason_canonical, confidence, probability, reference_price, schema_fail_class, missing_fields,
       client_order_id, outcome, sizing, desk_mode, symbol_listed_at)
     VALUES ${tuples.join(', ')} ON CONFLICT (run_id, decision_time, symbol) DO NOTHING`,
    values,
  );
}

/** The decision behind an order, for the trade records (entry and exit reasons, estimates, regimes). */
export interface OrderDecision {
  clientOrderId: string;
  strategy: string;
  reasonCanonical: string;
  probability: number | null;
  realizedVolatility: number | null;
}

export async function decisionsByOrder(pool: Pool, runId: string): Promise<Map<string, OrderDecision>> {
  const { rows } = await pool.query<{
    client_order_id: string;
    strategy: string;
    reason_canonical: string;
    probability: number | null;
    sizing: { realizedVolatility?: number | null } | null;
  }>(
    // By the decision's key rather than its recorded order id: an order a halt denied is placed again
    // under a new id for the same decision (domain/burn-in/halt-replacement.ts), and both map here.
    `SELECT o.client_order_id, d.strategy, d.reason_canonical, d.probability, d.sizing
       FROM orders o
       JOIN strategy_decisions d
         ON d.run_id = o.run_id AND d.decision_time = o.decision_time AND d.symbol = o.symbol
      WHERE o.run_id = $1 AND d.client_order_id IS NOT NULL`,
    [runId],
  );
  return new Map(
    rows.map((row) => [
      row.client_order_id,
      {
        clientOrderId: row.client_order_id,
        strategy: row.strategy,
        reasonCanonical: row.reason_canonical,
        probability: row.probability,
        realizedVolatility: row.sizing?.realizedVolatility ?? null,
      },
    ]),
  );
}

/** The run's fills: its own orders' and the venue's settlements of the run's account during the run. */
export async function runFills(pool: Pool, runId: string, account: string, from: number): Promise<RunFill[]> {
  const { rows } = await pool.query<{
    client_order_id: string;
    symbol: string;
    side: 'buy' | 'sell';
    price: string;
    quantity: string;
    fee: string;
    time: Date;
    kind: 'trade' | 'settlement';
  }>(
    `SELECT f.client_order_id, f.symbol, f.side, f.price, f.quantity, f.fee, f.time, f.kind
     FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id
     WHERE o.run_id = $1 OR (f.kind = 'settlement' AND f.account = $2 AND f.time >= $3)
     ORDER BY f.time, f.trade_id`,
    [runId, account, new Date(from)],
  );
  return rows.map((row) => ({
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    price: Number(row.price),
    quantity: Number(row.quantity),
    fee: Number(row.fee),
    time: row.time.getTime(),
    kind: row.kind,
  }));
}

export async function recordEquity(pool: Pool, runId: string, time: number, equity: number): Promise<void> {
  await pool.query(
    'INSERT INTO burn_in_equity (run_id, time, equity) VALUES ($1, $2, $3) ON CONFLICT (run_id, time) DO NOTHING',
    [runId, new Date(time), equity.toFixed(12)],
  );
}

export async function readEquity(pool: Pool, runId: string): Promise<{ time: number; equity: number }[]> {
  const { rows } = await pool.query<{ time: Date; equity: string }>(
    'SELECT time, equity FROM burn_in_equity WHERE run_id = $1 ORDER BY time',
    [runId],
  );
  return rows.map((row) => ({ time: row.time.getTime(), equity: Number(row.equity) }));
}

/** The time of the run's last equity mark, or null before its first. */
export async function lastEquityTime(pool: Pool, runId: string): Promise<number | null> {
  const { rows } = await pool.query<{ time: Date | null }>(
    'SELECT max(time) AS time FROM burn_in_equity WHERE run_id = $1',
    [runId],
  );
  return rows[0]?.time ? rows[0].time.getTime() : null;
}

export type DecisionPointOutcome = 'evaluated' | 'skipped';

/** Records what became of decision points; a retried step records nothing twice. */
export async function recordDecisionPoints(
  pool: Pool,
  runId: string,
  times: readonly number[],
  outcome: DecisionPointOutcome,
  reason: string | null,
): Promise<void> {
  if (times.length === 0) return;
  await pool.query(
    `INSERT INTO burn_in_decision_points (run_id, time, outcome, reason)
     SELECT $1, unnest($2::timestamptz[]), $3, $4 ON CONFLICT (run_id, time) DO NOTHING`,
    [runId, times.map((time) => new Date(time)), outcome, reason],
  );
}

/** The run's decision points by outcome, and the skipped ones' reasons with their counts. */
export async function decisionPointCounts(
  pool: Pool,
  runId: string,
): Promise<{ evaluated: number; skipped: { reason: string; count: number }[] }> {
  const { rows } = await pool.query<{ outcome: DecisionPointOutcome; reason: string | null; n: string }>(
    `SELECT outcome, reason, count(*) AS n FROM burn_in_decision_points WHERE run_id = $1
      GROUP BY outcome, reason ORDER BY outcome, reason`,
    [runId],
  );
  return {
    evaluated: rows.filter((row) => row.outcome === 'evaluated').reduce((sum, row) => sum + Number(row.n), 0),
    skipped: rows
      .filter((row) => row.outcome === 'skipped')
      .map((row) => ({ reason: row.reason ?? 'no reason recorded', count: Number(row.n) })),
  };
}

export interface RunOrderCounts {
  decisions: number;
  /** Orders of the run; on an accelerated run, without those the desk's halt denied (haltDenials). */
  orders: number;
  denied: number;
  filled: number;
  settlements: number;
  /**
   * Orders of an accelerated run denied only because the desk was HALTED, each placed again under a
   * new id after the resume (see domain/burn-in/halt-replacement.ts): when an operator halted, not
   * what the run did. A realtime run's halt denials stand and are counted in `denied`.
   */
  haltDenials: number;
}

export async function runCounts(
  pool: Pool,
  run: { runId: string; account: string; from: number; mode: 'accelerated' | 'realtime' },
): Promise<RunOrderCounts> {
  const { rows } = await pool.query<{
    decisions: string;
    orders: string;
    denied: string;
    filled: string;
    settlements: string;
  }>(
    `SELECT (SELECT count(*) FROM strategy_decisions WHERE run_id = $1) AS decisions,
            (SELECT count(*) FROM orders WHERE run_id = $1) AS orders,
            (SELECT count(*) FROM orders WHERE run_id = $1 AND status = 'DENIED') AS denied,
            (SELECT count(*) FROM orders WHERE run_id = $1 AND filled_quantity > 0) AS filled,
            (SELECT count(*) FROM orders WHERE strategy = 'settlement' AND account = $2 AND decision_time >= $3) AS settlements`,
    [run.runId, run.account, new Date(run.from)],
  );
  const row = rows[0]!;
  const { rows: denials } = await pool.query<{ codes: string[] }>(
    `SELECT r.codes FROM orders o JOIN risk_decisions r USING (client_order_id)
      WHERE o.run_id = $1 AND r.decision = 'DENY'`,
    [run.runId],
  );
  const haltDenials = denials.filter(({ codes }) =>
    placedAgainAfterHalt(run.mode, { decision: 'DENY', codes }),
  ).length;
  return {
    decisions: Number(row.decisions),
    orders: Number(row.orders) - haltDenials,
    denied: Number(row.denied) - haltDenials,
    filled: Number(row.filled),
    settlements: Number(row.settlements),
    haltDenials,
  };
}

/** Orders of the run the venue has not answered yet (the market clock must not move past them). */
export async function unacknowledgedOrders(pool: Pool, clientOrderIds: readonly string[]): Promise<string[]> {
  if (clientOrderIds.length === 0) return [];
  const { rows } = await pool.query<{ client_order_id: string; status: string | null }>(
    `SELECT ids.id AS client_order_id, o.status FROM unnest($1::text[]) AS ids(id)
     LEFT JOIN orders o ON o.client_order_id = ids.id`,
    [clientOrderIds],
  );
  return rows
    .filter((row) => row.status === null || ['NEW', 'SUBMITTING', 'UNKNOWN'].includes(row.status))
    .map((row) => row.client_order_id);
}
