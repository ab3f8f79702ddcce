/**
 * The four processes a chaos run kills and restarts, each in its own process group so a SIGKILL to
 * the group takes every process it forked (PostgreSQL's backends with the postmaster, say).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { migrateUp } from '../../store/migrations.js';
import { isProcessAlive } from '../../stack/process-record.js';
import { startPostgresServer, waitForPostgres } from '../../stack/postgres-server.js';
import { startTemporalServer, waitForTemporal } from '../../stack/temporal-server.js';

export type ComponentName = 'postgres' | 'temporal' | 'simulator' | 'worker';

export interface Component {
  readonly name: ComponentName;
  /**
   * Starts the process and resolves once it serves; rejects (and kills what it started) if it does
   * not, or when `signal` aborts first.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** SIGKILLs the process group and resolves once every process of it is gone. */
  kill(): Promise<void>;
  alive(): boolean;
  /** The running group's id (= its leader's pid), for the synchronous kill on exit. */
  readonly pid: number | undefined;
}

const STARTUP_TIMEOUT_MS = 120_000;
const KEEL_BIN = path.join(PROJECT_ROOT, 'bin', 'keel');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** SIGKILLs the group led by `pid` and waits until none of its processes is left. */
export async function killGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  while (isProcessAlive(pid) || !groupGone(pid)) await sleep(20);
}

/** Kills the group now, without waiting: for `process.on('exit')`. */
export function killGroupNow(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A process started by `launch` (which returns its pid), ready once `ready` resolves. */
function groupComponent(
  name: ComponentName,
  launch: () => Promise<number>,
  ready: (pid: number, done: AbortSignal) => Promise<void>,
): Component {
  let pid: number | undefined;
  const component: Component = {
    name,
    get pid() {
      return pid;
    },
    alive: () => pid !== undefined && isProcessAlive(pid),
    async start(signal) {
      signal?.throwIfAborted();
      pid = await launch();
      const started = pid;
      const done = new AbortController();
      try {
        await Promise.race([
          ready(started, done.signal),
          (async () => {
            while (!done.signal.aborted && isProcessAlive(started) && !signal?.aborted) await sleep(100);
            if (done.signal.aborted) return;
            throw new Error(
              signal?.aborted ? `${name} start aborted` : `${name} (pid ${started}) exited while starting`,
            );
          })(),
        ]);
      } catch (error) {
        await killGroup(started);
        throw error;
      } finally {
        done.abort();
      }
    },
    async kill() {
      if (pid !== undefined) await killGroup(pid);
    },
  };
  return component;
}

export interface ChaosPorts {
  temporal: number;
  temporalUi: number;
  postgres: number;
  simulator: number;
}

const HOST = '127.0.0.1';

export function postgresComponent(stateDir: string, port: number, databaseUrl: string): Component {
  return groupComponent(
    'postgres',
    async () => (await startPostgresServer({ dataDir: stateDir, host: HOST, port, detached: true })).pid,
    async () => {
      await waitForPostgres(HOST, port, STARTUP_TIMEOUT_MS);
      await migrateUp(databaseUrl);
    },
  );
}

export function temporalComponent(stateDir: string, ports: ChaosPorts): Component {
  return groupComponent(
    'temporal',
    () =>
      Promise.resolve(
        startTemporalServer({
          dataDir: stateDir,
          host: HOST,
          port: ports.temporal,
          uiPort: ports.temporalUi,
          ui: false,
          namespace: 'default',
          detached: true,
        }).pid,
      ),
    () => waitForTemporal(`${HOST}:${ports.temporal}`, 'default', STARTUP_TIMEOUT_MS),
  );
}

/**
 * `keel <args>` in a process group of its own, its output appended to `<stateDir>/<name>/<name>.log`;
 * ready once it prints a line containing `readyLine` (e.g. the worker's "worker running").
 */
export function keelComponent(
  name: ComponentName,
  stateDir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyLine: string,
): Component {
  let seen: { pid: number; ready: boolean } | undefined;
  return groupComponent(
    name,
    () => {
      const logFile = path.join(stateDir, name, `${name}.log`);
      mkdirSync(path.dirname(logFile), { recursive: true });
      const log = createWriteStream(logFile, { flags: 'a' });
      const child = spawn(KEEL_BIN, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
      if (child.pid === undefined) throw new Error(`could not start keel ${args.join(' ')}`);
      const current = { pid: child.pid, ready: false };
      seen = current;
      let buffered = '';
      const collect = (chunk: Buffer) => {
        log.write(chunk);
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        if (lines.some((line) => line.includes(readyLine))) current.ready = true;
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('exit', () => log.end());
      child.unref();
      return Promise.resolve(child.pid);
    },
    async (pid, done) => {
      const deadline = Date.now() + STARTUP_TIMEOUT_MS;
      while (!(seen?.pid === pid && seen.ready) && !done.aborted) {
        if (Date.now() > deadline)
          throw new Error(`${name} did not print "${readyLine}" within ${STARTUP_TIMEOUT_MS} ms`);
        await sleep(50);
      }
    },
  );
}
