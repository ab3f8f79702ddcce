import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateUp } from '../../store/migrations.js';
import { findFreePort } from '../../lib/ports.js';
import { startPostgresServer, waitForPostgres } from '../../stack/postgres-server.js';
import { logTail } from '../../stack/log-tail.js';
import { exitOf, stopProcess } from '../../stack/process-record.js';
import { startTemporalServer, waitForTemporal } from '../../stack/temporal-server.js';
import { EMBEDDED_DB } from '../../config/defaults.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      dataDir: string;
      temporalPort: number;
      temporalUiPort: number;
      postgresPort: number;
      databaseUrl: string;
    };
  }
}

/** Marker in every test server's command line; scripts/test looks for leftovers with it. */
export const TEST_DIR_PREFIX = 'keel-test-';

/**
 * One Temporal dev server and one PostgreSQL for the whole run, on free ports in a temp dir,
 * always torn down — also when the run is interrupted.
 */
// Generous: a CI machine under load can take far longer than a quiet one to open the ports.
const STARTUP_TIMEOUT_MS = 120_000;
const TEMPORAL_START_ATTEMPTS = 3;

/**
 * Starts the Temporal dev server on fresh ports, racing readiness against the process dying. A
 * failed attempt (a port taken between probing and binding, a slow start) is retried on new ports;
 * each failed attempt's log is kept in test-artifacts/ and its tail is part of the final error.
 */
async function startTemporalForTests(
  dataDir: string,
  host: string,
  pids: number[],
): Promise<{ pid: number; temporalPort: number; temporalUiPort: number }> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= TEMPORAL_START_ATTEMPTS; attempt++) {
    const [temporalPort, temporalUiPort] = [await findFreePort(), await findFreePort()];
    const attemptDir = path.join(dataDir, `attempt-${attempt}`);
    const started = startTemporalServer({
      dataDir: attemptDir,
      host,
      port: temporalPort,
      uiPort: temporalUiPort,
      ui: true,
      namespace: 'default',
      detached: false,
    });
    pids.push(started.pid);
    const watch = new AbortController();
    try {
      await Promise.race([
        waitForTemporal(`${host}:${temporalPort}`, 'default', STARTUP_TIMEOUT_MS),
        exitOf(started.pid, watch.signal),
      ]).finally(() => watch.abort());
      return { pid: started.pid, temporalPort, temporalUiPort };
    } catch (error) {
      await stopProcess(started.pid, 'SIGTERM', 10_000);
      mkdirSync('test-artifacts', { recursive: true });
      copyFileSync(started.logFile, path.join('test-artifacts', `temporal-start-attempt-${attempt}.log`));
      failures.push(
        `attempt ${attempt} (port ${temporalPort}): ${(error as Error).message}\n${logTail(started.logFile, 20)}`,
      );
    }
  }
  throw new Error(`the Temporal dev server did not start:\n${failures.join('\n')}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), TEST_DIR_PREFIX));
  // mkdtemp makes 0700; as root, PostgreSQL runs as the postgres user, which must enter it.
  chmodSync(dataDir, 0o755);
  const host = '127.0.0.1';
  const postgresPort = await findFreePort();
  const pids: number[] = [];
  const killAll = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killAll);

  const postgres = await startPostgresServer({ dataDir, host, port: postgresPort, detached: false });
  pids.push(postgres.pid);
  const [temporal] = await Promise.all([
    startTemporalForTests(dataDir, host, pids),
    waitForPostgres(host, postgresPort, STARTUP_TIMEOUT_MS),
  ]);
  const { temporalPort, temporalUiPort } = temporal;
  const databaseUrl = `postgres://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@${host}:${postgresPort}/${EMBEDDED_DB.database}`;
  await migrateUp(databaseUrl);
  project.provide('stack', { dataDir, temporalPort, temporalUiPort, postgresPort, databaseUrl });

  return async () => {
    await stopProcess(temporal.pid, 'SIGTERM', 10_000);
    await stopProcess(postgres.pid, 'SIGINT', 10_000);
    process.removeListener('exit', killAll);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
