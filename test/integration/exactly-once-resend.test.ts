import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrderActivities } from '../../activities/orders/order-activities.js';
import { startOrder } from '../../client/orders/start-order.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import type { OrderState } from '../../domain/orders/types.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { submissionAttempts } from '../../store/ledger/submission-attempts.js';
import { VenueRegistry } from '../../venues/venue-registry.js';
import { activitiesForQueue } from '../../workers/activities-for-queue.js';
import { keelWorkerInterceptors } from '../../workers/correlation.js';
import { sharedBundle } from '../helpers/in-process-worker.js';
import { intentMaker, sequentialIds } from '../helpers/order-intents.js';
import { newSimAccount, type SimAccount } from '../helpers/sim-accounts.js';
import { testConfig, testEnv, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { sleep } from '../helpers/wait-for.js';

// Issue #17 item 2: the three ways a submission can reach the venue twice, each on the Binance-rule
// simulator (a client order id is unique only among open orders, so a re-sent market order whose
// first copy has filled is a second order; recvWindow strict). Each runs with the order activities'
// fence and, to show what it prevents, without it ('blind': every submission sent as if first, a
// look-up answered at once). The count is the venue's own: its orders with that client order id.
const { pool, client, sim, server } = useTestStack({ simulator: true });

type Resend = 'fenced' | 'blind';
const VENUE_ORDERS: Record<Resend, number> = { blind: 2, fenced: 1 };
const intentFor = intentMaker(sequentialIds('once'));

/**
 * A 15 s recvWindow (the most Keel sends): the held-back request is still valid when it lands 8 s
 * later however loaded the machine is, and the blind re-send has those 8 s to go out first.
 */
const WIDE_RECV_WINDOW = { KEEL_VENUE_RECV_WINDOW_MS: '15000' };

/** A realtime account whose market orders fill within ~0.1 s of arriving. */
const fastAccount = () =>
  newSimAccount(
    sim,
    { clock: { mode: 'realtime', speed: 600 }, balances: { USDT: 1e7, BTC: 100 } },
    { advanceBy: 0 },
  );

const workerEnv = (extra: Record<string, string> = {}) =>
  testEnv({ KEEL_VENUE_BASE_URL: server.url, KEEL_RISK_MAX_ERRORS_PER_MINUTE: 'unlimited', ...extra });

async function venueOrdersWithId(account: SimAccount, clientOrderId: string) {
  return (await account.venue.allOrders('BTCUSDT')).filter((order) => order.clientOrderId === clientOrderId);
}

/** An order worker in this process on its own queue, with the order activities' `resend`. */
async function withResendWorker<T>(
  resend: Resend,
  env: Record<string, string>,
  body: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const config = testConfig(workerEnv(env));
  const venues = new VenueRegistry(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const taskQueue = uniqueTaskQueue(`once-${resend}`);
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowBundle: await sharedBundle(),
      activities: {
        ...activitiesForQueue(TASK_QUEUES.orders, { pool, config, venues }),
        ...createOrderActivities({ pool, venues, config, resend }),
      },
      interceptors: keelWorkerInterceptors(),
    });
    return await worker.runUntil(() => body(taskQueue));
  } finally {
    await connection.close();
    await venues.close();
  }
}

/**
 * Places one market buy through the order workflow with `fault` on its first submission, and
 * returns the workflow's end and the venue's orders with its id, counted once the request the fault
 * held back has landed (`latencyMs` after the first attempt).
 */
