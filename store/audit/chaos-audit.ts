import type { Pool } from '../db.js';

/**
 * The ledger side of a chaos run's audit (scripts/chaos/audit.ts): what the ledger holds for the
 * run's account, read once the run has settled. The venue side comes from the venue's own API.
 */

/** The account's ledger orders, counted by status. */
export async function ledgerStatusCounts(pool: Pool, account: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM orders WHERE account = $1 GROUP BY status ORDER BY status',
    [account],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Every fill the ledger holds for the account, as `symbol:tradeId` (the venue's trade id). */
export async function ledgerFillKeys(pool: Pool, account: string): Promise<string[]> {
  const { rows } = await pool.query<{ symbol: string; trade_id: string }>(
    'SELECT symbol, trade_id FROM fills WHERE account = $1 ORDER BY symbol, trade_id',
    [account],
  );
  return rows.map((row) => `${row.symbol}:${row.trade_id}`);
}

/** A drift a reconciliation of the account recorded, with the run that found it. */
export interface RecordedFinding {
  runId: string;
  trigger: string;
  startedAt: Date;
  kind: string;
  severity: string;
  clientOrderId: string | null;
  tradeId: string | null;
  detail: string;
}

/** The account's reconciliation runs by trigger and status (e.g. `startup CLEAN: 20`). */
export async function reconcileRunCounts(
  pool: Pool,
  account: string,
): Promise<{ trigger: string; status: string; runs: number }[]> {
  const { rows } = await pool.query<{ trigger: string; status: string; runs: number }>(
    `SELECT trigger, status, count(*)::int AS runs FROM reconcile_runs WHERE account = $1
     GROUP BY trigger, status ORDER BY trigger, status`,
    [account],
  );
  return rows;
}

/** Every drift any reconciliation of the account recorded, oldest run first. */
export async function reconcileFindings(pool: Pool, account: string): Promise<RecordedFinding[]> {
  const { rows } = await pool.query<{
    run_id: string;
    trigger: string;
    started_at: Date;
    kind: string;
    severity: string;
    client_order_id: string | null;
    trade_id: string | null;
    detail: string;
  }>(
    `SELECT r.run_id, r.trigger, r.started_at, d.kind, d.severity, d.client_order_id, d.trade_id, d.detail
     FROM reconcile_runs r JOIN reconcile_drifts d ON d.run_id = r.run_id
     WHERE r.account = $1 ORDER BY r.started_at, d.seq`,
    [account],
  );
  return rows.map((row) => ({
    runId: row.run_id,
    trigger: row.trigger,
    startedAt: row.started_at,
    kind: row.kind,
    severity: row.severity,
    clientOrderId: row.client_order_id,
    tradeId: row.trade_id,
    detail: row.detail,
  }));
}
