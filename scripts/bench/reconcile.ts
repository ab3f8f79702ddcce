/**
 * npm run bench:reconcile — time and peak memory to reconcile one account holding BENCH_ORDERS
 * orders (default 10,000) and BENCH_FILLS fills (default 50,000): the real path (the simulator's
 * HTTP API through ccxt for the venue side, PostgreSQL for the ledger, the pure diff), against two
 * baselines in the same run: the same reconciliation of an empty account (fixed cost) and the pure
 * diff alone on the gathered input. Prints a table and one JSON line. No assertions: figures.
 */
import os from 'node:os';
import pg from 'pg';
import { gatherReconcileInput } from '../../activities/reconcile/reconcile-snapshot.js';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { loadConfig } from '../../config/load.js';
import { simulatorCredentials } from '../../config/defaults.js';
import { diffVenueAgainstLedger } from '../../domain/reconcile/diff.js';
import { createLogger } from '../../lib/logger.js';
import { startVenueSimServer } from '../../venue-sim/server.js';
import { withBenchPostgres } from './embedded-postgres.js';
import { measured } from './measure.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const FILLS = Number(process.env.BENCH_FILLS ?? 50_000);
const START = Date.parse('2026-01-01T00:00:00Z');
const logger = createLogger({ service: 'bench-reconcile', level: 'warn' });

async function createAccount(url: string, name: string): Promise<void> {
  const response = await fetch(`${url}/sim/accounts`, {
    method: 'POST',
    body: JSON.stringify({
      name,
      ...simulatorCredentials(name),
      balances: { USDT: 1e9, BTC: 1e3 },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      dataset: { kind: 'synthetic', seed: 5, startTime: START, days: 4 },
      clock: { mode: 'driven' },
    }),
  });
  if (response.status !== 201)
    throw new Error(`account ${name}: ${response.status} ${await response.text()}`);
  await fetch(`${url}/sim/accounts/${name}/clock`, {
    method: 'POST',
    body: JSON.stringify({ to: START + 3 * 86_400_000 }),
  });
}

/** Writes the same history on both sides, as if every order had filled through Keel: a clean book. */
async function seedHistory(pool: pg.Pool, account: string): Promise<void> {
  const perOrder = Math.max(1, Math.floor(FILLS / ORDERS));
  await pool.query(
    `INSERT INTO venue_sim.orders (account, order_id, client_order_id, symbol, side, type, time_in_force, price, quantity,
       executed_qty, cummulative_quote_qty, status, submit_time, update_time, reserved)
     SELECT $1, i, 'b-' || i, CASE WHEN i % 2 = 0 THEN 'BTCUSDT' ELSE 'ETHUSDT' END, CASE WHEN i % 3 = 0 THEN 'SELL' ELSE 'BUY' END,
            'MARKET', 'GTC', NULL, 0.001 * $3, 0.001 * $3, 0.001 * $3 * 100, 'FILLED',
            $2::bigint + i * 10, $2::bigint + i * 10, 0
     FROM generate_series(1, $4::int) AS i`,
    [account, START + 2 * 86_400_000, perOrder, ORDERS],
  );
  await pool.query(
    `INSERT INTO venue_sim.trades (account, trade_id, order_id, symbol, side, price, qty, quote_qty, commission,
       commission_asset, is_maker, time)
     SELECT $1, (o.order_id - 1) * $2 + k, o.order_id, o.symbol, o.side, 100, 0.001, 0.1, 0.0001, 'USDT', false,
            o.submit_time + k
     FROM venue_sim.orders o, generate_series(1, $2::int) AS k WHERE o.account = $1`,
    [account, perOrder],
  );
  await pool.query(
    `UPDATE venue_sim.accounts SET next_order_id = $2 + 1, next_trade_id = $3 + 1 WHERE name = $1`,
    [account, ORDERS, ORDERS * perOrder],
  );
  await pool.query(
    `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity,
       status, venue_order_id, filled_quantity, decision_time)
     SELECT client_order_id, 'order-' || client_order_id, account, 'simulator', symbol, lower(side), 'market', 'GTC',
            quantity, 'FILLED', order_id::text, executed_qty, to_timestamp(submit_time / 1000.0)
     FROM venue_sim.orders WHERE account = $1`,
    [account],
  );
  await pool.query(
    `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset, is_maker, time)
     SELECT 'simulator', t.trade_id::text, o.client_order_id, t.account, t.symbol, lower(t.side), t.price, t.qty,
            t.commission, t.commission_asset, t.is_maker, to_timestamp(t.time / 1000.0)
     FROM venue_sim.trades t JOIN venue_sim.orders o ON o.account = t.account AND o.order_id = t.order_id
     WHERE t.account = $1`,
    [account],
  );
  await pool.query(
    `INSERT INTO positions (account, symbol, quantity, cash_delta, fees, fills)
     SELECT account, symbol, sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END),
            sum(CASE side WHEN 'buy' THEN -price * quantity ELSE price * quantity END - fee), sum(fee), count(*)
     FROM fills WHERE account = $1 GROUP BY account, symbol`,
    [account],
  );
}

