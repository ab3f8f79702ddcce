import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../lib/logger.js';
import { globalOverrides, parsePort } from '../options.js';

export function registerVenueSimCommand(program: Command): void {
  program
    .command('venue-sim')
    .description(
      'Run the venue simulator: Binance Spot REST v3 (the subset ccxt uses) under /api/v3, admin API under /sim ' +
        "(GET /sim lists it). State in PostgreSQL (schema venue_sim). Creates the profile's account (paper) on first start.",
    )
    .option('--port <port>', 'listen port (default 8091, or KEEL_SIM_PORT)', parsePort)
    .option('--host <host>', 'listen address (default the stack bind host, 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }, command: Command) => {
      const config = loadConfig({ cli: { ...globalOverrides(command), simPort: options.port } });
      const logger = createLogger({ service: 'keel-venue-sim', level: config.logging.level });
      const { runVenueSimulator } = await import('../../venue-sim/run.js');
      await runVenueSimulator(config, logger, options.host ?? config.stack.bindHost);
    });
}
