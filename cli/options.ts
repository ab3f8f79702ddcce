import { echoValue } from '../contracts/orders/intent-schema.js';
import { InvalidArgumentError, type Command } from 'commander';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../domain/account-name.js';
import type { CliOverrides } from '../config/load.js';
import { UsageError } from './exit-codes.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  }
  return port;
}

export function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return parsed;
}

export function parseNonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of at least 0.');
  return parsed;
}

/**
 * An account name from --account (or the profile's default), checked before anything connects: the
 * same rule as the configuration's account names and the export's directory names.
 */
export function checkAccount(account: string, flag = '--account'): string {
  if (!ACCOUNT_NAME_PATTERN.test(account))
    throw new UsageError(
      `${flag} ${echoValue(account)} is not an account name: use ${ACCOUNT_NAME_RULE} (e.g. paper)`,
    );
  return account;
}

/** The global options every command accepts (given before or after the subcommand). */
export function globalOverrides(command: Command): CliOverrides {
  const options = command.optsWithGlobals<{ profile?: string; dataDir?: string }>();
  return { profile: options.profile, dataDir: options.dataDir };
}
