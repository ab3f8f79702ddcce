import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What `keel dev up` started, one JSON file per component under `<dataDir>/run/`. `down` stops
 * exactly these processes, and only while their command line still matches (a recycled pid of an
 * unrelated process is never signalled).
 */
export interface ProcessRecord {
  component: string;
  pid: number;
  address: string;
  startedAt: string;
  /** A string the process's command line contains, checked before signalling it. */
  commandMarker: string;
  logFile: string;
}

function recordFile(dataDir: string, component: string): string {
  return path.join(dataDir, 'run', `${component}.json`);
}

export function writeProcessRecord(dataDir: string, record: ProcessRecord): void {
  mkdirSync(path.join(dataDir, 'run'), { recursive: true });
  const file = recordFile(dataDir, record.component);
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2));
  // rename is atomic: a reader never sees half a record.
  renameSync(`${file}.tmp`, file);
}

export function readProcessRecord(dataDir: string, component: string): ProcessRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(dataDir, component), 'utf8')) as ProcessRecord;
  } catch {
    return undefined;
  }
}

export function removeProcessRecord(dataDir: string, component: string): void {
  rmSync(recordFile(dataDir, component), { force: true });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) still answers signal 0; /proc tells the truth on Linux.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

/** True when `pid` is alive and is still the process the record describes. */
export function isRecordedProcessRunning(record: ProcessRecord): boolean {
  if (!isProcessAlive(record.pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return cmdline.includes(record.commandMarker);
  } catch {
    // No /proc (not Linux): trust the pid.
    return true;
  }
}

/** Rejects when the process exits (a server that dies while starting should not be waited for). */
export async function exitOf(pid: number, stop: AbortSignal): Promise<never> {
  while (!stop.aborted && isProcessAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 250));
  throw new Error(`the process (pid ${pid}) exited while starting`);
}

/** Sends `signal`, waits up to `timeoutMs` for exit, then SIGKILLs. Resolves once the pid is gone. */
export async function stopProcess(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<'stopped' | 'killed'> {
  try {
    process.kill(pid, signal);
  } catch {
    return 'stopped';
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return 'stopped';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  while (isProcessAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  return 'killed';
}
