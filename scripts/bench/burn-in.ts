/**
 * npm run bench:burnin — the issue's 30-day accelerated burn-in (1-hour bars, 3 spot instruments,
 * 50 binary markets in 4 categories, donchian + probabilityEdge) through the embedded stack and one
 * `keel worker`, with the worker's peak memory sampled from /healthz; and, in the same run, a
 * baseline over the same 30 days with the noTrade strategy (no orders: the cost of the decision
 * loop alone). Prints a table and one JSON line. No assertions: figures, not tests.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchStack } from './bench-stack.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const { dataDir, ports, keel } = await benchStack('burn-in');

async function rss(): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${ports.health}/healthz`);
    const body = (await response.json()) as { memory: { rss: number } };
    return body.memory.rss;
  } catch {
    return 0;
  }
}

async function run(label: string, strategies: unknown[], binaryCount: number) {
  const file = path.join(dataDir, `${label}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      strategies,
      binaryMarkets: { count: binaryCount },
      market: { start: '2026-01-03T00:00:00Z', days: DAYS, intervalMs: 3_600_000 },
      seed: 42,
    }),
  );
  let peak = await rss();
  const sampler = setInterval(() => void rss().then((value) => (peak = Math.max(peak, value))), 250);
  const started = performance.now();
  const { stdout } = await keel([
    'burn-in',
    'start',
    '--config',
    file,
    '--id',
    label,
    '--wait',
    '--json',
  ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = JSON.parse(stdout) as { status: string; trades: number; netPnl: number };
  return {
    label,
    seconds,
    peakRssMiB: peak / 2 ** 20,
    speedUp: (DAYS * 86_400) / seconds,
    status: result.status,
    trades: result.trades,
  };
}

try {
  await keel(['dev', 'up']);
  await keel(['worker', '--detach']);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idleMiB = (await rss()) / 2 ** 20;
  const baseline = await run('bench-baseline', [{ name: 'noTrade' }], 0);
  const full = await run('bench-burn-in', [{ name: 'donchian' }, { name: 'probabilityEdge' }], 50);
  const rows = [baseline, full];
  console.log(
    `${DAYS} market days of 1-hour bars, accelerated, one worker, 2 cores; worker RSS when idle: ${idleMiB.toFixed(0)} MiB`,
  );
  console.log(
    'run                          wall s   peak worker RSS MiB   market-time speed-up   trades   verdict',
  );
  for (const r of rows)
    console.log(
      `${r.label.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)}   ${r.peakRssMiB.toFixed(0).padStart(19)}   ${`${r.speedUp.toFixed(0)}×`.padStart(20)}   ${String(r.trades).padStart(6)}   ${r.status}`,
    );
  console.log(JSON.stringify({ bench: 'burnin', days: DAYS, idleWorkerRssMiB: idleMiB, runs: rows }));
} finally {
  await keel(['dev', 'down']).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
