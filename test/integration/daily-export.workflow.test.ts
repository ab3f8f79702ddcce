import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError, type ApplicationFailure } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { EXPORT_SCHEMA_VERSION, PACKAGE_FILES, TCA_LEG_COLUMNS } from '../../domain/export/package-files.js';
import { computeTca, type TcaLeg } from '../../domain/ledger/tca.js';
import { addDays } from '../../domain/export/package-layout.js';
import { verifyPackageDir } from '../../store/export/verify-package.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import {
  backfillExports,
  ensureExportHealthSchedule,
  ensureExportSchedule,
  EXPORT_HEALTH_SCHEDULE_ID,
  exportScheduleId,
} from '../../client/export/export-schedules.js';
import { runDailyExport, runExportHealth } from '../../client/export/export-runs.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { KeelStatus } from '../../contracts/search-attributes.js';
import { seedExportDay } from '../helpers/export-fixtures.js';
import { sharedBundle, withWorker } from '../helpers/in-process-worker.js';
import { runKeel, startKeel } from '../helpers/run-keel.js';
import { testConfig, testEnv, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { useHistoryRecorder } from '../helpers/history-recorder.js';
import { waitFor } from '../helpers/wait-for.js';
import { useWebhookReceiver } from '../helpers/webhook-receiver.js';
import { FAILURE } from '../../contracts/failures.js';

const { pool, client } = useTestStack();
// A receiver that refuses (a revoked token, say) on /refuse: 4xx, which the sender does not retry.
const webhook = useWebhookReceiver((endpoint) => (endpoint === '/refuse' ? 403 : 204));
const received = webhook.received;
const schedules: string[] = [];
afterAll(async () => {
  for (const id of schedules)
    await client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
});
const recordedHistories = useHistoryRecorder(client, 'export');

/** A private publish root, account and task queue per test: tests run side by side. */
function setup(name: string, extra: Record<string, string> = {}) {
  const publishRoot = mkdtempSync(path.join(os.tmpdir(), `keel-export-${name}-`));
  const account = `exp-${name}-${randomBytes(3).toString('hex')}`;
  const env = {
    KEEL_EXPORT_PUBLISH_ROOT: publishRoot,
    KEEL_ALERT_WEBHOOK_URL: `${webhook.url}/alerts`,
    KEEL_EXPORT_WEBHOOK_URL: `${webhook.url}/exports`,
    ...extra,
  };
  const config = testConfig(env);
  const taskQueue = uniqueTaskQueue(`export-${name}`);
  const run = (date: string) =>
    withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, () =>
      runDailyExport(client, { account, date }, { taskQueue }),
    );
  return { publishRoot, account, config, env, taskQueue, run };
}

const packageDirs = (root: string, account: string) =>
  existsSync(path.join(root, account)) ? readdirSync(path.join(root, account)).sort() : [];

const csv = (dir: string, name: string) =>
  parse<Record<string, string>>(readFileSync(path.join(dir, name)), { columns: true });

