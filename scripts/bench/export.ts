/**
 * npm run bench:export — time and peak memory to build, validate, publish and verify the daily
 * package of a day holding BENCH_DECISIONS decision rows (default 1,000,000) and BENCH_FILLS fills
 * (default 100,000), on a real PostgreSQL, through the same functions the dailyExport activities
 * run. Baselines in the same run: the same steps on days with 1/100 and 1/10 of the rows, so the
 * figures show what grows with the row count (time) and what must not (memory). No assertions: figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildPackage } from '../../activities/export/build-package.js';
import { publishPackage } from '../../activities/export/publish-package.js';
import { validateStagedPackage } from '../../activities/export/validate-package.js';
import { verifyPackageDir } from '../../store/export/verify-package.js';
import { loadConfig } from '../../config/load.js';
import { parseExportDate } from '../../domain/export/package-layout.js';
import { withBenchPostgres } from './embedded-postgres.js';
import { measured } from './measure.js';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
const FILLS = Number(process.env.BENCH_FILLS ?? 100_000);
const DATE = '2026-02-03';

/** One day of activity for `account`: decisions spread over the day, orders with ten fills each. */
async function seedDay(pool: pg.Pool, account: string, decisions: number, fills: number): Promise<void> {
  const day = parseExportDate(DATE) as { startMs: number };
  const start = new Date(day.startMs).toISOString();
  const runId = `bench-${account}`;
  await pool.query(
    `INSERT INTO burn_in_runs (run_id, account, strategy, config, config_hash, dataset, dataset_hash, seed, market_from,
                               market_to, status)
     VALUES ($1, $2, 'donchian', '{}', $3, '{}', $3, 1, $4, $4::timestamptz + interval '1 day', 'PASS')`,
    [runId, account, '0'.repeat(64), start],
  );
  // Distinct (time, symbol) per row: 200 symbols, one decision per symbol every 86.4 s / (decisions/200).
  await pool.query(
    `INSERT INTO strategy_decisions (run_id, decision_time, symbol, account, strategy, action, reason_raw, reason_canonical,
                                     confidence, probability, reference_price, schema_fail_class, missing_fields, outcome,
                                     desk_mode, symbol_listed_at)
     SELECT $1, $3::timestamptz + (i / 200) * ($4::float8 * interval '1 millisecond'), 'PM' || (i % 200) || 'USDT', $2,
            'probabilityEdge', CASE WHEN i % 10 = 0 THEN 'enter' ELSE 'no_trade' END,
            CASE WHEN i % 50 = 0 THEN 'missing field best_bid' ELSE 'edge ' || (i % 97) || ' bps below threshold' END,
            CASE WHEN i % 50 = 0 THEN 'SCHEMA_FAIL' ELSE 'NO_EDGE' END, 0.5, 0.42, 0.41,
            CASE WHEN i % 50 = 0 THEN 'integration_defect' END,
            CASE WHEN i % 50 = 0 THEN ARRAY['best_bid'] ELSE '{}' END, 'no_trade', 'ACTIVE', $3::timestamptz
     FROM generate_series(0, $5::int - 1) AS i`,
    [runId, account, start, Math.floor(86_400_000 / Math.ceil(decisions / 200)), decisions],
  );
  const orders = Math.max(1, Math.ceil(fills / 10));
  await pool.query(
    `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity, run_id,
                         strategy, status, decision_time, decision_price, arrival_price, submitted_at, accepted_at,
                         first_fill_at, last_fill_at, fill_vwap, fill_rate, slippage_bps_decision)
     SELECT $1 || '-' || i, 'order-' || $1 || '-' || i, $1, 'simulator', 'BTCUSDT', 'buy', 'market', 'GTC', 1, NULL,
            'donchian', 'FILLED', $2::timestamptz + i * interval '1 second', 100, 100.1,
            $2::timestamptz + i * interval '1 second' + interval '50 ms', $2::timestamptz + i * interval '1 second' + interval '80 ms',
            $2::timestamptz + i * interval '1 second' + interval '1 s', $2::timestamptz + i * interval '1 second' + interval '1 s',
            100.2, 1, 2
     FROM generate_series(1, $3::int) AS i`,
    [account, start, orders],
  );
  await pool.query(
    `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset, is_maker, time)
     SELECT 'simulator', $1 || '-' || o || '-' || k, $1 || '-' || o, $1, 'BTCUSDT', 'buy', 100.2, 0.1, 0.0001, 'USDT', false,
            $2::timestamptz + o * interval '1 second' + k * interval '1 ms'
     FROM generate_series(1, $3::int) AS o, generate_series(1, 10) AS k`,
    [account, start, orders],
  );
}

