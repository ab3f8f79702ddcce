import { pino } from 'pino';
import { loadConfig, type CliOverrides } from '../config/load.js';
import type { KeelConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../runtime/logger.js';
import { registerConfigSecrets } from '../runtime/session.js';

/**
 * Configuration and logger for a CLI command. Command logs go to stderr as pino JSON so that
 * stdout carries only the command's answer (tables or --json).
 */
export function commandContext(
  overrides: CliOverrides,
  service = 'keel-cli',
): { config: KeelConfig; logger: Logger } {
  const config = loadConfig({ cli: overrides });
  registerConfigSecrets(config);
  const logger = createLogger({
    service,
    level: config.logging.level === 'info' ? 'warn' : config.logging.level,
    destination: pino.destination({ dest: 2, sync: true }),
  });
  return { config, logger };
}