const figures = await withBenchPostgres(async (databaseUrl) => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const config = loadConfig({
    env: { DATABASE_URL: databaseUrl, KEEL_LOG_LEVEL: 'warn', HOME: process.env.HOME ?? '' },
  });
  try {
    let sim = await startVenueSimServer({ pool, logger, host: '127.0.0.1', port: 0 });
    await createAccount(sim.url, 'bench-empty');
    await createAccount(sim.url, 'bench-full');
    await sim.close();
    await seedHistory(pool, 'bench-full');
    sim = await startVenueSimServer({ pool, logger, host: '127.0.0.1', port: 0 }); // loads the seeded history
    const venueOf = (name: string) =>
      new CcxtVenue({ kind: 'simulator', baseUrl: sim.url, ...simulatorCredentials(name) });
    const run = async (name: string) => {
      const venue = venueOf(name);
      try {
        const now = await venue.serverTime();
        const { input } = await gatherReconcileInput({ pool, venue, config }, name, now);
        return { input, diff: diffVenueAgainstLedger(input) };
      } finally {
        await venue.close();
      }
    };
    const empty = await measured(() => run('bench-empty'));
    const full = await measured(() => run('bench-full'));
    const diffOnly = await measured(() => Promise.resolve(diffVenueAgainstLedger(full.result.input)));
    await sim.close();
    return { empty, full, diffOnly };
  } finally {
    await pool.end();
  }
});

const { full, empty, diffOnly } = figures;
const venueFills = full.result.input.venue.fills.length;
const ledgerFills = full.result.input.ledger.fills.length;
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
console.log(`\nbench:reconcile on ${machine}`);
console.log(
  `  account with ${ORDERS} orders, ${venueFills} venue fills / ${ledgerFills} ledger fills in the window`,
);
console.log(
  `  ${'measure'.padEnd(44)} ${'time'.padStart(10)} ${'peak RSS +'.padStart(12)} ${'peak heap +'.padStart(12)}`,
);
const row = (label: string, figure: { ms: number; peakRssMb: number; peakHeapMb: number }) =>
  console.log(
    `  ${label.padEnd(44)} ${`${figure.ms.toFixed(0)} ms`.padStart(10)} ${`${figure.peakRssMb.toFixed(0)} MiB`.padStart(12)} ${`${figure.peakHeapMb.toFixed(0)} MiB`.padStart(12)}`,
  );
row('empty account (baseline: fixed cost)', empty);
row(`full account: snapshot + diff`, full);
row('pure diff on the same input (baseline)', diffOnly);
console.log(`  drifts found: ${full.result.diff.drifts.length} (expected 0: both sides were written alike)`);
console.log(
  JSON.stringify({
    bench: 'reconcile',
    orders: ORDERS,
    venueFills,
    ledgerFills,
    fullMs: Math.round(full.ms),
    fullPeakRssMb: Math.round(full.peakRssMb),
    fullPeakHeapMb: Math.round(full.peakHeapMb),
    emptyMs: Math.round(empty.ms),
    diffOnlyMs: Math.round(diffOnly.ms),
    drifts: full.result.diff.drifts.length,
  }),
);
