import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_DB } from '../../config/defaults.js';
import { migrateUp } from '../../store/migrations.js';
import { findFreePort } from '../../lib/ports.js';
import { startPostgresServer, waitForPostgres } from '../../stack/postgres-server.js';
import { stopProcess } from '../../stack/process-record.js';

/** A throw-away migrated PostgreSQL for a benchmark run, in a temp dir, always removed. */
export async function withBenchPostgres<T>(
  work: (databaseUrl: string, port: number) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keel-bench-'));
  chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const server = await startPostgresServer({ dataDir, host: '127.0.0.1', port, detached: false });
  try {
    await waitForPostgres('127.0.0.1', port, 60_000);
    const url = `postgres://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@127.0.0.1:${port}/${EMBEDDED_DB.database}`;
    await migrateUp(url);
    return await work(url, port);
  } finally {
    await stopProcess(server.pid, 'SIGINT', 20_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
