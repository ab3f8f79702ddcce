import type { KeelConfig } from '../config/schema.js';
import { migrateUp } from '../store/migrations.js';
import { spawnKeelChild } from './keel-child.js';
import { logTail } from './log-tail.js';
import { assertPortFree, waitForPort } from '../lib/ports.js';
import { startPostgresServer, waitForPostgres } from './postgres-server.js';
import { postgresHealthy } from '../store/server-probe.js';
import {
  exitOf,
  isRecordedProcessRunning,
  readProcessRecord,
  removeProcessRecord,
  stopProcess,
  writeProcessRecord,
  type ProcessRecord,
} from './process-record.js';
import {
  startTemporalServer,
  temporalHealthy,
  waitForTemporal,
  type StartedProcess,
} from './temporal-server.js';

export interface ComponentStatus {
  name: string;
  healthy: boolean;
  address: string;
  pid: number | null;
}

export type UpOutcome = 'started' | 'already-running';

// Generous: on a loaded 2-core machine the Temporal dev server can take a while to open its ports.
const STARTUP_TIMEOUT_MS = 120_000;

/** Components `keel dev up` manages, in start order; `down` stops them in reverse. */
export const STACK_COMPONENTS = ['postgres', 'temporal', 'venue-sim'] as const;
export type StackComponent = (typeof STACK_COMPONENTS)[number];

/** Components started by other commands (e.g. the demo's worker) that `down` also stops. */
const AUXILIARY_COMPONENTS = ['worker'] as const;

interface ComponentSpec {
  address: string;
  portChecks: { port: number; field: string; fix: string }[];
  start: () => Promise<StartedProcess>;
  waitReady: () => Promise<void>;
  healthy: () => Promise<boolean>;
}

function specs(
  config: KeelConfig,
  onProgress: (message: string) => void,
): Record<StackComponent, ComponentSpec> {
  const { bindHost: host, temporalPort, temporalUiPort, postgresPort, ui } = config.stack;
  return {
    postgres: {
      address: `${host}:${postgresPort}`,
      portChecks: [
        {
          port: postgresPort,
          field: 'stack.postgresPort',
          fix: 'stop that process, or pass --postgres-port / set KEEL_POSTGRES_PORT',
        },
      ],
      start: () => startPostgresServer({ dataDir: config.dataDir, host, port: postgresPort, detached: true }),
      // Every later component (and every `keel` process) needs the schema: migrate as soon as it answers.
      waitReady: async () => {
        await waitForPostgres(host, postgresPort, STARTUP_TIMEOUT_MS);
        const applied = await migrateUp(config.database.url);
        if (applied.length > 0) onProgress(`postgres: applied migrations ${applied.join(', ')}`);
      },
      healthy: () => postgresHealthy(config.database.url),
    },
    'venue-sim': {
      address: `${host}:${config.simulator.port}`,
      portChecks: [
        {
          port: config.simulator.port,
          field: 'simulator.port',
          fix: 'stop that process, or set KEEL_SIM_PORT',
        },
      ],
      start: () => Promise.resolve(spawnKeelChild(config, 'venue-sim', ['venue-sim'])),
      waitReady: async () => {
        await waitForPort(host, config.simulator.port, STARTUP_TIMEOUT_MS);
        if (!(await httpOk(`http://${host}:${config.simulator.port}/sim/health`))) {
          throw new Error(
            `the venue simulator on ${host}:${config.simulator.port} does not answer /sim/health`,
          );
        }
      },
      healthy: () => httpOk(`http://${host}:${config.simulator.port}/sim/health`),
    },
    temporal: {
      address: config.temporal.address,
      portChecks: [
        {
          port: temporalPort,
          field: 'stack.temporalPort',
          fix: 'stop that process, or pass --temporal-port / set KEEL_TEMPORAL_PORT',
        },
        ...(ui
          ? [
              {
                port: temporalUiPort,
                field: 'stack.temporalUiPort',
                fix: 'stop that process, pass --temporal-ui-port / set KEEL_TEMPORAL_UI_PORT, or --headless',
              },
            ]
          : []),
      ],
      start: () =>
        Promise.resolve(
          startTemporalServer({
            dataDir: config.dataDir,
            host,
            port: temporalPort,
            uiPort: temporalUiPort,
            ui,
            namespace: config.temporal.namespace,
            detached: true,
          }),
        ),
      waitReady: () =>
        waitForTemporal(config.temporal.address, config.temporal.namespace, STARTUP_TIMEOUT_MS),
      healthy: () => temporalHealthy(config.temporal.address, config.temporal.namespace),
    },
  };
}

