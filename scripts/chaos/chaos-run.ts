/**
 * One chaos run, start to end: its own embedded PostgreSQL, Temporal dev server, venue simulator and
 * `keel worker`, each in its own process group on free loopback ports, under a `keel-chaos-` state
 * dir; orders driven while the supervisor kills; then the audit. Every child process is killed at
 * the end, also when the run fails, times out or the process exits.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { EMBEDDED_DB, simulatorCredentials } from '../../config/defaults.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import { findFreePort } from '../../lib/ports.js';
import { reconcileRunCounts } from '../../store/audit/chaos-audit.js';
import type { Pool } from '../../store/db.js';
import { createPool } from '../../store/pool.js';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { auditRun, type AuditResult } from './audit.js';
import {
  keelComponent,
  killGroup,
  killGroupNow,
  postgresComponent,
  temporalComponent,
  type ChaosPorts,
  type Component,
  type ComponentName,
} from './components.js';
import { planFaults } from './fault-plan.js';
import { driveOrders, type DriverResult } from './order-driver.js';
import { verdict, type ChaosResult, type ChaosSettings } from './report.js';
import { Supervisor } from './supervisor.js';

export interface ChaosOptions extends ChaosSettings {
  /** How long a killed server stays down before it is started again. */
  downtimeMs: number;
  /** Keep the state dir (every process's log and data): always, never, or when the verdict is FAIL. */
  keepState: 'always' | 'never' | 'on-failure';
  log: (message: string) => void;
}

export const CHAOS_DIR_PREFIX = 'keel-chaos-';
const HOST = '127.0.0.1';
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
/** What the audit keeps of the timeout after its wait for the last orders: reads and the final reconciliation. */
const AUDIT_RESERVE_MS = 90_000;

/** The environment of the run's `keel` processes: this stack only, whatever the caller's KEEL_*. */
function keelEnv(stateDir: string, ports: ChaosPorts, account: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KEEL_') && name !== 'DATABASE_URL'),
  );
  return {
    ...inherited,
    KEEL_DATA_DIR: stateDir,
    KEEL_BIND_HOST: HOST,
    KEEL_TEMPORAL_PORT: String(ports.temporal),
    KEEL_TEMPORAL_UI_PORT: String(ports.temporalUi),
    KEEL_POSTGRES_PORT: String(ports.postgres),
    KEEL_SIM_PORT: String(ports.simulator),
    KEEL_VENUE_BASE_URL: `http://${HOST}:${ports.simulator}`,
    KEEL_HEALTH_PORT: '0',
    KEEL_HEADLESS: 'true',
    KEEL_LOG_LEVEL: 'info',
    // Every restarted worker reconciles the run's account at start (and runs its desk).
    KEEL_RECONCILE_ACCOUNTS: account,
    // The run sends many equal intents (same symbol, side and size, ten a second): the duplicate
    // rule would deny them. It has its own tests.
    KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0',
    // Each kill leaves submissions in flight whose outcome is unknown until looked up, and the
    // error-rate breaker counts those: at this kill rate it would halt the desk and deny the later
    // orders. The breaker has its own tests.
    KEEL_RISK_MAX_ERRORS_PER_MINUTE: 'unlimited',
    // After an outage the retried starts arrive in a burst above the paper profile's 600 a minute,
    // and a full run sends more than its 1,000 a venue day. Both limits have their own tests.
    KEEL_RISK_MAX_ORDERS_PER_MINUTE: 'unlimited',
    KEEL_RISK_MAX_TRADES_PER_DAY: 'unlimited',
  };
}

/** Small market orders, both symbols, buys and sells alternating so positions stay near flat. */
function chaosIntents(account: string, runId: string, count: number): OrderIntent[] {
  return Array.from({ length: count }, (_, i) => {
    const symbol = SYMBOLS[i % 2]!;
    return {
      clientOrderId: `${runId}-${i}`,
      account,
      symbol,
      side: Math.floor(i / 2) % 2 ? 'sell' : 'buy',
      type: 'market',
      quantity: symbol === 'BTCUSDT' ? 0.001 : 0.01,
      timeInForce: 'GTC',
      decisionTime: Date.now(),
      runId,
    };
  });
}

async function createAccount(simUrl: string, account: string): Promise<void> {
  const spec = {
    name: account,
    ...simulatorCredentials(account),
    balances: { USDT: 1e9, BTC: 1_000, ETH: 10_000 },
    symbols: SYMBOLS,
    dataset: { kind: 'synthetic', seed: 17, startTime: Date.parse('2026-01-01T00:00:00Z'), days: 60 },
    // 600× the wall clock: a one-minute bar every 100 ms, so market orders fill within ~0.1 s.
    clock: { mode: 'realtime', speed: 600 },
    models: { participationRate: 1 },
  };
  const response = await fetch(`${simUrl}/sim/accounts`, { method: 'POST', body: JSON.stringify(spec) });
  if (response.status !== 201)
    throw new Error(`account ${account}: ${response.status} ${await response.text()}`);
}

/**
 * Waits for the first worker's start-up reconciliation of the new account, which takes its balance
 * baseline: as on a real desk, before the first order. (A baseline is taken only from a quiet read;
 * with orders flowing from the start the run's reconciliations would compare no balances at all.)
 */
