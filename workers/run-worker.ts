import { fileURLToPath } from 'node:url';
import {
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
} from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { KeelConfig } from '../config/schema.js';
import { assertSchemaCompatible, schemaStatus } from '../store/migrations.js';
import { assertReachable, createPool, pingDatabase } from '../store/pool.js';
import { childLogger, type Logger } from '../lib/logger.js';
import { logStartup, newSessionId, recordConfigSnapshot, registerConfigSecrets } from '../stack/session.js';
import { PortInUseError } from '../lib/ports.js';
import { connectClient, TemporalUnavailableError } from '../client/temporal-client.js';
import { ensureDesk } from '../client/desk/desk-workflow.js';
import { ensureReconcileSchedule, runReconcile } from '../client/reconcile/reconcile-runs.js';
import { TASK_QUEUES } from '../contracts/task-queues.js';
import { PinoTemporalLogger } from '../lib/temporal-logger.js';
import { VenueRegistry } from '../venues/venue-registry.js';
import { activitiesForQueue } from './activities-for-queue.js';
import { startHealthServer, type HealthSnapshot } from './health-server.js';
import { keelWorkerInterceptors } from './correlation.js';
import { burnInHeartbeats } from '../activities/burn-in/heartbeats.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** The workflow interceptor module bundled with the workflows (correlation ids). */
export const WORKFLOW_INTERCEPTORS_PATH = fileURLToPath(
  new URL('../workflows/interceptors.ts', import.meta.url),
);

const HEARTBEAT_INTERVAL_MS = 5_000;

let runtimeInstalled = false;

/** Routes Temporal's own logs (core, worker, workflow `log`) through Keel's logger. Once per process. */
export function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: new PinoTemporalLogger(childLogger(logger, { component: 'temporal' })),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'WARN' }) },
    },
    // Keel handles SIGTERM/SIGINT itself, to drain in order and report on /healthz.
    shutdownSignals: [],
  });
  runtimeInstalled = true;
}

export function bundleWorkflows(logger: Logger): Promise<WorkflowBundleWithSourceMap> {
  // webpack's per-module report is noise at info; warnings and errors still come through.
  const bundlerLogger = logger.child({ component: 'bundler' }, { level: 'warn' });
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    logger: new PinoTemporalLogger(bundlerLogger),
  });
}

export interface RunningWorker {
  sessionId: string;
  healthAddress: string;
  /** Stops polling, lets in-flight activities finish within the grace time, then closes everything. */
  shutdown: (reason: string) => void;
  /** Resolves when the worker has fully stopped. */
  finished: Promise<void>;
}

/**
 * Starts a worker process's work: one Temporal worker per configured task queue sharing one
 * connection, bundle and database pool; a health endpoint; a connectivity heartbeat.
 */
