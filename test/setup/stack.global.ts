import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateUp } from '../../db/migrations.js';
import { findFreePort } from '../../runtime/stack/ports.js';
import { startPostgresServer, waitForPostgres } from '../../runtime/stack/postgres-server.js';
import { stopProcess } from '../../runtime/stack/process-record.js';
import { startTemporalServer, waitForTemporal } from '../../runtime/stack/temporal-server.js';
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
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), TEST_DIR_PREFIX));
  // mkdtemp makes 0700; as root, PostgreSQL runs as the postgres user, which must enter it.
  chmodSync(dataDir, 0o755);
  const host = '127.0.0.1';
  const [temporalPort, temporalUiPort, postgresPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
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
  const temporal = startTemporalServer({
    dataDir,
    host,
    port: temporalPort,
    uiPort: temporalUiPort,
    ui: true,
    namespace: 'default',
    detached: false,
  });
  pids.push(temporal.pid);
  await Promise.all([
    waitForPostgres(host, postgresPort, 60_000),
    waitForTemporal(`${host}:${temporalPort}`, 'default', 60_000),
  ]);
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
