import type { Pool } from 'pg';
import type { Drift, ReconcileDiff } from '../../domain/reconcile/types.js';
import { withTransaction } from '../transaction.js';
import type { NumberedDrift, ReconcileTrigger } from '../../contracts/reconcile.js';

/** Stores a run with its drifts (idempotent by run id: a retried activity finds them there). */
export async function storeRun(
  pool: Pool,
  run: { runId: string; account: string; trigger: ReconcileTrigger; workflowId: string },
  diff: ReconcileDiff,
): Promise<NumberedDrift[]> {
  await withTransaction(pool, async (client) => {
    const counts: Record<string, number> = {};
    for (const drift of diff.drifts) counts[drift.kind] = (counts[drift.kind] ?? 0) + 1;
    const inserted = await client.query(
      `INSERT INTO reconcile_runs (run_id, account, trigger, workflow_id, status, worst_severity, drift_count, counts)
       VALUES ($1, $2, $3, $4, 'RUNNING', $5, $6, $7) ON CONFLICT (run_id) DO NOTHING`,
      [
        run.runId,
        run.account,
        run.trigger,
        run.workflowId,
        diff.worst,
        diff.drifts.length,
        JSON.stringify(counts),
      ],
    );
    if (inserted.rowCount === 1) {
      for (const [index, drift] of diff.drifts.entries()) {
        await client.query(
          `INSERT INTO reconcile_drifts (run_id, seq, kind, severity, client_order_id, symbol, trade_id, asset, detail, facts, action)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            run.runId,
            index + 1,
            drift.kind,
            drift.severity,
            drift.clientOrderId,
            drift.symbol,
            drift.tradeId,
            drift.asset,
            drift.detail,
            JSON.stringify(drift.facts),
            drift.action,
          ],
        );
      }
    }
  });
  return readDrifts(pool, run.runId);
}

export async function readDrifts(pool: Pool, runId: string): Promise<NumberedDrift[]> {
  const { rows } = await pool.query<{
    seq: number;
    kind: Drift['kind'];
    severity: Drift['severity'];
    client_order_id: string | null;
    symbol: string | null;
    trade_id: string | null;
    asset: string | null;
    detail: string;
    facts: Record<string, unknown>;
    action: Drift['action'];
  }>('SELECT * FROM reconcile_drifts WHERE run_id = $1 ORDER BY seq', [runId]);
  return rows.map((row) => ({
    seq: row.seq,
    kind: row.kind,
    severity: row.severity,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    tradeId: row.trade_id,
    asset: row.asset,
    detail: row.detail,
    facts: row.facts,
    action: row.action,
  }));
}

export async function recordOutcome(pool: Pool, runId: string, seq: number, outcome: string): Promise<void> {
  await pool.query(
    'UPDATE reconcile_drifts SET outcome = $3, acted_at = now() WHERE run_id = $1 AND seq = $2',
    [runId, seq, outcome],
  );
}

export async function finishRun(pool: Pool, runId: string): Promise<void> {
  await pool.query(
    `UPDATE reconcile_runs SET status = CASE WHEN drift_count = 0 THEN 'CLEAN' ELSE 'DRIFT' END,
       finished_at = COALESCE(finished_at, now()) WHERE run_id = $1`,
    [runId],
  );
}

export async function storeBaseline(
  pool: Pool,
  account: string,
  balances: Record<string, number>,
  runId: string,
): Promise<void> {
  await pool.query(
    `INSERT INTO reconcile_baselines (account, balances, run_id) VALUES ($1, $2, $3)
     ON CONFLICT (account) DO NOTHING`,
    [account, JSON.stringify(balances), runId],
  );
}

/** The account's balances apart from Keel's fills, taken at its first reconciliation (null before it). */
export async function readBaseline(pool: Pool, account: string): Promise<Record<string, number> | null> {
  const { rows } = await pool.query<{ balances: Record<string, number> }>(
    'SELECT balances FROM reconcile_baselines WHERE account = $1',
    [account],
  );
  return rows[0]?.balances ?? null;
}
