import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/project-root.js';

export const KEEL_BIN = path.join(PROJECT_ROOT, 'bin', 'keel');

export interface KeelResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `keel` command (bin/keel) as a user would, and collects its output. */
export function runKeel(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<KeelResult> {
  return new Promise((resolve) => {
    execFile(
      KEEL_BIN,
      args,
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running `keel` process (e.g. the worker) whose stdout lines are collected as they come. */
export interface KeelProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine: (predicate: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
}

export function startKeel(args: string[], env: Record<string, string>): KeelProcess {
  const child = spawn(KEEL_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffered = '';
  const collect = (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLine = async (predicate: (line: string) => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = lines.find(predicate);
      if (found) return found;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no matching output line; process output so far:\n${lines.join('\n')}`);
  };
  return { child, lines, exited, waitForLine };
}

/** The order `keel order place` is asked for: account, symbol, side, type and quantity. */
export interface PlaceOrderFlags {
  account: string;
  symbol: string;
  side: string;
  type: string;
  qty: string;
}

/** The arguments of `keel order place` with these flags; `extra` (price, ids, output flags) follow. */
export function placeOrderArgs(order: PlaceOrderFlags, ...extra: string[]): string[] {
  return [
    'order',
    'place',
    '--account',
    order.account,
    '--symbol',
    order.symbol,
    '--side',
    order.side,
    '--type',
    order.type,
    '--qty',
    order.qty,
    ...extra,
  ];
}
