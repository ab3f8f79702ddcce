import type { Pool } from 'pg';

const HOUR = 3_600_000;
const digest = 'a'.repeat(64);

export interface SeededDay {
  /** Data rows each CSV file of the day's package must have. */
  rows: Record<string, number>;
}

/**
 * Writes one day of known activity for `account` straight into the ledger tables — decisions (with
 * warm-up and non-warm-up schema failures), orders, fills (a trade and a settlement), risk
 * decisions (an allow and a deny), desk events, a reconciliation with a drift and a closed trade —
 * plus one row of each on the days either side, which the day's package must leave out.
 */
export async function seedExportDay(
  pool: Pool,
  account: string,
  date: string,
  options: { decisions?: number; nonWarmupFailures?: number } = {},
): Promise<SeededDay> {
  const start = Date.parse(`${date}T00:00:00.000Z`);
  const at = (ms: number) => new Date(ms).toISOString();
  const runId = `run-${account}-${date}`;
  const decisions = options.decisions ?? 12;
  const failures = options.nonWarmupFailures ?? 1;
  await pool.query(
    `INSERT INTO burn_in_runs (run_id, account, strategy, config, config_hash, dataset, dataset_hash, seed, market_from,
                               market_to, status)
     VALUES ($1, $2, 'donchian', '{"strategies":[{"name":"donchian"}],"apiKey":"should-not-leak"}', $3, '{}', $4, 7,
             $5, $6, 'RUNNING') ON CONFLICT DO NOTHING`,
    [runId, account, digest, 'b'.repeat(64), at(start - 24 * HOUR), at(start + 48 * HOUR)],
  );
  // Decisions: hourly points on the day (index k), one before and one after it.
  const decisionTimes = [
    start - HOUR,
    ...Array.from({ length: decisions }, (_, k) => start + k * 60_000),
    start + 24 * HOUR,
  ];
  for (const [index, time] of decisionTimes.entries()) {
    const k = index - 1;
    const warmup = k === 0;
    const defect = k >= 1 && k <= failures;
    await pool.query(
      `INSERT INTO strategy_decisions (run_id, decision_time, symbol, account, strategy, action, reason_raw,
                                       reason_canonical, confidence, probability, reference_price, schema_fail_class,
                                       missing_fields, client_order_id, outcome, desk_mode, symbol_listed_at)
       VALUES ($1, $2, $3, $4, 'donchian', $5, $6, $7, 0.5, NULL, 101.25, $8, $9, NULL, $10, 'ACTIVE', $11)`,
      [
        runId,
        at(time),
        k % 2 === 0 ? 'BTCUSDT' : 'PM3USDT',
        account,
        warmup || defect ? 'no_trade' : k % 3 === 0 ? 'enter' : 'hold',
        warmup
          ? 'warmup: 3 of 20 bars'
          : defect
            ? 'missing field funding_rate'
            : `breakout up, "quoted", ${k}`,
        warmup ? 'WARMUP' : defect ? 'SCHEMA_FAIL' : 'SIGNAL',
        warmup ? 'warmup_expected' : defect ? 'integration_defect' : null,
        warmup ? ['bars'] : defect ? ['funding_rate', 'open_interest'] : [],
        warmup || defect ? 'no_trade' : 'held',
        at(start - 48 * HOUR),
      ],
    );
  }
  // Orders: two on the day, one the day before; fills for the day's orders and one the next day.
  const orders = [
    { id: `${account}-${date}-o1`, time: start + HOUR, status: 'FILLED' },
    { id: `${account}-${date}-o2`, time: start + 2 * HOUR, status: 'REJECTED' },
    { id: `${account}-${date}-o0`, time: start - 2 * HOUR, status: 'FILLED' },
  ];
  // The venue's own redemption of a resolved binary market: an order no workflow ran (workflow_id NULL).
  await pool.query(
    `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity,
                         strategy, status, filled_quantity, average_price, decision_time)
     VALUES ($1, NULL, $2, 'simulator', 'PM3USDT', 'sell', 'market', 'GTC', 0.25, 'settlement', 'FILLED', 0.25, 0, $3)`,
    [`${account}-${date}-s1`, account, at(start + 23 * HOUR)],
  );
  // As an accelerated paper run stamps them: decision, acceptance and fills on the market clock, the
  // workflow's submission and the worker's round trip on a wall clock 335 days later. The REJECTED
  // order's acceptance stamp comes before its decision (a clock defect tca.csv must not print).
  const wall = (order: { time: number }) => order.time + 335 * 24 * HOUR;
  for (const order of orders) {
    const accepted = order.status === 'REJECTED' ? order.time - 40 : order.time + 180;
    await pool.query(
      `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity,
                           price, run_id, strategy, status, decision_time, decision_price, arrival_price, submitted_at,
                           accepted_at, first_fill_at, last_fill_at, sent_wall_at, acked_wall_at, fill_vwap, fill_rate,
                           slippage_bps_decision)
       VALUES ($1, $2, $3, 'simulator', 'BTCUSDT', 'buy', 'market', 'GTC', 0.5, NULL, $4, 'donchian', $5, $6, 100, 100.5,
               $7, $8, $9, $10, $11, $12, 100.75, 1, 7.5)`,
      [
        order.id,
        `order-${order.id}`,
        account,
        runId,
        order.status,
        at(order.time),
        at(wall(order)),
        at(accepted),
        order.status === 'FILLED' ? at(order.time + 3_600_000) : null,
        order.status === 'FILLED' ? at(order.time + 3_600_250) : null,
        at(wall(order) + 5),
        at(wall(order) + 65),
      ],
    );
  }
  const fills = [
    { trade: '1', order: `${account}-${date}-o1`, time: start + 2 * HOUR, kind: 'trade', price: '100.75' },
    { trade: '2', order: `${account}-${date}-s1`, time: start + 23 * HOUR, kind: 'settlement', price: '0' },
    { trade: '3', order: `${account}-${date}-o0`, time: start - HOUR, kind: 'trade', price: '99' },
    { trade: '4', order: `${account}-${date}-o1`, time: start + 24 * HOUR, kind: 'trade', price: '101' },
  ];
  for (const fill of fills) {
    await pool.query(
      `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset, is_maker,
                          time, kind)
       VALUES ('simulator', $1, $2, $3, 'BTCUSDT', 'buy', $4, 0.25, 0.01, 'USDT', false, $5, $6)`,
      [`${account}-${date}-${fill.trade}`, fill.order, account, fill.price, at(fill.time), fill.kind],
    );
  }
  const risk = [
    { order: `${account}-${date}-o1`, decision: 'ALLOW', codes: [], time: start + HOUR },
    {
      order: `${account}-${date}-o2`,
      decision: 'DENY',
      codes: ['MAX_ORDER_NOTIONAL', 'COLLAR'],
      time: start + 2 * HOUR,
    },
    { order: `${account}-${date}-o0`, decision: 'ALLOW', codes: [], time: start - 2 * HOUR },
  ];
  for (const r of risk) {
    await pool.query(
      `INSERT INTO risk_decisions (client_order_id, account, decision, codes, details, intent, snapshot_digest,
                                   rules_version, decided_at, venue_time)
       VALUES ($1, $2, $3, $4, '{}', $5, $6, 'rules-1', now(), $7)`,
      [
        r.order,
        account,
        r.decision,
        r.codes,
        { symbol: 'BTCUSDT', side: 'buy', quantity: 0.5 },
        digest,
        at(r.time),
      ],
    );
  }
  for (const [index, time] of [start + 3 * HOUR, start + 4 * HOUR, start + 30 * HOUR].entries()) {
    await pool.query(
      `INSERT INTO desk_events (change_id, account, kind, old_mode, new_mode, reason, actor, at)
       VALUES ($1, $2, 'MODE_CHANGED', $3, $4, 'drill, with a comma', 'ops@desk', $5)`,
      [
        `${account}-${date}-c${index}`,
        account,
        index === 1 ? 'HALTED' : 'ACTIVE',
        index === 1 ? 'ACTIVE' : 'HALTED',
        at(time),
      ],
    );
  }
  await pool.query(
    `INSERT INTO reconcile_runs (run_id, account, trigger, workflow_id, status, worst_severity, drift_count, started_at,
                                 finished_at)
     VALUES ($1, $2, 'schedule', $3, 'DRIFT', 'warn', 1, $4, $4)`,
    [`rec-${account}-${date}`, account, `reconcile-${account}`, at(start + 5 * HOUR)],
  );
  await pool.query(
    `INSERT INTO reconcile_drifts (run_id, seq, kind, severity, detail, facts, action)
     VALUES ($1, 1, 'UNKNOWN_VENUE_ORDER', 'warn', 'an order at the venue the ledger does not know', '{}', 'cancel')`,
    [`rec-${account}-${date}`],
  );
  await pool.query(
    `INSERT INTO trades (run_id, account, symbol, kind, strategy, entry_client_order_id, exit_client_order_id, entry_time,
                         exit_time, entry_price, exit_price, quantity, gross_pnl, fees, net_pnl, return_pct, entry_reason,
                         exit_reason, exit_kind, regime)
     VALUES ($1, $2, 'BTCUSDT', 'spot', 'donchian', $3, NULL, $4, $5, 100, 102, 0.5, 1, 0.02, 0.98, 0.0196, 'SIGNAL',
             'SIGNAL', 'signal', '{}')`,
    [runId, account, `${account}-${date}-o1`, at(start + HOUR), at(start + 6 * HOUR)],
  );
  const reasons = new Set(
    Array.from({ length: decisions }, (_, k) =>
      k === 0 ? 'warmup' : k <= failures ? 'defect' : `breakout up, "quoted", ${k}`,
    ),
  );
  return {
    rows: {
      'decisions.csv': decisions,
      'orders.csv': 3,
      'fills.csv': 2,
      'tca.csv': 3,
      'risk_decisions.csv': 2,
      'desk_events.csv': 2,
      'reason_mapping.csv': reasons.size,
    },
  };
}
