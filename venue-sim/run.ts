import type { KeelConfig } from '../config/schema.js';
import { assertSchemaCompatible, schemaStatus } from '../store/migrations.js';
import { assertReachable, createPool } from '../store/pool.js';
import type { Logger } from '../lib/logger.js';
import { logStartup, newSessionId, recordConfigSnapshot, registerConfigSecrets } from '../stack/session.js';
import { PortInUseError } from '../lib/ports.js';
import { configuredAccount } from './account-from-config.js';
import { startVenueSimServer } from './server.js';

/** `keel venue-sim`: serve until SIGTERM/SIGINT, then close connections and exit cleanly. */
export async function runVenueSimulator(config: KeelConfig, logger: Logger, host: string): Promise<void> {
  const sessionId = newSessionId('venue-sim');
  registerConfigSecrets(config);
  logStartup(logger, config, { sessionId, kind: 'venue-sim' });
  const pool = createPool(config.database.url, { applicationName: `keel-venue-sim ${sessionId}` });
  try {
    await assertReachable(pool, config.database.url);
    assertSchemaCompatible(await schemaStatus(pool), { allowPending: false });
    await recordConfigSnapshot(pool, config, { sessionId, kind: 'venue-sim' });
    const server = await startVenueSimServer({
      pool,
      logger,
      host,
      port: config.simulator.port,
      defaultAccount: config.venue.kind === 'simulator' ? configuredAccount(config) : undefined,
      faults: [...config.simulator.faults],
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new PortInUseError(
          host,
          config.simulator.port,
          'simulator.port',
          'stop that process, or pass --port / set KEEL_SIM_PORT',
        );
      }
      throw error;
    });
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve());
    });
    logger.info('venue simulator stopping');
    await server.close();
  } finally {
    await pool.end();
  }
}