export async function startWorker(config: KeelConfig, logger: Logger): Promise<RunningWorker> {
  const sessionId = newSessionId('worker');
  const log = childLogger(logger, { sessionId });
  registerConfigSecrets(config);
  logStartup(log, config, { sessionId, kind: 'worker' });
  installTemporalRuntime(log);

  const pool = createPool(config.database.url, { applicationName: `keel-worker ${sessionId}` });
  try {
    await assertReachable(pool, config.database.url);
    assertSchemaCompatible(await schemaStatus(pool), { allowPending: false });
    await recordConfigSnapshot(pool, config, { sessionId, kind: 'worker' });
  } catch (error) {
    await pool.end();
    throw error;
  }

  const connection = await NativeConnection.connect({ address: config.temporal.address }).catch(
    async (error: unknown) => {
      await pool.end();
      throw new TemporalUnavailableError(config.temporal.address, error);
    },
  );
  const workflowBundle = await bundleWorkflows(log);
  const venues = new VenueRegistry(config);
  const workers = await Promise.all(
    config.worker.taskQueues.map((taskQueue) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue,
        workflowBundle,
        activities: activitiesForQueue(taskQueue, { pool, config, venues }),
        identity: `${sessionId}@${taskQueue}`,
        interceptors: keelWorkerInterceptors(),
        shutdownGraceTime: config.worker.shutdownGraceMs,
      }),
    ),
  );

  const startedAt = Date.now();
  const health: Omit<HealthSnapshot, 'uptimeSeconds' | 'memory' | 'burnIns'> = {
    status: 'starting',
    temporal: { ok: true, address: config.temporal.address },
    database: { ok: true },
    taskQueues: [...config.worker.taskQueues],
    lastHeartbeatAt: null,
  };
  const heartbeat = async () => {
    const [temporal, database] = await Promise.allSettled([
      connection.workflowService.getSystemInfo({}),
      pingDatabase(pool),
    ]);
    health.temporal = {
      ok: temporal.status === 'fulfilled',
      address: config.temporal.address,
      ...errorOf(temporal),
    };
    health.database = { ok: database.status === 'fulfilled', ...errorOf(database) };
    if (health.status !== 'draining')
      health.status = health.temporal.ok && health.database.ok ? 'ok' : 'degraded';
    if (health.temporal.ok && health.database.ok) health.lastHeartbeatAt = new Date().toISOString();
  };
  await heartbeat();
  const heartbeatTimer = setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS);

  let healthServer: Awaited<ReturnType<typeof startHealthServer>>;
  try {
    healthServer = await startHealthServer(config.stack.bindHost, config.worker.healthPort, () => ({
      ...health,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      memory: process.memoryUsage(),
      burnIns: burnInHeartbeats(),
    }));
  } catch (error) {
    clearInterval(heartbeatTimer);
    await Promise.all([connection.close(), pool.end()]);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(
        config.stack.bindHost,
        config.worker.healthPort,
        'worker.healthPort',
        'stop that process, or pass --health-port / set KEEL_HEALTH_PORT (0 picks a free port)',
      );
    }
    throw error;
  }

  const finished = (async () => {
    try {
      await Promise.all(workers.map((worker) => worker.run()));
    } finally {
      clearInterval(heartbeatTimer);
      await healthServer.close();
      await connection.close();
      await venues.close();
      await pool.end();
      log.info('worker stopped');
    }
  })();

  let shuttingDown = false;
  const shutdown = (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    health.status = 'draining';
    log.info(
      { reason, graceMs: config.worker.shutdownGraceMs },
      'worker draining: polling stopped, in-flight activities may finish within the grace time',
    );
    for (const worker of workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  };

  log.info(
    { taskQueues: config.worker.taskQueues, health: `http://${healthServer.address}/healthz` },
    'worker running',
  );
  void startAccountServices(config, log, sessionId);
  return { sessionId, healthAddress: healthServer.address, shutdown, finished };
}

/**
 * What runs for each reconciled account (`reconcile.accounts`, default the profile's) whenever its
 * workers do: the desk (its breakers only watch while it runs), a start-up reconciliation, and the
 * reconciliation Schedule.
 */
async function startAccountServices(config: KeelConfig, log: Logger, sessionId: string): Promise<void> {
  const accounts = config.reconcile.accounts.length
    ? config.reconcile.accounts
    : [config.simulator.account.name];
  const queues = config.worker.taskQueues;
  let client: Awaited<ReturnType<typeof connectClient>> | undefined;
  try {
    // The desk and reconciliations this start-up begins correlate with the worker's session.
    client = await connectClient(config, { correlationId: sessionId });
    for (const account of accounts) {
      if (queues.includes(TASK_QUEUES.desk)) {
        const handle = await ensureDesk(client, account);
        log.info({ account, workflowId: handle.workflowId }, 'desk control running');
      }
      if (queues.includes(TASK_QUEUES.reconcile)) {
        const scheduleId = await ensureReconcileSchedule(client, config, account);
        log.info(
          { account, scheduleId, everyMinutes: config.reconcile.intervalMinutes },
          'reconciliation scheduled',
        );
        const { workflowId, report } = await runReconcile(client, account, 'startup');
        log.info(
          {
            account,
            workflowId,
            status: report.status,
            drifts: report.drifts.length,
            deskHalted: report.deskHalted,
          },
          'start-up reconciliation finished',
        );
      }
    }
  } catch (error) {
    log.error(
      { accounts, err: error },
      'start-up services failed; see `keel desk status` and `keel reconcile`',
    );
  } finally {
    await client?.connection.close();
  }
}

function errorOf(result: PromiseSettledResult<unknown>): { error?: string } {
  return result.status === 'rejected'
    ? { error: (result.reason as Error)?.message ?? String(result.reason) }
    : {};
}
