import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/project-root.js';

export const TEMPORAL_CLI_VERSION = readFileSync(
  path.join(PROJECT_ROOT, '.temporal-cli-version'),
  'utf8',
).trim();

/** Where scripts/install-temporal puts the pinned binary. */
export function temporalBinaryPath(): string {
  return path.join(PROJECT_ROOT, '.tools', 'temporal', TEMPORAL_CLI_VERSION, 'bin', 'temporal');
}

export function requireTemporalBinary(): string {
  const binary = temporalBinaryPath();
  if (!existsSync(binary)) {
    throw new Error(
      `the temporal CLI ${TEMPORAL_CLI_VERSION} is not installed at ${binary}. ` +
        'Fix: run scripts/install-temporal (scripts/setup does it for you).',
    );
  }
  return binary;
}
