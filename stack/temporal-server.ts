import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { KEEL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes.js';
import { requireTemporalBinary } from './temporal-binary.js';

export interface TemporalServerOptions {
  dataDir: string;
  host: string;
  port: number;
  uiPort: number;
  ui: boolean;
  namespace: string;
  /** true: the server outlives this process (`keel dev up`); false: it dies with it (tests). */
  detached: boolean;
}

export interface StartedProcess {
  pid: number;
  logFile: string;
  commandMarker: string;
}

/**
 * Starts `temporal server start-dev` with a persistent SQLite file under the data dir and Keel's
 * search attributes registered. Returns once the process is spawned; see `waitForTemporal`.
 */
export function startTemporalServer(options: TemporalServerOptions): StartedProcess {
  const binary = requireTemporalBinary();
  const dir = path.join(options.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'temporal.db');
  const logFile = path.join(dir, 'temporal.log');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    options.host,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--log-level',
    'warn',
    '--ui-disable-news-fetch',
    // WAL with synchronous=NORMAL: a crashed process loses nothing committed (only an OS crash or
    // power loss could drop the last transactions), at a fraction of the fsyncs of the default.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    // Keel's search attributes are registered at start (below), so they are usable at once; the
    // dynamic config that forces a cache refresh on every read cost ~5 % of the server's CPU.
    ...Object.entries(KEEL_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
      '--search-attribute',
      `${name}=${type}`,
    ]),
  ];
  if (!options.ui) args.push('--headless');
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  const log = openSync(logFile, 'a');
  const child = spawn(binary, args, { detached: options.detached, stdio: ['ignore', log, log] });
  closeSync(log);
  if (options.detached) child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${binary}; see ${logFile}`);
  return { pid: child.pid, logFile, commandMarker: dbFile };
}

/** Waits until the frontend answers and the namespace exists. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(
    `Temporal at ${address} did not become ready within ${timeoutMs} ms: ${(lastError as Error)?.message ?? 'no answer'}`,
  );
}

/** Health of a running frontend: answers and knows the namespace. */
export async function temporalHealthy(address: string, namespace: string): Promise<boolean> {
  try {
    await waitForTemporal(address, namespace, 1_500);
    return true;
  } catch {
    return false;
  }
}