async function firstReconciliation(pool: Pool, account: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await reconcileRunCounts(pool, account)).some((run) => run.status !== 'RUNNING')) {
    signal.throwIfAborted();
    if (Date.now() > deadline)
      throw new Error(`the worker's start-up reconciliation of ${account} did not finish within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const startedAt = Date.now();
  const settings: ChaosSettings = {
    orders: options.orders,
    rate: options.rate,
    killEveryMs: options.killEveryMs,
    duplicates: options.duplicates,
    timeoutMs: options.timeoutMs,
  };
  const plan = planFaults(options);
  const tag = randomBytes(3).toString('hex');
  const account = `chaos-${tag}`;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), CHAOS_DIR_PREFIX));
  // As root, PostgreSQL runs as the postgres user, which must enter the dir.
  chmodSync(stateDir, 0o755);
  options.log(`state dir ${stateDir}`);
  const ports: ChaosPorts = {
    temporal: await findFreePort(),
    temporalUi: await findFreePort(),
    postgres: await findFreePort(),
    simulator: await findFreePort(),
  };
  const databaseUrl = `postgres://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@${HOST}:${ports.postgres}/${EMBEDDED_DB.database}`;
  const env = keelEnv(stateDir, ports, account);
  const components: Record<ComponentName, Component> = {
    postgres: postgresComponent(stateDir, ports.postgres, databaseUrl),
    temporal: temporalComponent(stateDir, ports),
    simulator: keelComponent('simulator', stateDir, ['venue-sim'], env, '"venue simulator listening"'),
    worker: keelComponent(
      'worker',
      stateDir,
      ['worker', '--task-queues', [TASK_QUEUES.orders, TASK_QUEUES.desk, TASK_QUEUES.reconcile].join(',')],
      env,
      '"worker running"',
    ),
  };
  const all = Object.values(components);
  // Also on an exit mid-run (Ctrl-C in run.ts): no process of the run outlives it.
  const killAllNow = () => {
    all.forEach((component) => killGroupNow(component.pid));
    if (options.keepState === 'never') rmSync(stateDir, { recursive: true, force: true });
  };
  process.once('exit', killAllNow);

  // Aborted by the timeout or by a supervisor that cannot go on; `stopped` rejects with the reason.
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const stopped = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error)),
  );
  stopped.catch(() => undefined);

  const pool = createPool(databaseUrl);
  let connection: Connection | undefined;
  let venue: CcxtVenue | undefined;
  const supervisor = new Supervisor({
    components,
    plan,
    killEveryMs: options.killEveryMs,
    downtimeMs: options.downtimeMs,
    signal: abort.signal,
    log: options.log,
    onFailure: (failure) => abort.abort(failure),
  });
  let driver: DriverResult | null = null;
  let audit: AuditResult | null = null;
  let error: string | null = null;
  try {
    await Promise.race([
      stopped,
      (async () => {
        await Promise.all([components.postgres.start(abort.signal), components.temporal.start(abort.signal)]);
        options.log('postgres and temporal up');
        const simUrl = `http://${HOST}:${ports.simulator}`;
        // The worker needs only PostgreSQL and Temporal to start, and takes far longer (it bundles
        // the workflows) than the simulator and the account its start-up reconciliation reads.
        await Promise.all([
          components.worker.start(abort.signal),
          (async () => {
            await components.simulator.start(abort.signal);
            await createAccount(simUrl, account);
          })(),
        ]);
        connection = await Connection.connect({ address: `${HOST}:${ports.temporal}` });
        const client = new Client({ connection });
        venue = new CcxtVenue({ kind: 'simulator', baseUrl: simUrl, ...simulatorCredentials(account) });
        await firstReconciliation(pool, account, abort.signal);
        options.log(
          `stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${plan.infra.map((f) => `${f.fault} due at ${(f.atMs / 1000).toFixed(1)} s`).join(', ')} of ${(plan.submitMs / 1000).toFixed(1)} s`,
        );

        const intents = chaosIntents(account, `chaos-${tag}`, options.orders);
        const t0 = Date.now();
        supervisor.begin(t0);
        driver = await driveOrders({
          client,
          intents,
          rate: options.rate,
          duplicates: plan.duplicates,
          signal: abort.signal,
        });
        options.log(`all orders started after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        await supervisor.finish();
        options.log('chaos over: every process up; auditing');
        audit = await auditRun({
          client,
          pool,
          venue,
          account,
          intents,
          symbols: SYMBOLS,
          log: options.log,
          settleTimeoutMs: Math.max(
            10_000,
            Math.min(180_000, startedAt + options.timeoutMs - Date.now() - AUDIT_RESERVE_MS),
          ),
        });
      })(),
    ]);
  } catch (failure) {
    error = (failure as Error).message;
  } finally {
    clearTimeout(timer);
    abort.abort(new Error('the run is over'));
    await supervisor.halt();
    await connection?.close().catch(() => undefined);
    await venue?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    for (const component of [...all].reverse())
      if (component.pid !== undefined) await killGroup(component.pid);
    process.removeListener('exit', killAllNow);
  }
  const result: ChaosResult = {
    settings,
    account,
    driver,
    tally: supervisor.tally,
    audit,
    wallMs: Date.now() - startedAt,
    error,
    keptStateDir: null,
  };
  const keep =
    options.keepState === 'always' || (options.keepState === 'on-failure' && verdict(result).length > 0);
  if (keep) result.keptStateDir = stateDir;
  else rmSync(stateDir, { recursive: true, force: true });
  return result;
}
