import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueRegistry } from '../../activities/venue/venue-registry.js';
import type { BurnInFinish } from '../../activities/burn-in/burn-in-activities.js';
import { createPool, type Pool } from '../../db/pool.js';
import type { BurnInConfigInput } from '../../runtime/burn-in/burn-in-config.js';
import { createLogger } from '../../runtime/logger.js';
import { startVenueSimServer, type VenueSimServer } from '../../venue-sim/server.js';
import { TASK_QUEUES } from '../../workers/task-queues.js';
import { burnInStatusQuery, type BurnInInput } from '../../workflows/burn-in.js';
import { withWorker } from '../helpers/in-process-worker.js';
import { testConfig, testEnv, uniqueTaskQueue } from '../helpers/test-stack.js';

let pool: Pool;
let server: VenueSimServer;
let client: Client;

beforeAll(async () => {
  pool = createPool(testConfig().database.url);
  server = await startVenueSimServer({
    pool,
    logger: createLogger({ service: 'test-sim', level: 'warn' }),
    host: '127.0.0.1',
    port: 0,
  });
  client = new Client({ connection: await Connection.connect({ address: testConfig().temporal.address }) });
});

const accounts: string[] = [];
afterAll(async () => {
  for (const account of accounts)
    await client.workflow
      .getHandle(`desk-${account}`)
      .terminate('test finished')
      .catch(() => undefined);
  await client.connection.close();
  await server.close();
  await pool.end();
});

const ALL_ACTIVITIES = [TASK_QUEUES.orders, TASK_QUEUES.desk, TASK_QUEUES.reconcile, TASK_QUEUES.burnIn];

function burnInConfig(overrides: Partial<BurnInConfigInput> = {}): BurnInConfigInput {
  const account = `bi-${Math.random().toString(36).slice(2, 10)}`;
  accounts.push(account);
  return {
    account,
    strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
    market: {
      start: '2026-01-03T00:00:00Z',
      days: Number(process.env.BURNIN_DAYS ?? 30),
      intervalMs: 3_600_000,
      warmupBars: 48,
    },
    seed: 7,
    ...overrides,
  };
}

async function runBurnIn(
  config: BurnInConfigInput,
  queue: string,
): Promise<{ runId: string; result: BurnInFinish }> {
  const runId = `test-${config.account}`;
  const input: BurnInInput = {
    runId,
    config,
    ordersTaskQueue: queue,
    reconcileTaskQueue: queue,
    deskTaskQueue: queue,
  };
  const handle = await client.workflow.start('burnIn', {
    workflowId: `burn-in-${runId}`,
    taskQueue: queue,
    args: [input],
  });
  const timer = setInterval(() => {
    void handle
      .query(burnInStatusQuery)
      .then(async (s) => {
        console.log('status', JSON.stringify({ ...s, heartbeat: undefined }));
        const { rows } = await pool.query(
          `SELECT o.status, o.symbol, o.side, o.reason, o.quantity, o.venue_order_id, d.codes FROM orders o LEFT JOIN risk_decisions d USING (client_order_id)
           WHERE o.account = $1 AND o.status <> 'DENIED' ORDER BY o.created_at DESC LIMIT 5`,
          [config.account],
        );
        console.log(JSON.stringify(rows));
        const account = (await (
          await fetch(`${server.url}/sim/accounts/${config.account}`)
        ).json()) as Record<string, unknown>;
        console.log('sim', JSON.stringify({ ...account, spec: undefined, dataset: undefined }));
      })
      .catch(() => undefined);
  }, 5_000);
  const result = (await handle.result().finally(() => clearInterval(timer))) as BurnInFinish;
  return { runId, result };
}

const env = () => testEnv({ KEEL_VENUE_BASE_URL: server.url });

describe('burn-in', () => {
  it('an accelerated 30-day run over 3 spot instruments and 50 binary markets trades only through order workflows', async () => {
    const config = testConfig(env());
    const venues = new VenueRegistry(config);
    const queue = uniqueTaskQueue('burn-in');
    const started = Date.now();
    const { runId, result } = await withWorker(
      config,
      { taskQueue: queue, activitiesOf: ALL_ACTIVITIES, pool, venues },
      () => runBurnIn(burnInConfig(), queue),
    );
    console.log('burn-in took', Date.now() - started, 'ms', JSON.stringify(result, null, 1));
    expect(['PASS', 'FAIL']).toContain(result.status);
    const status = await client.workflow.getHandle(`burn-in-${runId}`).query(burnInStatusQuery);
    expect(status.progress).toBe(1);
    await venues.close();
  }, 600_000);
});
