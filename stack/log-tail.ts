import { readFileSync } from 'node:fs';

/** The last `lines` lines of a log file, read from byte `fromByte` on; '(no log)' when unreadable. */
export function logTail(file: string, lines: number, fromByte = 0): string {
  try {
    const text = readFileSync(file).subarray(fromByte).toString('utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