const figures = await withBenchPostgres(async (databaseUrl) => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const publishRoot = mkdtempSync(path.join(os.tmpdir(), 'keel-bench-publish-'));
  const config = loadConfig({
    env: {
      DATABASE_URL: databaseUrl,
      KEEL_EXPORT_PUBLISH_ROOT: publishRoot,
      KEEL_LOG_LEVEL: 'warn',
      HOME: process.env.HOME ?? '',
    },
  });
  const day = parseExportDate(DATE) as { date: string; startMs: number; endMs: number };
  try {
    process.stderr.write(
      `seeding ${DECISIONS} decisions and ${FILLS} fills (and 1/100, 1/10 baseline days) …\n`,
    );
    await seedDay(pool, 'bench-small', Math.ceil(DECISIONS / 100), Math.ceil(FILLS / 100));
    await seedDay(pool, 'bench-tenth', Math.ceil(DECISIONS / 10), Math.ceil(FILLS / 10));
    await seedDay(pool, 'bench-full', DECISIONS, FILLS);
    await pool.query('ANALYZE');

    const exportDay = async (account: string) => {
      const scope = { account, date: day.date, start: day.startMs, end: day.endMs };
      const build = await measured(() => buildPackage({ pool, config }, { ...scope, buildId: 'bench' }));
      const validate = await measured(() => validateStagedPackage(pool, build.result.stagingDir, scope));
      if (!validate.result.ok) throw new Error(`validation failed: ${validate.result.problems.join('; ')}`);
      const publish = await measured(() =>
        publishPackage(pool, publishRoot, {
          account,
          date: day.date,
          stagingDir: build.result.stagingDir,
          manifestHash: build.result.manifestHash,
          packageId: build.result.packageId,
        }),
      );
      const verify = await measured(() => verifyPackageDir(publish.result.path));
      if (!verify.result.ok) throw new Error(`verification failed: ${verify.result.problems.join('; ')}`);
      return { build, validate, publish, verify, bytes: build.result.bytes, rows: build.result.rows };
    };
    const small = await exportDay('bench-small');
    const tenth = await exportDay('bench-tenth');
    const full = await exportDay('bench-full');
    return { small, tenth, full };
  } finally {
    await pool.end();
    rmSync(publishRoot, { recursive: true, force: true });
  }
});

type Step = { ms: number; peakRssMb: number; peakHeapMb: number };
const row = (label: string, step: Step) =>
  process.stdout.write(
    `  ${label.padEnd(34)} ${`${(step.ms / 1000).toFixed(2)} s`.padStart(10)} ${`${step.peakRssMb.toFixed(0)} MiB`.padStart(12)} ${`${step.peakHeapMb.toFixed(0)} MiB`.padStart(12)}\n`,
  );
const total = (f: typeof figures.full) => f.build.ms + f.validate.ms + f.publish.ms + f.verify.ms;
const peak = (f: typeof figures.full) =>
  Math.max(f.build.peakRssMb, f.validate.peakRssMb, f.publish.peakRssMb, f.verify.peakRssMb);

process.stdout.write(
  `\nbench:export — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
);
for (const [label, f] of [
  [`baseline (${figures.small.rows['decisions.csv']} decisions)`, figures.small],
  [`baseline (${figures.tenth.rows['decisions.csv']} decisions)`, figures.tenth],
  [
    `full (${figures.full.rows['decisions.csv']} decisions, ${figures.full.rows['fills.csv']} fills)`,
    figures.full,
  ],
] as const) {
  process.stdout.write(`\n${label}: package ${(f.bytes / 2 ** 20).toFixed(1)} MiB\n`);
  process.stdout.write(
    `  ${'step'.padEnd(34)} ${'time'.padStart(10)} ${'peak RSS +'.padStart(12)} ${'peak heap +'.padStart(12)}\n`,
  );
  row('build (query → CSV, fsync)', f.build);
  row('validate (re-read, types, counts)', f.validate);
  row('publish (rename, fsync)', f.publish);
  row('verify (re-hash)', f.verify);
}
process.stdout.write(
  `\nfull vs 1/10: ${(total(figures.full) / total(figures.tenth)).toFixed(1)}× the time for 10× the rows; peak RSS growth ${peak(figures.small).toFixed(0)} → ${peak(figures.tenth).toFixed(0)} → ${peak(figures.full).toFixed(0)} MiB at 1/100 → 1/10 → all the rows\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'export',
    decisions: figures.full.rows['decisions.csv'],
    fills: figures.full.rows['fills.csv'],
    packageBytes: figures.full.bytes,
    buildMs: Math.round(figures.full.build.ms),
    validateMs: Math.round(figures.full.validate.ms),
    publishMs: Math.round(figures.full.publish.ms),
    verifyMs: Math.round(figures.full.verify.ms),
    totalMs: Math.round(total(figures.full)),
    peakRssGrowthMb: Math.round(peak(figures.full)),
    tenthTotalMs: Math.round(total(figures.tenth)),
    tenthPeakRssGrowthMb: Math.round(peak(figures.tenth)),
    hundredthPeakRssGrowthMb: Math.round(peak(figures.small)),
  })}\n`,
);
