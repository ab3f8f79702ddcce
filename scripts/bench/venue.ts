/**
 * npm run bench:venue — how fast the venue simulator is on this machine.
 *  1. orders per second it sustains from ccxt clients (several accounts, concurrent requests),
 *     against the same server's GET /api/v3/ping rate as the baseline (HTTP + process overhead);
 *  2. fill-model evaluations per second in process (executeOnBar), fixed-bps slippage as the
 *     baseline against square-root impact.
 * Prints a table and one JSON line. No assertions: figures, not tests.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { generateSpotBars } from '../../domain/market-data/synthetic-spot.js';
import { summariseLatencies } from '../../domain/latency-summary.js';
import { DEFAULT_FEE_TIERS, tieredFeeModel } from '../../domain/execution/fees.js';
import { fixedLatency } from '../../domain/execution/latency.js';
import { executeOnBar } from '../../domain/execution/matching.js';
import type { FillModels, SlippageModel, WorkingOrder } from '../../domain/execution/orders.js';
import { fixedBpsSlippage, squareRootImpactSlippage } from '../../domain/execution/slippage.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { findFreePort, waitForPort } from '../../lib/ports.js';
import { SIM_INSTRUMENTS } from '../../domain/execution/sim-instruments.js';
import { withBenchPostgres } from './embedded-postgres.js';

const ACCOUNTS = 4;
const CONCURRENCY_PER_ACCOUNT = 4;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;

async function simulatorThroughput(databaseUrl: string, postgresPort: number) {
  const port = await findFreePort();
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'keel'), ['venue-sim', '--port', String(port)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KEEL_POSTGRES_PORT: String(postgresPort),
      KEEL_LOG_LEVEL: 'warn',
      KEEL_SIM_PORT: String(port),
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForPort('127.0.0.1', port, 60_000);
    const base = `http://127.0.0.1:${port}`;
    // Baseline: the same server answering its cheapest endpoint.
    const pings = await runFor(DURATION_MS / 2, ACCOUNTS * CONCURRENCY_PER_ACCOUNT, async () => {
      await (await fetch(`${base}/api/v3/ping`)).text();
    });

    const venues: CcxtVenue[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const name = `bench-${i}-${Date.now()}`;
      const spec = {
        name,
        apiKey: `${name}-key`,
        apiSecret: `${name}-secret`,
        balances: { USDT: 1e12 },
        symbols: ['BTCUSDT'],
        dataset: { kind: 'synthetic', seed: i, startTime: Date.parse('2026-01-01T00:00:00Z'), days: 2 },
        clock: { mode: 'driven' },
      };
      const created = await fetch(`${base}/sim/accounts`, { method: 'POST', body: JSON.stringify(spec) });
      if (created.status !== 201) throw new Error(`account: ${created.status} ${await created.text()}`);
      await fetch(`${base}/sim/accounts/${name}/clock`, {
        method: 'POST',
        body: JSON.stringify({ by: 3_600_000 }),
      });
      const venue = new CcxtVenue({
        kind: 'simulator',
        baseUrl: base,
        apiKey: spec.apiKey,
        apiSecret: spec.apiSecret,
      });
      await venue.instrument('BTCUSDT'); // load markets outside the measurement
      venues.push(venue);
    }
    const price = Math.round((await venues[0]!.lastPrice('BTCUSDT')) * 0.85);
    let sequence = 0;
    const orders = await runFor(DURATION_MS, ACCOUNTS * CONCURRENCY_PER_ACCOUNT, async (worker) => {
      // Resting limit orders: every request is a full accept path (validate, reserve, persist).
      await venues[worker % ACCOUNTS]!.placeOrder({
        clientOrderId: `b-${sequence++}`,
        symbol: 'BTCUSDT',
        side: 'buy',
        type: 'limit',
        quantity: 0.001,
        price,
      });
    });
    await Promise.all(venues.map((venue) => venue.close()));
    return { pings, orders };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Runs `task` from `workers` concurrent loops for `durationMs`; returns rate and latency summary. */
async function runFor(durationMs: number, workers: number, task: (worker: number) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await task(worker);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: Math.round(latencies.length / seconds),
    count: latencies.length,
    errors,
    latency: summariseLatencies(latencies),
  };
}

function fillModelThroughput(slippage: SlippageModel, label: string) {
  const rules = SIM_INSTRUMENTS.BTCUSDT!.rules;
  const bars = generateSpotBars({
    symbol: 'BTCUSDT',
    startTime: 0,
    intervalMs: 60_000,
    count: 20_000,
    startPrice: 60_000,
    seed: 1,
    annualVolatility: 0.6,
    baseVolume: 10,
    tickDecimals: 2,
  });
  const models: FillModels = {
    latency: fixedLatency(100),
    slippage,
    fees: tieredFeeModel(DEFAULT_FEE_TIERS),
    participationRate: 0.1,
  };
  let evaluations = 0;
  const deadline = performance.now() + 2_000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 60; i < bars.length; i++) {
      const bar = bars[i]!;
      const order: WorkingOrder = {
        orderId: i,
        clientOrderId: `o${i}`,
        symbol: 'BTCUSDT',
        side: i % 2 ? 'BUY' : 'SELL',
        type: i % 3 ? 'LIMIT' : 'MARKET',
        timeInForce: 'GTC',
        price: i % 3 ? Math.round(bar.open * (i % 2 ? 1.001 : 0.999) * 100) / 100 : null,
        quantity: 0.5,
        executedQty: 0,
        cummulativeQuoteQty: 0,
        status: 'NEW',
        submitTime: bar.openTime - 1_000,
      };
      executeOnBar(order, bar, {
        models,
        rules,
        history: bars.slice(i - 60, i),
        availableVolume: bar.volume * 0.1,
        trailingQuoteVolume: 0,
      });
      evaluations++;
    }
  }
  return { label, perSecond: Math.round(evaluations / ((performance.now() - started) / 1000)) };
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
const fixed = fillModelThroughput(fixedBpsSlippage(2), 'fixed 2 bps (baseline)');
const impact = fillModelThroughput(
  squareRootImpactSlippage({ y: 0.8, lookbackBars: 60 }),
  'square-root impact, 60-bar lookback',
);
const http = await withBenchPostgres((url, port) => simulatorThroughput(url, port));

console.log(`\nbench:venue on ${machine}`);
console.log(
  `simulator, ${ACCOUNTS} accounts × ${CONCURRENCY_PER_ACCOUNT} concurrent ccxt clients, ${DURATION_MS / 1000} s:`,
);
console.log(
  `  GET /api/v3/ping (baseline)   ${http.pings.perSecond} req/s   p50 ${http.pings.latency.p50Ms.toFixed(1)} ms  p95 ${http.pings.latency.p95Ms.toFixed(1)} ms`,
);
console.log(
  `  POST /api/v3/order via ccxt   ${http.orders.perSecond} orders/s   p50 ${http.orders.latency.p50Ms.toFixed(1)} ms  p95 ${http.orders.latency.p95Ms.toFixed(1)} ms  errors ${http.orders.errors}`,
);
console.log(`  order / ping ratio            ${(http.orders.perSecond / http.pings.perSecond).toFixed(2)}`);
console.log('fill model (executeOnBar), in process:');
for (const result of [fixed, impact])
  console.log(`  ${result.label.padEnd(38)} ${result.perSecond.toLocaleString('en')} evaluations/s`);
console.log(JSON.stringify({ bench: 'venue', machine, simulator: http, fillModels: [fixed, impact] }));
