import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../lib/ports.js';
import { createLogger } from '../../lib/logger.js';
import { startVenueSimServer, type VenueSimServer } from '../../venue-sim/server.js';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import { useTestStack } from '../helpers/test-stack.js';
import { accountSpec, venueError } from '../helpers/venue-sim.js';

// Found by the chaos run: a worker whose first venue call came while the simulator was down kept
// failing for minutes after it was back (ccxt caches its failed market load), until the worker was
// restarted. A venue connection must reach the venue again as soon as it answers.
const { pool } = useTestStack({ temporal: false });
let server: VenueSimServer | undefined;
afterAll(async () => server?.close());

describe('a venue connection whose venue was down at its first call', () => {
  it('reaches the venue once it is back', async () => {
    const port = await findFreePort();
    const spec = accountSpec();
    const venue = new CcxtVenue({
      kind: 'simulator',
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: spec.apiKey,
      apiSecret: spec.apiSecret,
      timeoutMs: 2_000,
    });
    try {
      const down = await venueError(venue.instrument('BTCUSDT'));
      expect(down).toBeInstanceOf(VenueError);
      expect(down.outcome).toBe('retryable');

      server = await startVenueSimServer({
        pool,
        logger: createLogger({ service: 'test-sim', level: 'warn' }),
        host: '127.0.0.1',
        port,
        defaultAccount: spec,
      });
      expect(await venue.instrument('BTCUSDT')).toMatchObject({ baseAsset: 'BTC', quoteAsset: 'USDT' });
    } finally {
      await venue.close();
    }
  });
});