describe('dailyExport', () => {
  it('publishes a complete, verified package of a day with known activity: every file, every count', async () => {
    const { publishRoot, account, run } = setup('known');
    const date = '2026-03-02';
    const seeded = await seedExportDay(pool, account, date);
    const { workflowId, result } = await run(date);
    recordedHistories.push(['published', workflowId]);

    expect(result.path).toBe(path.join(publishRoot, account, date));
    expect(result).toMatchObject({ verified: true, revision: 1, alreadyPublished: false, notified: true });
    expect(readdirSync(result.path).sort()).toEqual([...PACKAGE_FILES, 'manifest.json'].sort());
    for (const [name, rows] of Object.entries(seeded.rows))
      expect(result.files.find((file) => file.name === name)?.rows, name).toBe(rows);
    expect((await verifyPackageDir(result.path)).ok).toBe(true);
    // RFC 4180: every record ends with CRLF (no cell of these days holds a line break), and the
    // manifest's sizes are of those bytes (the verification above re-hashed them).
    for (const name of PACKAGE_FILES.filter((file) => file.endsWith('.csv'))) {
      const text = readFileSync(path.join(result.path, name), 'utf8');
      expect(text.endsWith('\r\n'), name).toBe(true);
      expect(text.replace(/\r\n/g, ''), name).not.toMatch(/[\r\n]/);
      expect(text.split('\r\n').length - 1, name).toBe(1 + seeded.rows[name]!);
    }

    const manifest = JSON.parse(readFileSync(path.join(result.path, 'manifest.json'), 'utf8')) as {
      files: { name: string; rows: number; bytes: number; sha256: string }[];
      packageId: string;
      codeVersion: string;
      configHash: string;
      datasetHash: string;
      schemaVersion: string;
    };
    expect(manifest.packageId).toBe(result.packageId);
    expect(manifest.files.map((file) => file.name)).toEqual([...PACKAGE_FILES]);
    expect(manifest.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    expect(manifest.codeVersion).toMatch(/^0\.1\.0\+/);

    const decisions = csv(result.path, 'decisions.csv');
    expect(decisions).toHaveLength(seeded.rows['decisions.csv']!);
    expect(decisions[0]).toMatchObject({
      reason_raw: 'warmup: 3 of 20 bars',
      reason_canonical: 'WARMUP',
      schema_fail_class: 'warmup_expected',
      missing_fields: 'bars',
      symbol_listed_at: `${addDays(date, -2)}T00:00:00.000Z`,
      symbol_age_hours: '48',
    });
    expect(decisions[1]).toMatchObject({
      schema_fail_class: 'integration_defect',
      missing_fields: 'funding_rate;open_interest',
    });
    expect(decisions[2]!.reason_raw).toBe('breakout up, "quoted", 2');
    expect(decisions.every((row) => row.decision_time!.startsWith(date))).toBe(true);

    // Each leg on one clock, though the seeded wall clock runs 335 days ahead of the market clock.
    const tca = csv(result.path, 'tca.csv');
    expect(tca[0]).toMatchObject({
      decision_to_ack_market_ms: '180',
      ack_to_first_fill_market_ms: '3599820',
      first_to_last_fill_market_ms: '250',
      decision_to_first_fill_market_ms: '3600000',
      submit_to_ack_wall_ms: '60',
      skewed_legs: '',
      slippage_bps_decision: '7.5',
    });
    // An acceptance stamped before its decision is a clock defect: the leg is empty and named, never negative.
    expect(tca[1]).toMatchObject({
      decision_to_ack_market_ms: '',
      ack_to_first_fill_market_ms: '',
      submit_to_ack_wall_ms: '60',
      skewed_legs: 'decision_to_ack_market_ms',
    });
    const legColumns = Object.values(TCA_LEG_COLUMNS);
    expect(tca.every((row) => legColumns.every((column) => !row[column]!.startsWith('-')))).toBe(true);
    // The SQL that prints the legs and the pure computeTca (property-tested) agree on every row.
    const stamp = (value: string | undefined) => (value ? Date.parse(value) : null);
    for (const row of tca) {
      const { latencyMs, skewedLegs } = computeTca({
        side: row.side as 'buy' | 'sell',
        quantity: Number(row.quantity),
        decisionTime: stamp(row.decision_time),
        acceptedAt: stamp(row.accepted_at),
        firstFillAt: stamp(row.first_fill_at),
        lastFillAt: stamp(row.last_fill_at),
        sentWallAt: stamp(row.sent_wall_at),
        ackedWallAt: stamp(row.acked_wall_at),
        fills: [],
      });
      for (const [leg, column] of Object.entries(TCA_LEG_COLUMNS) as [TcaLeg, string][])
        expect(row[column], `${row.client_order_id} ${column}`).toBe(
          latencyMs[leg] === null ? '' : String(latencyMs[leg]),
        );
      expect(row.skewed_legs).toBe(skewedLegs.map((leg) => TCA_LEG_COLUMNS[leg]).join(';'));
    }
    // The venue's settlement order ran in no workflow: its workflow_id is empty (NULL), not invented.
    expect(csv(result.path, 'orders.csv').map((order) => order.workflow_id)).toEqual([
      `order-${account}-${date}-o1`,
      `order-${account}-${date}-o2`,
      '',
    ]);
    const fills = csv(result.path, 'fills.csv');
    expect(fills.map((fill) => fill.kind)).toEqual(['trade', 'settlement']);
    expect(csv(result.path, 'risk_decisions.csv').map((row) => row.codes)).toEqual([
      '',
      'MAX_ORDER_NOTIONAL;COLLAR',
    ]);

    const diagnostics = JSON.parse(
      readFileSync(path.join(result.path, 'schema_diagnostics.json'), 'utf8'),
    ) as {
      failures: Record<string, number>;
      topMissingFields: Record<string, { field: string; count: number }[]>;
    };
    expect(diagnostics.failures).toEqual({ warmup_expected: 1, integration_defect: 1, unknown: 0 });
    expect(diagnostics.topMissingFields.integration_defect!.map((f) => f.field)).toEqual([
      'funding_rate',
      'open_interest',
    ]);
    const reconcile = JSON.parse(readFileSync(path.join(result.path, 'reconcile.json'), 'utf8')) as {
      runs: { status: string; drifts: unknown[] }[];
    };
    expect(reconcile.runs).toHaveLength(1);
    expect(reconcile.runs[0]!.drifts).toHaveLength(1);
    const metrics = JSON.parse(readFileSync(path.join(result.path, 'metrics.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(metrics).toMatchObject({
      fills: { trades: 1, settlements: 1 },
      risk: { byDecision: { ALLOW: 1, DENY: 1 }, denyCodes: { COLLAR: 1, MAX_ORDER_NOTIONAL: 1 } },
      desk: { events: 2, modeChanges: 2 },
      closedTrades: { count: 1, wins: 1 },
    });
    const snapshot = readFileSync(path.join(result.path, 'config_snapshot.json'), 'utf8');
    expect(snapshot).not.toContain('should-not-leak');
    expect(snapshot).not.toContain('keel-sim-');
    expect(snapshot).not.toContain(`${webhook.url}/exports`);
    expect(snapshot).toContain(`${webhook.url}/[REDACTED]`);

    const notice = received.find((r) => r.endpoint === '/exports' && r.packageId === result.packageId);
    expect(notice).toMatchObject({ kind: 'export.published', account, date, revision: 1 });
    expect(readdirSync(path.join(publishRoot, '.staging'))).toEqual([]);
  });

  it('a rerun with the same data is a no-op; changed data is published as a new revision beside the first', async () => {
    const { publishRoot, account, run } = setup('rerun');
    const date = '2026-03-03';
    await seedExportDay(pool, account, date);
    const first = (await run(date)).result;
    const before = readFileSync(path.join(first.path, 'manifest.json'), 'utf8');

    const again = await run(date);
    recordedHistories.push(['rerun-unchanged', again.workflowId]);
    expect(again.result).toMatchObject({ alreadyPublished: true, revision: 1, path: first.path });
    expect(again.result.packageId).toBe(first.packageId);
    expect(readFileSync(path.join(first.path, 'manifest.json'), 'utf8')).toBe(before);
    expect(packageDirs(publishRoot, account)).toEqual([date]);

    // A late fill for the day: different content, so revision 2 — the first is left as it was.
    await pool.query(
      `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset,
                          is_maker, time)
       VALUES ('simulator', 'late-1', $1, $2, 'BTCUSDT', 'buy', 101, 0.1, 0, 'USDT', true, $3)`,
      [`${account}-${date}-o1`, account, `${date}T12:00:00.000Z`],
    );
    const revised = (await run(date)).result;
    expect(revised).toMatchObject({
      alreadyPublished: false,
      revision: 2,
      path: path.join(publishRoot, account, `${date}.r2`),
    });
    expect(revised.files.find((file) => file.name === 'fills.csv')?.rows).toBe(3);
    expect(packageDirs(publishRoot, account)).toEqual([date, `${date}.r2`]);
    expect(readFileSync(path.join(first.path, 'manifest.json'), 'utf8')).toBe(before);
    expect((await verifyPackageDir(first.path)).ok).toBe(true);
  });

  it('a file corrupted after publication is detected (keel export verify, and the health check quarantines it)', async () => {
    const { publishRoot, account, env, run, taskQueue, config } = setup('corrupt');
    const date = '2026-03-04';
    await seedExportDay(pool, account, date);
    const { result } = await run(date);
    const target = path.join(result.path, 'fills.csv');
    appendFileSync(target, 'simulator,x,y,z,BTCUSDT,buy,trade,1,1,0,USDT,false,2026-03-04T00:00:00.000Z\n');

    const verify = await runKeel(['export', 'verify', result.path, '--json'], testEnv(env));
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout) as {
      ok: boolean;
      files: { name: string; ok: boolean; sha256: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.files.filter((file) => !file.ok).map((file) => file.name)).toEqual(['fills.csv']);
    expect(report.files).toHaveLength(PACKAGE_FILES.length);

    const health = await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, () =>
      runExportHealth(client, { accounts: [account], lookbackDays: 1, checkDates: [date] }, { taskQueue }),
    );
    const alerts = health.reports[0]!.alerts;
    expect(alerts.map((alert) => alert.kind)).toEqual(['export.corrupt', 'export.missing']);
    expect(existsSync(result.path)).toBe(false);
    expect(readdirSync(path.join(publishRoot, '.quarantine', account))).toHaveLength(1);
    expect(received.some((r) => r.kind === 'export.corrupt' && r.account === account)).toBe(true);
    const { rows } = await pool.query<{ status: string }>(
      'SELECT status FROM export_packages WHERE account = $1',
      [account],
    );
    expect(rows.map((row) => row.status)).toEqual(['quarantined']);

    // Exported again, the day gets a fresh revision (numbers are never reused) and is healthy.
    const again = (await run(date)).result;
    expect(again.revision).toBe(2);
  });

  it('retention removes exactly the packages older than the retention days, complete and verified, never the newest', async () => {
    const { publishRoot, account, env, taskQueue, run } = setup('retention');
    for (const date of ['2026-03-28', '2026-04-01', '2026-04-02', '2026-04-04'])
      expect((await run(date)).result.retentionRemoved).toEqual([]);
    // Old, but not complete (a file gone) or not verified (as a crash before the verify step leaves it): kept.
    await rm(path.join(publishRoot, account, '2026-04-01', 'tca.csv'));
    await pool.query(
      `UPDATE export_packages SET status = 'published' WHERE account = $1 AND date = '2026-03-28'`,
      [account],
    );

    const strict = testConfig({ ...env, KEEL_EXPORT_RETENTION_DAYS: '3' });
    const last = await withWorker(strict, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, () =>
      runDailyExport(client, { account, date: '2026-04-06' }, { taskQueue }),
    );
    // Age counts back from the newest package (04-06): 04-02 is 4 days older, complete and verified.
    expect(last.result.retentionRemoved).toEqual([path.join(publishRoot, account, '2026-04-02')]);
    expect(packageDirs(publishRoot, account)).toEqual([
      '2026-03-28',
      '2026-04-01',
      '2026-04-04',
      '2026-04-06',
    ]);
    const { rows } = await pool.query<{ date: string; status: string }>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, status FROM export_packages WHERE account = $1 ORDER BY date`,
      [account],
    );
    expect(rows.map((row) => `${row.date} ${row.status}`)).toEqual([
      '2026-03-28 published',
      '2026-04-01 verified',
      '2026-04-02 removed',
      '2026-04-04 verified',
      '2026-04-06 verified',
    ]);
  });

  it('the delivery-health check alerts on a missing day and on a schema-failure spike naming the top fields', async () => {
    const { account, run, taskQueue, config } = setup('health');
    // A baseline of quiet days (1 defect in 40), then a day where half the decisions fail.
    for (const date of ['2026-05-01', '2026-05-02', '2026-05-03']) {
      await seedExportDay(pool, account, date, { decisions: 40, nonWarmupFailures: 1 });
      await run(date);
    }
    await seedExportDay(pool, account, '2026-05-05', { decisions: 40, nonWarmupFailures: 20 });
    await run('2026-05-05');
    const health = await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, () =>
      runExportHealth(
        client,
        { accounts: [account], lookbackDays: 3, checkDates: ['2026-05-03', '2026-05-04', '2026-05-05'] },
        { taskQueue },
      ),
    );
    recordedHistories.push(['health', health.workflowId]);
    const alerts = health.reports[0]!.alerts;
    // Published today for days in May: late, truthfully.
    expect(alerts.map((alert) => [alert.kind, alert.date])).toEqual([
      ['export.late', '2026-05-03'],
      ['export.missing', '2026-05-04'],
      ['export.late', '2026-05-05'],
      ['export.schema_spike', '2026-05-05'],
    ]);
    expect(alerts[3]!.summary).toContain('funding_rate');
    expect(alerts[3]!.summary).toContain('open_interest');
    expect(
      received.filter((r) => r.account === account && r.endpoint === '/alerts').map((r) => r.kind),
    ).toEqual(alerts.map((alert) => alert.kind));
  });
});

describe('delivery health when the alert receiver refuses', () => {
  it('every alert is still tried, and the check fails naming the ones not delivered', async () => {
    const { account, taskQueue, config } = setup('refused', {
      KEEL_ALERT_WEBHOOK_URL: `${webhook.url}/refuse`,
    });
    const other = `${account}-b`;
    const failure = await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, () =>
      runExportHealth(
        client,
        { accounts: [account, other], lookbackDays: 1, checkDates: ['2026-05-10'] },
        { taskQueue },
      ).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(FAILURE.exportAlertUndelivered);
    expect(cause.message).toContain(`export.missing ${account} 2026-05-10: alert webhook answered 403`);
    expect(cause.message).toContain(`export.missing ${other} 2026-05-10`);
    // Both accounts' alerts were tried, the second after the first was refused.
    expect(
      received.filter((r) => r.endpoint === '/refuse' && (r.account === account || r.account === other)),
    ).toHaveLength(2);
  });
});

describe('keel export through the CLI (the only file with a worker on the real keel-export queue)', () => {
  it('run, list and verify; bad input is exit 2 naming the flag and changes nothing', async () => {
    const { publishRoot, account, env } = setup('cli');
    const date = '2026-07-01';
    await seedExportDay(pool, account, date);
    const worker = startKeel(['worker', '--task-queues', TASK_QUEUES.export], testEnv(env));
    try {
      await worker.waitForLine((line) => line.includes('"worker running"'), 120_000);
      const run = await runKeel(
        ['export', 'run', '--account', account, '--date', date, '--json'],
        testEnv(env),
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        path: string;
        packageId: string;
        verified: boolean;
        files: { name: string; sha256: string; rows: number | null }[];
        workflowUrl: string;
      };
      expect(result).toMatchObject({ path: path.join(publishRoot, account, date), verified: true });
      expect(result.files.map((file) => file.name).sort()).toEqual([...PACKAGE_FILES]);
      expect(result.workflowUrl).toContain(`export-${account}-${date}-`);

      const list = await runKeel(['export', 'list', '--account', account, '--json'], testEnv(env));
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as { packages: unknown[] }).packages).toEqual([
        expect.objectContaining({
          account,
          date,
          revision: 1,
          status: 'verified',
          packageId: result.packageId,
        }),
      ]);
      const verify = await runKeel(['export', 'verify', result.path, '--json'], testEnv(env));
      expect(verify.code).toBe(0);
      const verified = JSON.parse(verify.stdout) as { ok: boolean; files: { name: string; ok: boolean }[] };
      expect(verified.ok).toBe(true);
      expect(verified.files.every((file) => file.ok)).toBe(true);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }

    for (const [args, flag] of [
      [['export', 'run', '--account', account, '--date', '2026-02-30'], '--date'],
      [['export', 'run', '--account', 'Bad/Name', '--date', date], '--account'],
      [['export', 'backfill', '--account', account, '--from', '2026-07-05', '--to', '2026-07-01'], '--from'],
      [['export', 'schedule', '--account', account, '--at', '7pm'], '--at'],
      [['export', 'verify', path.join(publishRoot, 'nothing-here')], '<packageDir>'],
    ] as const) {
      const bad = await runKeel([...args], testEnv(env));
      expect(bad.code, `${args.join(' ')}: ${bad.stderr}`).toBe(2);
      expect(bad.stderr).toContain(flag);
    }
    expect(packageDirs(publishRoot, account)).toEqual([date]);
  });
});

describe('scheduling', () => {
  it('a Schedule with a short interval fires and exports the day before; a backfill exports the missed days', async () => {
    const { publishRoot, account, config, taskQueue } = setup('schedule');
    schedules.push(exportScheduleId(account));
    await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.export, pool }, async () => {
      await ensureExportSchedule(client, config, { account, at: '00:30', everySeconds: 2, taskQueue });
      const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
      await waitFor(
        "yesterday's package",
        () => packageDirs(publishRoot, account).includes(yesterday),
        60_000,
        250,
      );

      // Back to a daily Schedule, then the two days before last week are backfilled through it.
      await ensureExportSchedule(client, config, { account, at: '00:30', taskQueue });
      const from = addDays(yesterday, -8);
      const to = addDays(yesterday, -7);
      const backfill = await backfillExports(client, { account, from, to, at: '00:30' });
      expect(backfill.days).toBe(2);
      await waitFor(
        'the backfilled packages',
        () => [from, to].every((day) => packageDirs(publishRoot, account).includes(day)),
        90_000,
        250,
      );
    });
    // A finished Schedule run shows its child's outcome, so KeelStatus finds it like any export.
    const finished: { id: string; status: unknown }[] = [];
    for await (const execution of client.workflow.list({
      query: `WorkflowType = 'scheduledExport' AND KeelAccount = '${account}' AND ExecutionStatus = 'Completed'`,
    }))
      finished.push({ id: execution.workflowId, status: execution.typedSearchAttributes.get(KeelStatus) });
    expect(finished.length).toBeGreaterThan(0);
    for (const run of finished) expect(['PUBLISHED', 'UNCHANGED'], run.id).toContain(run.status);
    recordedHistories.push(['scheduled', finished[0]!.id]);
    // One delivery-health Schedule for every exported account: a second account joins the first.
    schedules.push(EXPORT_HEALTH_SCHEDULE_ID);
    await ensureExportHealthSchedule(client, config, [account], { taskQueue });
    const joined = await ensureExportHealthSchedule(client, config, ['zz-other'], { taskQueue });
    expect(joined).toMatchObject({ created: false, accounts: [account, 'zz-other'] });
    const description = await client.schedule.getHandle(exportScheduleId(account)).describe();
    expect(description.policies.overlap).toBe('BUFFER_ALL');
    for (const dir of packageDirs(publishRoot, account))
      expect((await verifyPackageDir(path.join(publishRoot, account, dir))).ok).toBe(true);
  });
});

describe('crash safety: the worker SIGKILLed between each pair of steps', () => {
  const steps = [
    'buildExportPackage',
    'validateExportPackage',
    'publishExportPackage',
    'verifyPublishedPackage',
    'applyExportRetention',
  ];
  let bundlePath: string;

  beforeAll(async () => {
    const bundle = await sharedBundle();
    bundlePath = path.join(mkdtempSync(path.join(os.tmpdir(), 'keel-bundle-')), 'workflows.js');
    writeFileSync(bundlePath, bundle.code);
  });

  it.each(steps)(
    'killed right after %s: no package or one complete verified package, and the rerun publishes exactly one',
    async (step) => {
      const { publishRoot, account, env, run } = setup(`crash-${step.slice(0, 8).toLowerCase()}`);
      const date = '2026-06-01';
      await seedExportDay(pool, account, date);
      const crashQueue = uniqueTaskQueue('export-crash');
      const worker = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crashing-export-worker.ts'], {
        cwd: PROJECT_ROOT,
        env: {
          ...testEnv(env),
          CRASH_AFTER_ACTIVITY: step,
          CRASH_TASK_QUEUE: crashQueue,
          CRASH_WORKFLOW_BUNDLE: bundlePath,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        worker.once('exit', (_code, signal) => resolve(signal)),
      );
      const handle = await client.workflow.start('dailyExport', {
        taskQueue: crashQueue,
        workflowId: `export-crash-${account}`,
        args: [{ account, date }],
      });
      expect(await exited, output).toBe('SIGKILL');
      expect(output).toContain(`crashing after ${step}`);
      await handle.terminate('crash test: the worker is gone');

      // Whatever the crash left, the publish root shows no package or one complete verified package.
      const visible = packageDirs(publishRoot, account);
      expect(visible.length).toBeLessThanOrEqual(1);
      for (const dir of visible)
        expect((await verifyPackageDir(path.join(publishRoot, account, dir))).ok).toBe(true);
      expect(visible.length).toBe(steps.indexOf(step) >= steps.indexOf('publishExportPackage') ? 1 : 0);

      const rerun = (await run(date)).result;
      expect(rerun).toMatchObject({
        revision: 1,
        verified: true,
        path: path.join(publishRoot, account, date),
      });
      expect(rerun.alreadyPublished).toBe(visible.length === 1);
      expect(packageDirs(publishRoot, account)).toEqual([date]);
      expect((await verifyPackageDir(rerun.path)).ok).toBe(true);
    },
  );
});
