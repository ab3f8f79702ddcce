import type { PoolClient } from 'pg';
import type { KeelConfig } from '../../config/schema.js';
import { redactConfig } from '../../config/redact-config.js';
import { redactDeep } from '../../lib/redact.js';

/** One account and one UTC day, as the SQL parameters $1..$3. */
export interface DayScope {
  account: string;
  date: string;
  start: Date;
  end: Date;
}

const params = (scope: DayScope) => [scope.account, scope.start, scope.end];
const iso = (value: Date | null) => (value ? value.toISOString() : null);
const FAIL_CLASSES = ['warmup_expected', 'integration_defect', 'unknown'] as const;
const TOP = 10;

/** reconcile.json: the reconciliations started during the day with their drifts, and the last one before its end. */
export async function reconcileDocument(
  client: PoolClient,
  scope: DayScope,
): Promise<Record<string, unknown>> {
  const runs = await client.query<{
    run_id: string;
    trigger: string;
    workflow_id: string;
    status: string;
    worst_severity: string | null;
    drift_count: number;
    counts: unknown;
    started_at: Date;
    finished_at: Date | null;
  }>(
    `SELECT run_id, trigger, workflow_id, status, worst_severity, drift_count, counts, started_at, finished_at
     FROM reconcile_runs WHERE account = $1 AND started_at >= $2 AND started_at < $3
     ORDER BY started_at, run_id`,
    params(scope),
  );
  const drifts = await client.query<{
    run_id: string;
    seq: number;
    kind: string;
    severity: string;
    client_order_id: string | null;
    symbol: string | null;
    trade_id: string | null;
    asset: string | null;
    detail: string;
    facts: unknown;
    action: string;
    outcome: string | null;
    acted_at: Date | null;
  }>(
    `SELECT d.run_id, d.seq, d.kind, d.severity, d.client_order_id, d.symbol, d.trade_id, d.asset, d.detail,
            d.facts, d.action, d.outcome, d.acted_at
     FROM reconcile_drifts d JOIN reconcile_runs r USING (run_id)
     WHERE r.account = $1 AND r.started_at >= $2 AND r.started_at < $3
     ORDER BY d.run_id, d.seq`,
    params(scope),
  );
  const latest = await client.query<{
    run_id: string;
    status: string;
    started_at: Date;
    drift_count: number;
  }>(
    `SELECT run_id, status, started_at, drift_count FROM reconcile_runs
     WHERE account = $1 AND started_at < $2 ORDER BY started_at DESC, run_id DESC LIMIT 1`,
    [scope.account, scope.end],
  );
  const last = latest.rows[0];
  return {
    account: scope.account,
    date: scope.date,
    runs: runs.rows.map((run) => ({
      runId: run.run_id,
      trigger: run.trigger,
      workflowId: run.workflow_id,
      status: run.status,
      worstSeverity: run.worst_severity,
      driftCount: run.drift_count,
      counts: run.counts,
      startedAt: iso(run.started_at),
      finishedAt: iso(run.finished_at),
      drifts: drifts.rows
        .filter((drift) => drift.run_id === run.run_id)
        .map((drift) => ({
          seq: drift.seq,
          kind: drift.kind,
          severity: drift.severity,
          clientOrderId: drift.client_order_id,
          symbol: drift.symbol,
          tradeId: drift.trade_id,
          asset: drift.asset,
          detail: drift.detail,
          facts: redactDeep(drift.facts),
          action: drift.action,
          outcome: drift.outcome,
          actedAt: iso(drift.acted_at),
        })),
    })),
    latestBeforeEndOfDay: last
      ? {
          runId: last.run_id,
          status: last.status,
          startedAt: iso(last.started_at),
          driftCount: last.drift_count,
        }
      : null,
  };
}

