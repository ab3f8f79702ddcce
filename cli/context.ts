import { loadConfig, type CliOverrides } from '../config/load.js';
import type { KeelConfig } from '../config/schema.js';
import { registerConfigSecrets } from '../stack/session.js';

/**
 * The configuration of a CLI command, with its secrets registered for redaction before anything
 * can print them. Long-running commands (worker, venue-sim) create their own logger.
 */
export function commandContext(overrides: CliOverrides): { config: KeelConfig } {
  const config = loadConfig({ cli: overrides });
  registerConfigSecrets(config);
  return { config };
}
