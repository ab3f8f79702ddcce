import type { Pool, PoolClient } from 'pg';
import { TCA_LEG_COLUMNS, type CsvFileKey } from '../../domain/export/package-files.js';
import { TCA_LEGS, type TcaLeg, type TcaStamp } from '../../domain/ledger/tca.js';

/**
 * The rows of each CSV file for one account and one UTC day ($1 account, $2 day start, $3 day end).
 * `select` lists the file's columns in order, sorted on a unique key so the same data always gives
 * the same bytes (a rerun is recognised by its hash); `count` is what the validator compares with.
 *
 * Which clock places a row in a day: decisions and orders by their decision time, fills by the
 * venue's fill time, risk decisions by the venue time they were taken at (else the wall time), desk
 * events by when they happened. For paper runs on an accelerated clock, the first three are market
 * time and the last two are wall time. tca.csv never subtracts a stamp of one clock from one of the
 * other: each latency leg joins two stamps of one clock (TCA_LEGS).
 */
export interface DayQuery {
  select: string;
  count: string;
}

const ms = (from: string, to: string) => `(extract(epoch FROM ${to} - ${from}) * 1000)::bigint`;

const decisionsWhere =
  'FROM strategy_decisions WHERE account = $1 AND decision_time >= $2 AND decision_time < $3';
const ordersWhere = 'FROM orders WHERE account = $1 AND decision_time >= $2 AND decision_time < $3';
const riskTime = 'COALESCE(venue_time, decided_at)';

/** The orders column of each TCA stamp (its clock: TCA_STAMP_CLOCKS in domain/ledger/tca.ts). */
const TCA_STAMP_COLUMNS: Record<TcaStamp, string> = {
  decisionTime: 'decision_time',
  acceptedAt: 'accepted_at',
  firstFillAt: 'first_fill_at',
  lastFillAt: 'last_fill_at',
  sentWallAt: 'sent_wall_at',
  ackedWallAt: 'acked_wall_at',
};
const tcaLegs = (Object.keys(TCA_LEGS) as TcaLeg[]).map((leg) => ({
  column: TCA_LEG_COLUMNS[leg],
  from: TCA_STAMP_COLUMNS[TCA_LEGS[leg].from],
  to: TCA_STAMP_COLUMNS[TCA_LEGS[leg].to],
}));
// As computeTca: a leg is NULL when a stamp is missing or when it would run backwards (a clock
// defect, not a duration), and skewed_legs names the legs of the second kind.
const tcaLegColumns = tcaLegs
  .map(({ column, from, to }) => `CASE WHEN ${to} >= ${from} THEN ${ms(from, to)} END AS ${column}`)
  .join(',\n                    ');
const tcaSkewedLegs = `NULLIF(concat_ws(';', ${tcaLegs
  .map(({ column, from, to }) => `CASE WHEN ${to} < ${from} THEN '${column}' END`)
  .join(', ')}), '') AS skewed_legs`;

export const DAY_QUERIES: Record<CsvFileKey, DayQuery> = {
  decisions: {
    select: `SELECT run_id, decision_time, account, symbol, strategy, action, reason_raw, reason_canonical,
                    schema_fail_class, NULLIF(array_to_string(missing_fields, ';'), '') AS missing_fields,
                    confidence, probability, reference_price, outcome, client_order_id, desk_mode,
                    symbol_listed_at,
                    round((extract(epoch FROM decision_time - symbol_listed_at) / 3600)::numeric, 6)::float8
                      AS symbol_age_hours
             ${decisionsWhere}
             ORDER BY decision_time, run_id, symbol`,
    count: `SELECT count(*) ${decisionsWhere}`,
  },
  orders: {
    select: `SELECT client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity, price,
                    run_id, strategy, status, venue_order_id, filled_quantity, average_price, fees, reason,
                    decision_time, submitted_at, accepted_at, terminal_at
             ${ordersWhere}
             ORDER BY decision_time, client_order_id`,
    count: `SELECT count(*) ${ordersWhere}`,
  },
  fills: {
    select: `SELECT venue, trade_id, client_order_id, account, symbol, side, kind, price, quantity, fee, fee_asset,
                    is_maker, time
             FROM fills WHERE account = $1 AND time >= $2 AND time < $3
             ORDER BY time, venue, symbol, trade_id`,
    count: 'SELECT count(*) FROM fills WHERE account = $1 AND time >= $2 AND time < $3',
  },
  tca: {
    select: `SELECT client_order_id, symbol, side, status, quantity, filled_quantity, fill_rate, decision_price,
                    arrival_price, fill_vwap, slippage_bps_decision, slippage_bps_arrival, shortfall_bps,
                    decision_time, accepted_at, first_fill_at, last_fill_at,
                    submitted_at, sent_wall_at, acked_wall_at,
                    ${tcaLegColumns},
                    ${tcaSkewedLegs}
             ${ordersWhere}
             ORDER BY decision_time, client_order_id`,
    count: `SELECT count(*) ${ordersWhere}`,
  },
  riskDecisions: {
    select: `SELECT client_order_id, account, decision, NULLIF(array_to_string(codes, ';'), '') AS codes,
                    intent->>'symbol' AS symbol, intent->>'side' AS side,
                    (intent->>'quantity')::numeric AS quantity,
                    rules_version, snapshot_digest, venue_time, decided_at
             FROM risk_decisions WHERE account = $1 AND ${riskTime} >= $2 AND ${riskTime} < $3
             ORDER BY ${riskTime}, client_order_id`,
    count: `SELECT count(*) FROM risk_decisions WHERE account = $1 AND ${riskTime} >= $2 AND ${riskTime} < $3`,
  },
  deskEvents: {
    select: `SELECT change_id, account, kind, old_mode, new_mode, reason, actor, breaker, at
             FROM desk_events WHERE account = $1 AND at >= $2 AND at < $3
             ORDER BY at, change_id`,
    count: 'SELECT count(*) FROM desk_events WHERE account = $1 AND at >= $2 AND at < $3',
  },
  reasonMapping: {
    select: `SELECT reason_raw, reason_canonical, strategy, count(*) AS count
             ${decisionsWhere}
             GROUP BY reason_raw, reason_canonical, strategy
             ORDER BY reason_raw, reason_canonical, strategy`,
    count: `SELECT count(*) FROM (SELECT 1 ${decisionsWhere} GROUP BY reason_raw, reason_canonical, strategy) g`,
  },
};

/** How many rows one CSV file of the day has in the database now (the query's `count`). */
export async function countDayRows(
  db: Pool | PoolClient,
  key: CsvFileKey,
  scope: { account: string; start: number; end: number },
): Promise<number> {
  const params = [scope.account, new Date(scope.start), new Date(scope.end)];
  const { rows } = await db.query<{ count: string }>(DAY_QUERIES[key].count, params);
  return Number(rows[0]!.count);
}
