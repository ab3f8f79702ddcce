/**
 * npm run bench:orders — order lifecycles through the embedded stack (Temporal dev server, PostgreSQL,
 * the venue simulator, one `keel worker`), against the same orders placed straight through the
 * venue adapter without Temporal, in the same run:
 *  1. saturation: BENCH_ORDERS market orders started at once → completed lifecycles per second;
 *  2. fixed load: BENCH_RATE orders/s for BENCH_SECONDS → p50/p95/p99 of intent → venue-accepted.
 * Prints a table and one JSON line. No assertions: figures, not tests.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { simulatorCredentials } from '../../config/defaults.js';
import { percentile, summariseLatencies } from '../../domain/latency-summary.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import { startOrder } from '../../client/orders/start-order.js';
import { benchStack } from './bench-stack.js';

const SATURATION_ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const { dataDir, ports, keel } = await benchStack('orders', {
  // The bench measures the order path, gate included; these limits would stop its equal, rapid orders.
  KEEL_RISK_MAX_ORDER_NOTIONAL: 'unlimited',
  KEEL_RISK_MAX_POSITION_NOTIONAL: 'unlimited',
  KEEL_RISK_MAX_GROSS_EXPOSURE: 'unlimited',
  KEEL_RISK_MAX_TRADES_PER_DAY: 'unlimited',
  KEEL_RISK_MAX_ORDERS_PER_MINUTE: 'unlimited',
  KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0',
});
const simUrl = `http://127.0.0.1:${ports.sim}`;

async function createAccount(name: string): Promise<{ apiKey: string; apiSecret: string }> {
  const credentials = simulatorCredentials(name);
  const spec = {
    name,
    ...credentials,
    balances: { USDT: 1e12, ETH: 1e6 },
    symbols: ['ETHUSDT'],
    dataset: { kind: 'synthetic', seed: 3, startTime: Date.parse('2026-01-01T00:00:00Z'), days: 60 },
    // 600× real time: a one-minute bar every 100 ms, so market orders fill promptly.
    clock: { mode: 'realtime', speed: 600 },
    models: { participationRate: 1, latencyMs: 0 },
  };
  const response = await fetch(`${simUrl}/sim/accounts`, { method: 'POST', body: JSON.stringify(spec) });
  if (response.status !== 201)
    throw new Error(`account ${name}: ${response.status} ${await response.text()}`);
  return credentials;
}

const intent = (account: string, id: string): OrderIntent => ({
  clientOrderId: id,
  account,
  symbol: 'ETHUSDT',
  side: 'buy',
  type: 'market',
  quantity: 0.01,
  timeInForce: 'GTC',
  decisionTime: Date.now(),
  runId: `bench-${account}`,
});

async function atFixedRate(count: number, rate: number, place: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    running.push(place(i));
  }
  await Promise.all(running);
}

try {
  await keel(['dev', 'up']);
  await keel(['worker', '--detach', '--task-queues', 'keel-orders']);
  const db = new pg.Pool({ connectionString: `postgres://keel:keel@127.0.0.1:${ports.postgres}/keel` });
  const client = new Client({
    connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }),
  });

  // Warm-up: bundle caches, connections, markets.
  const warm = await createAccount('bench-warm');
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      startOrder(client, intent('bench-warm', `w-${i}`)).then(({ handle }) => handle.result()),
    ),
  );

  // 1. Saturation through Temporal.
  await createAccount('bench-sat');
  const satStart = performance.now();
  const handles = await Promise.all(
    Array.from({ length: SATURATION_ORDERS }, (_, i) => startOrder(client, intent('bench-sat', `s-${i}`))),
  );
  const results = await Promise.all(handles.map(({ handle }) => handle.result()));
  const satSeconds = (performance.now() - satStart) / 1000;
  const filled = results.filter((state) => state.status === 'FILLED').length;

  // 1b. The same orders straight through the adapter (place, then poll until filled), same concurrency.
  const direct = new CcxtVenue({ kind: 'simulator', baseUrl: simUrl, ...warm });
  await direct.instrument('ETHUSDT');
  const directStart = performance.now();
  await Promise.all(
    Array.from({ length: SATURATION_ORDERS }, async (_, i) => {
      await direct.placeOrder({
        clientOrderId: `d-${i}`,
        symbol: 'ETHUSDT',
        side: 'buy',
        type: 'market',
        quantity: 0.01,
      });
      for (;;) {
        const order = await direct.getOrderByClientId('ETHUSDT', `d-${i}`);
        if (order && order.status !== 'open') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  const directSeconds = (performance.now() - directStart) / 1000;

  // 2. Fixed offered load: intent → venue-accepted (ACCEPTED event recorded in the ledger).
  await createAccount('bench-load');
  const startedAt = new Map<string, number>();
  const count = RATE * SECONDS;
  await atFixedRate(count, RATE, async (i) => {
    const id = `l-${i}`;
    startedAt.set(id, Date.now());
    const { handle } = await startOrder(client, intent('bench-load', id));
    await handle.result();
  });
  const { rows } = await db.query<{ client_order_id: string; recorded_at: Date }>(
    "SELECT client_order_id, recorded_at FROM order_events WHERE type = 'ACCEPTED' AND client_order_id LIKE 'l-%'",
  );
  const acceptedLatencies = rows.map(
    (row) => row.recorded_at.getTime() - startedAt.get(row.client_order_id)!,
  );
  const accepted = summariseLatencies(acceptedLatencies);
  const p99 = percentile(acceptedLatencies, 99);

  // 2b. The same load straight through the adapter: intent → accepted answer.
  const directLatencies: number[] = [];
  await atFixedRate(count, RATE, async (i) => {
    const t0 = performance.now();
    await direct.placeOrder({
      clientOrderId: `dl-${i}`,
      symbol: 'ETHUSDT',
      side: 'buy',
      type: 'market',
      quantity: 0.01,
    });
    directLatencies.push(performance.now() - t0);
  });
  const directAccepted = summariseLatencies(directLatencies);
  const directP99 = percentile(directLatencies, 99);

  await direct.close();
  await client.connection.close();
  await db.end();

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const temporalRate = SATURATION_ORDERS / satSeconds;
  const directRate = SATURATION_ORDERS / directSeconds;
  console.log(`\nbench:orders on ${machine}`);
  console.log(
    `saturation, ${SATURATION_ORDERS} market orders at once (each: risk check, submit, fills, ledger):`,
  );
  console.log(
    `  through Temporal (orderLifecycle)   ${temporalRate.toFixed(1)} lifecycles/s  (${filled} filled in ${satSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  straight through the adapter        ${directRate.toFixed(1)} orders/s filled  (${directSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  overhead ratio                      ${(directRate / temporalRate).toFixed(2)} × slower through Temporal`,
  );
  console.log(`fixed load ${RATE} orders/s for ${SECONDS} s, intent → venue-accepted:`);
  console.log(
    `  through Temporal   p50 ${accepted.p50Ms} ms  p95 ${accepted.p95Ms} ms  p99 ${p99} ms  (${accepted.count} orders)`,
  );
  console.log(
    `  adapter only       p50 ${directAccepted.p50Ms.toFixed(1)} ms  p95 ${directAccepted.p95Ms.toFixed(1)} ms  p99 ${directP99.toFixed(1)} ms`,
  );
  console.log(
    JSON.stringify({
      bench: 'orders',
      machine,
      saturation: {
        orders: SATURATION_ORDERS,
        filled,
        seconds: satSeconds,
        lifecyclesPerSecond: temporalRate,
        directPerSecond: directRate,
      },
      fixedLoad: {
        rate: RATE,
        seconds: SECONDS,
        temporal: { ...accepted, p99Ms: p99 },
        direct: { ...directAccepted, p99Ms: directP99 },
      },
    }),
  );
} finally {
  await keel(['dev', 'down']).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