/** metrics.json: the day in figures. Money is decimal text (exact); counts are numbers. */
export async function metricsDocument(client: PoolClient, scope: DayScope): Promise<Record<string, unknown>> {
  const one = async <T>(sql: string): Promise<T> =>
    (await client.query<T & object>(sql, params(scope))).rows[0]!;
  const grouped = async (sql: string): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await client.query<{ key: string; n: string }>(sql, params(scope))).rows.map((row) => [
        row.key,
        Number(row.n),
      ]),
    );
  const decisionsWhere =
    'FROM strategy_decisions WHERE account = $1 AND decision_time >= $2 AND decision_time < $3';
  const ordersWhere = 'FROM orders WHERE account = $1 AND decision_time >= $2 AND decision_time < $3';
  const fillsWhere = 'FROM fills WHERE account = $1 AND time >= $2 AND time < $3';
  const riskWhere =
    'FROM risk_decisions WHERE account = $1 AND COALESCE(venue_time, decided_at) >= $2 AND COALESCE(venue_time, decided_at) < $3';

  const fills = await one<{ trades: string; settlements: string; buy: string | null; sell: string | null }>(
    `SELECT count(*) FILTER (WHERE kind = 'trade') AS trades, count(*) FILTER (WHERE kind = 'settlement') AS settlements,
            sum(price * quantity) FILTER (WHERE side = 'buy') AS buy, sum(price * quantity) FILTER (WHERE side = 'sell') AS sell
     ${fillsWhere}`,
  );
  const fees = (
    await client.query<{ asset: string; fee: string }>(
      `SELECT fee_asset AS asset, sum(fee) AS fee ${fillsWhere} GROUP BY fee_asset ORDER BY fee_asset`,
      params(scope),
    )
  ).rows;
  const tca = await one<{
    n: string;
    decision: number | null;
    arrival: number | null;
    shortfall: number | null;
  }>(
    `SELECT count(slippage_bps_decision) AS n, avg(slippage_bps_decision) AS decision,
            avg(slippage_bps_arrival) AS arrival, avg(shortfall_bps) AS shortfall ${ordersWhere}`,
  );
  const trades = await one<{
    n: string;
    wins: string;
    net: string | null;
    gross: string | null;
    fees: string | null;
  }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE net_pnl > 0) AS wins, sum(net_pnl) AS net, sum(gross_pnl) AS gross,
            sum(fees) AS fees
     FROM trades WHERE account = $1 AND exit_time >= $2 AND exit_time < $3`,
  );
  const denyCodes = await grouped(
    `SELECT code AS key, count(*) AS n ${riskWhere.replace('FROM risk_decisions', 'FROM risk_decisions, unnest(codes) AS code')}
     AND decision = 'DENY' GROUP BY code ORDER BY code`,
  );
  const desk = await one<{ events: string; mode_changes: string }>(
    `SELECT count(*) AS events, count(*) FILTER (WHERE kind = 'MODE_CHANGED') AS mode_changes
     FROM desk_events WHERE account = $1 AND at >= $2 AND at < $3`,
  );
  return {
    account: scope.account,
    date: scope.date,
    decisions: {
      byAction: await grouped(
        `SELECT action AS key, count(*) AS n ${decisionsWhere} GROUP BY action ORDER BY action`,
      ),
      byCanonicalReason: await grouped(
        `SELECT reason_canonical AS key, count(*) AS n ${decisionsWhere} GROUP BY reason_canonical ORDER BY reason_canonical`,
      ),
    },
    orders: {
      byStatus: await grouped(
        `SELECT status AS key, count(*) AS n ${ordersWhere} GROUP BY status ORDER BY status`,
      ),
    },
    fills: {
      trades: Number(fills.trades),
      settlements: Number(fills.settlements),
      buyNotional: fills.buy ?? '0',
      sellNotional: fills.sell ?? '0',
      feesByAsset: Object.fromEntries(fees.map((row) => [row.asset, row.fee])),
    },
    tca: {
      ordersWithSlippage: Number(tca.n),
      meanSlippageBpsVsDecision: tca.decision,
      meanSlippageBpsVsArrival: tca.arrival,
      meanShortfallBps: tca.shortfall,
    },
    risk: {
      byDecision: await grouped(
        `SELECT decision AS key, count(*) AS n ${riskWhere} GROUP BY decision ORDER BY decision`,
      ),
      denyCodes,
    },
    desk: { events: Number(desk.events), modeChanges: Number(desk.mode_changes) },
    closedTrades: {
      count: Number(trades.n),
      wins: Number(trades.wins),
      grossPnl: trades.gross ?? '0',
      fees: trades.fees ?? '0',
      netPnl: trades.net ?? '0',
    },
  };
}

export interface SchemaDiagnostics {
  account: string;
  date: string;
  decisions: number;
  failures: Record<(typeof FAIL_CLASSES)[number], number>;
  /** Failures other than warm-up (integration_defect + unknown): what the delivery-health check watches. */
  nonWarmupFailures: number;
  /** The fields missing most often in those failures: what a schema-failure spike alert names. */
  topNonWarmupFields: { field: string; count: number }[];
  topMissingFields: Record<string, { field: string; count: number }[]>;
  topSymbols: Record<string, { symbol: string; count: number }[]>;
}

/** schema_diagnostics.json: decisions whose inputs failed their schema, per fail class, with the top fields and symbols. */
export async function schemaDiagnosticsDocument(
  client: PoolClient,
  scope: DayScope,
): Promise<SchemaDiagnostics> {
  const where = 'FROM strategy_decisions WHERE account = $1 AND decision_time >= $2 AND decision_time < $3';
  const total = await client.query<{ n: string }>(`SELECT count(*) AS n ${where}`, params(scope));
  const byClass = await client.query<{ cls: string; n: string }>(
    `SELECT schema_fail_class AS cls, count(*) AS n ${where} AND schema_fail_class IS NOT NULL GROUP BY 1`,
    params(scope),
  );
  const fields = await client.query<{ cls: string; key: string; n: string }>(
    `SELECT schema_fail_class AS cls, field AS key, count(*) AS n
     FROM strategy_decisions, unnest(missing_fields) AS field
     WHERE account = $1 AND decision_time >= $2 AND decision_time < $3 AND schema_fail_class IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    params(scope),
  );
  const nonWarmupFields = await client.query<{ key: string; n: string }>(
    `SELECT field AS key, count(*) AS n
     FROM strategy_decisions, unnest(missing_fields) AS field
     WHERE account = $1 AND decision_time >= $2 AND decision_time < $3
       AND schema_fail_class IN ('integration_defect', 'unknown')
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP}`,
    params(scope),
  );
  const symbols = await client.query<{ cls: string; key: string; n: string }>(
    `SELECT schema_fail_class AS cls, symbol AS key, count(*) AS n ${where} AND schema_fail_class IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    params(scope),
  );
  const failures = Object.fromEntries(
    FAIL_CLASSES.map((cls) => [cls, Number(byClass.rows.find((row) => row.cls === cls)?.n ?? 0)]),
  ) as SchemaDiagnostics['failures'];
  const top = <K extends string>(rows: { cls: string; key: string; n: string }[], cls: string, name: K) =>
    rows
      .filter((row) => row.cls === cls)
      .slice(0, TOP)
      .map((row) => ({ [name]: row.key, count: Number(row.n) }) as Record<K, string> & { count: number });
  return {
    account: scope.account,
    date: scope.date,
    decisions: Number(total.rows[0]!.n),
    failures,
    nonWarmupFailures: failures.integration_defect + failures.unknown,
    topNonWarmupFields: nonWarmupFields.rows.map((row) => ({ field: row.key, count: Number(row.n) })),
    topMissingFields: Object.fromEntries(FAIL_CLASSES.map((cls) => [cls, top(fields.rows, cls, 'field')])),
    topSymbols: Object.fromEntries(FAIL_CLASSES.map((cls) => [cls, top(symbols.rows, cls, 'symbol')])),
  };
}

/**
 * config_snapshot.json: the exporting process's configuration and the configuration of every burn-in
 * run that decided during the day — redacted — plus the datasets those runs traded on.
 */
export async function configSnapshotDocument(
  client: PoolClient,
  scope: DayScope,
  config: KeelConfig,
): Promise<{ document: Record<string, unknown>; datasetHashes: string[] }> {
  const runs = await client.query<{
    run_id: string;
    strategy: string;
    config: unknown;
    config_hash: string;
    dataset_hash: string;
    seed: string;
  }>(
    `SELECT run_id, strategy, config, config_hash, dataset_hash, seed FROM burn_in_runs
     WHERE run_id IN (SELECT DISTINCT run_id FROM strategy_decisions
                      WHERE account = $1 AND decision_time >= $2 AND decision_time < $3)
     ORDER BY run_id`,
    params(scope),
  );
  return {
    document: {
      account: scope.account,
      date: scope.date,
      keel: redactConfig(config),
      burnInRuns: runs.rows.map((run) => ({
        runId: run.run_id,
        strategy: run.strategy,
        configHash: run.config_hash,
        datasetHash: run.dataset_hash,
        seed: Number(run.seed),
        config: redactDeep(run.config),
      })),
    },
    datasetHashes: [...new Set(runs.rows.map((run) => run.dataset_hash))].sort(),
  };
}