/**
 * Starts whatever of the embedded stack is not already running. Idempotent: a component whose
 * recorded process is alive is left alone. All port conflicts are checked before anything starts.
 */
export async function stackUp(
  config: KeelConfig,
  onProgress: (message: string) => void = () => undefined,
): Promise<Record<StackComponent, UpOutcome>> {
  const all = specs(config, onProgress);
  const toStart: StackComponent[] = [];
  const outcome = {} as Record<StackComponent, UpOutcome>;
  for (const name of STACK_COMPONENTS) {
    const record = readProcessRecord(config.dataDir, name);
    if (record && isRecordedProcessRunning(record)) {
      outcome[name] = 'already-running';
      continue;
    }
    if (record) removeProcessRecord(config.dataDir, name);
    toStart.push(name);
  }
  for (const name of toStart) {
    for (const check of all[name].portChecks) {
      await assertPortFree(config.stack.bindHost, check.port, check.field, check.fix);
    }
  }
  for (const name of STACK_COMPONENTS) {
    const spec = all[name];
    if (outcome[name] === 'already-running') {
      onProgress(`${name}: already running at ${spec.address}`);
      await spec.waitReady();
      continue;
    }
    onProgress(`${name}: starting on ${spec.address}`);
    const started = await spec.start();
    const record: ProcessRecord = {
      component: name,
      pid: started.pid,
      address: spec.address,
      startedAt: new Date().toISOString(),
      commandMarker: started.commandMarker,
      logFile: started.logFile,
    };
    writeProcessRecord(config.dataDir, record);
    try {
      const watch = new AbortController();
      await Promise.race([spec.waitReady(), exitOf(started.pid, watch.signal)]).finally(() => watch.abort());
    } catch (error) {
      await stopProcess(started.pid, 'SIGTERM', 10_000);
      removeProcessRecord(config.dataDir, name);
      throw new Error(
        `${name} failed to start: ${(error as Error).message}. Its log (${started.logFile}) ends with:\n${logTail(started.logFile, 20)}`,
        { cause: error },
      );
    }
    outcome[name] = 'started';
    onProgress(`${name}: ready (pid ${started.pid})`);
  }
  return outcome;
}

/** Stops exactly the processes the data dir's records name, newest component first. */
export async function stackDown(
  dataDir: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<{ component: string; pid: number; result: 'stopped' | 'killed' | 'not-running' }[]> {
  const results: { component: string; pid: number; result: 'stopped' | 'killed' | 'not-running' }[] = [];
  for (const name of [...AUXILIARY_COMPONENTS, ...[...STACK_COMPONENTS].reverse()]) {
    const record = readProcessRecord(dataDir, name);
    if (!record) continue;
    if (!isRecordedProcessRunning(record)) {
      removeProcessRecord(dataDir, name);
      results.push({ component: name, pid: record.pid, result: 'not-running' });
      continue;
    }
    onProgress(`${name}: stopping pid ${record.pid}`);
    // PostgreSQL: SIGINT is its "fast shutdown" (aborts sessions, checkpoints, exits cleanly).
    const signal = name === 'postgres' ? 'SIGINT' : 'SIGTERM';
    const result = await stopProcess(record.pid, signal, 30_000);
    removeProcessRecord(dataDir, name);
    results.push({ component: name, pid: record.pid, result });
  }
  return results;
}

export async function stackStatus(config: KeelConfig): Promise<ComponentStatus[]> {
  const all = specs(config, () => undefined);
  const statuses: ComponentStatus[] = [];
  for (const name of STACK_COMPONENTS) {
    const record = readProcessRecord(config.dataDir, name);
    const running = record !== undefined && isRecordedProcessRunning(record);
    const healthy = running && (await all[name].healthy());
    statuses.push({ name, healthy, address: all[name].address, pid: running ? record.pid : null });
    if (name === 'temporal' && config.stack.ui) {
      statuses.push({
        name: 'temporal-ui',
        healthy: running && (await httpOk(config.temporal.uiUrl)),
        address: config.temporal.uiUrl,
        pid: running ? record.pid : null,
      });
    }
  }
  for (const name of AUXILIARY_COMPONENTS) {
    const record = readProcessRecord(config.dataDir, name);
    if (!record) continue;
    const running = isRecordedProcessRunning(record);
    statuses.push({
      name,
      healthy: running && (await httpOk(`http://${record.address}/healthz`)),
      address: record.address,
      pid: running ? record.pid : null,
    });
  }
  return statuses;
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
