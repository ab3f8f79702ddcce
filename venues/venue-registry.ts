import { simulatorCredentials } from '../config/defaults.js';
import type { KeelConfig } from '../config/schema.js';
import { CcxtVenue } from './ccxt-venue.js';
import { VenueError } from './venue-errors.js';

/**
 * One venue connection per account, created on first use and reused (ccxt loads markets once).
 * Simulator accounts other than the profile's own use the simulator's development credentials
 * (`keel-sim-<account>-key`); a live venue serves only the configured account.
 */
export class VenueRegistry {
  private readonly venues = new Map<string, CcxtVenue>();

  constructor(private readonly config: KeelConfig) {}

  get venueName(): string {
    return this.config.venue.kind;
  }

  venueFor(account: string): CcxtVenue {
    const existing = this.venues.get(account);
    if (existing) return existing;
    const { venue, simulator } = this.config;
    let credentials: { apiKey: string; apiSecret: string };
    if (account === simulator.account.name || venue.kind !== 'simulator') {
      if (venue.kind !== 'simulator' && account !== simulator.account.name) {
        throw new VenueError(
          'final',
          'AUTHENTICATION',
          `no credentials for account "${account}" on ${venue.kind}`,
        );
      }
      credentials = { apiKey: venue.apiKey!, apiSecret: venue.apiSecret! };
    } else {
      credentials = simulatorCredentials(account);
    }
    const created = new CcxtVenue({
      kind: venue.kind,
      baseUrl: venue.baseUrl,
      timeoutMs: venue.requestTimeoutMs,
      recvWindowMs: venue.recvWindowMs,
      ...credentials,
    });
    this.venues.set(account, created);
    return created;
  }

  async close(): Promise<void> {
    await Promise.all([...this.venues.values()].map((venue) => venue.close()));
    this.venues.clear();
  }
}
