import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { KeelConfig } from '../../config/schema.js';
import { createLogger } from '../../lib/logger.js';
import { createPool, type Pool } from '../../store/pool.js';
import { startVenueSimServer, type VenueSimServer } from '../../venue-sim/server.js';
import { SimClient } from './venue-sim.js';

/** Environment that points a Keel process (CLI, worker) at this run's test servers. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const stack = inject('stack');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => !name.startsWith('KEEL_') && value !== undefined),
  ) as Record<string, string>;
  return {
    ...inherited,
    KEEL_DATA_DIR: stack.dataDir,
    KEEL_TEMPORAL_PORT: String(stack.temporalPort),
    KEEL_TEMPORAL_UI_PORT: String(stack.temporalUiPort),
    KEEL_POSTGRES_PORT: String(stack.postgresPort),
    KEEL_HEALTH_PORT: '0',
    KEEL_LOG_LEVEL: 'info',
    ...extra,
  };
}

export function testConfig(extra: Record<string, string> = {}): KeelConfig {
  return loadConfig({ env: testEnv(extra) });
}

/** A task queue no other test polls, so tests never steal each other's tasks. */
export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${randomBytes(4).toString('hex')}`;
}

/** The run's shared servers as one test file uses them; every part is closed after the file's tests. */
export interface TestStack {
  /** The profile's configuration, pointed at this run's servers. */
  config: KeelConfig;
  pool: Pool;
  /** A Temporal client (connected before the file's tests, unless `temporal: false`). */
  client: Client;
  /** The file's own venue simulator (`simulator: true`), started before its tests. */
  sim: SimClient;
  server: { readonly url: string };
  /** Terminates the workflow, if it still runs, once the file's tests (and their recorders) are done. */
  terminateAtEnd: (workflowId: string) => void;
}

/**
 * The set-up every integration file shares: a pool on the run's PostgreSQL, a Temporal client, and
 * with `simulator: true` an in-process venue simulator of the file's own. Call it first in the file:
 * hooks registered after it (history recorders, say) run their `afterAll` before it closes all.
 */
export function useTestStack(options: { simulator?: boolean; temporal?: boolean } = {}): TestStack {
  const config = testConfig();
  const pool = createPool(config.database.url);
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection });
  let server: VenueSimServer | undefined;
  const serverUrl = () => {
    if (!server) throw new Error('no simulator: useTestStack({ simulator: true }) starts one in beforeAll');
    return server.url;
  };
  const sim = new SimClient(serverUrl);
  const toTerminate: string[] = [];
  beforeAll(async () => {
    if (options.simulator)
      server = await startVenueSimServer({
        pool,
        logger: createLogger({ service: 'test-sim', level: 'warn' }),
        host: '127.0.0.1',
        port: 0,
      });
    if (options.temporal !== false) await connection.ensureConnected();
  });
  afterAll(async () => {
    // Only this file's workflows: other files' tests run at the same time.
    for (const workflowId of toTerminate)
      await client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    await connection.close();
    await sim.close();
    await server?.close();
    await pool.end();
  });
  return {
    config,
    pool,
    client,
    sim,
    server: {
      get url() {
        return serverUrl();
      },
    },
    terminateAtEnd: (workflowId) => void toTerminate.push(workflowId),
  };
}
