import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KeelConfig } from '../../config/schema.js';
import { PROJECT_ROOT } from '../project-root.js';
import {
  isRecordedProcessRunning,
  readProcessRecord,
  removeProcessRecord,
  writeProcessRecord,
  type ProcessRecord,
} from './process-record.js';

const COMPONENT = 'worker';
const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Starts `keel worker` in the background, logging to `<dataDir>/worker/worker.log`, and records it
 * so `keel dev down` stops it. Returns once the worker reports it is running (idempotent: an already
 * recorded, live worker is returned as is).
 */
export async function startDetachedWorker(
  config: KeelConfig,
  workerArgs: string[],
): Promise<{ record: ProcessRecord; outcome: 'started' | 'already-running' }> {
  const existing = readProcessRecord(config.dataDir, COMPONENT);
  if (existing && isRecordedProcessRunning(existing)) return { record: existing, outcome: 'already-running' };
  if (existing) removeProcessRecord(config.dataDir, COMPONENT);

  const logFile = path.join(config.dataDir, 'worker', 'worker.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const logStart = safeSize(logFile);
  const log = openSync(logFile, 'a');
  // --data-dir on the child's command line is what `dev down` recognises it by.
  const child = spawn(
    path.join(PROJECT_ROOT, 'bin', 'keel'),
    ['--data-dir', config.dataDir, 'worker', ...workerArgs],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    },
  );
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the worker; see ${logFile}`);

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const output = readFileSync(logFile, 'utf8').slice(logStart);
    const running = output.split('\n').find((line) => line.includes('"msg":"worker running"'));
    if (running) {
      const { health } = JSON.parse(running) as { health: string };
      const record: ProcessRecord = {
        component: COMPONENT,
        pid: child.pid,
        address: new URL(health).host,
        startedAt: new Date().toISOString(),
        commandMarker: config.dataDir,
        logFile,
      };
      writeProcessRecord(config.dataDir, record);
      return { record, outcome: 'started' };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the worker exited during start-up; its last output:\n${tail(output, 15)}\n(full log: ${logFile})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the worker did not report running within ${STARTUP_TIMEOUT_MS} ms; see ${logFile}`);
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
