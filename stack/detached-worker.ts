import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KeelConfig } from '../config/schema.js';
import { spawnKeelChild } from './keel-child.js';
import { logTail } from './log-tail.js';
import {
  isProcessAlive,
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
  const readyFile = path.join(config.dataDir, 'run', 'worker.ready.json');
  mkdirSync(path.dirname(readyFile), { recursive: true });
  rmSync(readyFile, { force: true });
  const logStart = safeSize(logFile);
  const started = spawnKeelChild(config, 'worker', ['worker', ...workerArgs, '--ready-file', readyFile]);

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(readyFile)) {
      const { health } = JSON.parse(readFileSync(readyFile, 'utf8')) as { health: string };
      const record: ProcessRecord = {
        component: COMPONENT,
        pid: started.pid,
        address: new URL(health).host,
        startedAt: new Date().toISOString(),
        commandMarker: started.commandMarker,
        logFile,
      };
      writeProcessRecord(config.dataDir, record);
      return { record, outcome: 'started' };
    }
    if (!isProcessAlive(started.pid)) {
      throw new Error(
        `the worker exited during start-up; its last output:\n${logTail(logFile, 15, logStart)}\n(full log: ${logFile})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.kill(started.pid, 'SIGTERM');
  throw new Error(`the worker did not report running within ${STARTUP_TIMEOUT_MS} ms; see ${logFile}`);
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
