import { CommanderError } from 'commander';
import { ConfigError, type ConfigIssue } from '../config/errors.js';
import { redactString } from '../lib/redact.js';

/** Documented exit codes: 0 ok, 1 failure, 2 bad input (usage or configuration). */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** Bad input from the user: a flag's value, an argument. Nothing was changed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(error: unknown): number {
  return error instanceof ConfigError || error instanceof UsageError || error instanceof CommanderError
    ? EXIT.badInput
    : EXIT.failure;
}

/**
 * What `--json` prints (as `{ "error": ErrorReport }`) when a command fails: `usage` for a bad flag,
 * argument or command (exit 2), `config` for an invalid configuration (exit 2, with its issues),
 * `failure` for anything else (exit 1). The message is the one printed on stderr, secrets redacted.
 */
export interface ErrorReport {
  code: 'usage' | 'config' | 'failure';
  exitCode: number;
  message: string;
  issues?: ConfigIssue[];
}

export function errorReport(error: unknown): ErrorReport {
  const raw = error instanceof Error ? error.message : String(error);
  // Commander's own messages start with "error: " (it prints them that way on stderr).
  const message = redactString(error instanceof CommanderError ? raw.replace(/^error: /, '') : raw);
  if (error instanceof ConfigError)
    return {
      code: 'config',
      exitCode: EXIT.badInput,
      message,
      issues: error.issues.map((issue) => ({
        field: issue.field,
        message: redactString(issue.message),
        fix: redactString(issue.fix),
      })),
    };
  const exitCode = exitCodeFor(error);
  return { code: exitCode === EXIT.badInput ? 'usage' : 'failure', exitCode, message };
}
