import { ConfigError } from '../config/errors.js';

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
  return error instanceof ConfigError || error instanceof UsageError ? EXIT.badInput : EXIT.failure;
}