async function placeThroughFault(
  resend: Resend,
  fault: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<{ state: OrderState; atVenue: number; ledger: { status: string; venueOrderId: string } }> {
  const account = await fastAccount();
  const intent = intentFor(account.name);
  await sim.fault(account.name, { endpoint: 'order.create', count: 1, ...fault });
  const state = await withResendWorker(resend, env, async (taskQueue) => {
    const { handle } = await startOrder(client, intent, { taskQueue });
    return handle.result();
  });
  const [first] = await submissionAttempts(pool, intent.clientOrderId);
  await sleep(Math.max(0, first!.requestTimestamp + Number(fault.latencyMs) + 1_000 - Date.now()));
  return {
    state,
    atVenue: (await venueOrdersWithId(account, intent.clientOrderId)).length,
    ledger: await ledgerOrder(intent.clientOrderId),
  };
}

async function ledgerOrder(clientOrderId: string): Promise<{ status: string; venueOrderId: string }> {
  const { rows } = await pool.query<{ status: string; venue_order_id: string }>(
    'SELECT status, venue_order_id FROM orders WHERE client_order_id = $1',
    [clientOrderId],
  );
  return { status: rows[0]!.status, venueOrderId: rows[0]!.venue_order_id };
}

let bundlePath: string;
/** The temp dirs this file made (the workflow bundle, the crash markers), removed after it. */
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
beforeAll(async () => {
  bundlePath = path.join(tempDir('keel-bundle-'), 'workflows.js');
  writeFileSync(bundlePath, (await sharedBundle()).code);
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A `crash-after-submit-worker` process: SIGKILLs itself once `submitOrder` returned, unless `crashOnceFile` exists. */
function startCrashWorker(resend: Resend, taskQueue: string, crashOnceFile: string) {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-after-submit-worker.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...workerEnv(),
      CRASH_TASK_QUEUE: taskQueue,
      CRASH_WORKFLOW_BUNDLE: bundlePath,
      CRASH_ONCE_FILE: crashOnceFile,
      RESEND_MODE: resend,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    worker.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { worker, exited, output: () => output };
}

describe.concurrent('a submission that may repeat an earlier one reaches the venue once', () => {
  describe.each(['blind', 'fenced'] as const)('%s', (resend) => {
    it(`(a) the response of an accepted market order is lost and the order fills: ${VENUE_ORDERS[resend]} venue order(s)`, async () => {
      // The connection drops at once; the venue matches the request 8 s later, inside its recvWindow.
      const { state, atVenue, ledger } = await placeThroughFault(
        resend,
        { kind: 'lost_in_flight', latencyMs: 8_000 },
        WIDE_RECV_WINDOW,
      );
      expect(atVenue).toBe(VENUE_ORDERS[resend]);
      expect(state.status).toBe('FILLED');
      expect(ledger.status).toBe('FILLED');
    });

    it(`(c) the submission times out while the venue is slow: ${VENUE_ORDERS[resend]} venue order(s)`, async () => {
      // The client gives up after 1 s; the venue matches the request after 8 s, inside its recvWindow.
      const { state, atVenue, ledger } = await placeThroughFault(
        resend,
        { kind: 'latency', latencyMs: 8_000 },
        { ...WIDE_RECV_WINDOW, KEEL_VENUE_REQUEST_TIMEOUT_MS: '1000' },
      );
      expect(atVenue).toBe(VENUE_ORDERS[resend]);
      expect(state.status).toBe('FILLED');
      expect(ledger.status).toBe('FILLED');
    });

    it(`(b) the worker is SIGKILLed between the venue's acceptance and the workflow task's completion: ${VENUE_ORDERS[resend]} venue order(s)`, async () => {
      const account = await fastAccount();
      const intent = intentFor(account.name);
      const taskQueue = uniqueTaskQueue(`once-crash-${resend}`);
      const crashOnceFile = path.join(tempDir('keel-once-'), 'crashed');
      const first = startCrashWorker(resend, taskQueue, crashOnceFile);
      const { handle } = await startOrder(client, intent, { taskQueue });
      expect(await first.exited, first.output()).toBe('SIGKILL');
      expect(first.output()).toContain('crashing after submitOrder');
      expect(await venueOrdersWithId(account, intent.clientOrderId)).toHaveLength(1);

      const second = startCrashWorker(resend, taskQueue, crashOnceFile);
      try {
        const state = await handle.result();
        expect(state.status).toBe('FILLED');
        const atVenue = await venueOrdersWithId(account, intent.clientOrderId);
        expect(atVenue).toHaveLength(VENUE_ORDERS[resend]);
        // Fenced, the ledger follows the one order the venue has.
        if (resend === 'fenced')
          expect((await ledgerOrder(intent.clientOrderId)).venueOrderId).toBe(atVenue[0]!.venueOrderId);
      } finally {
        second.worker.kill('SIGKILL');
        await second.exited;
      }
    });
  });
});
