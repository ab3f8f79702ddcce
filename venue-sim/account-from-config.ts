import type { KeelConfig } from '../config/schema.js';
import type { AccountSpecInput } from '../contracts/venue-sim/account-spec.js';

/** The profile's simulated account (e.g. `paper`), created by the simulator on first start. */
export function configuredAccount(config: KeelConfig): AccountSpecInput {
  const account = config.simulator.account;
  if (!config.venue.apiKey || !config.venue.apiSecret) {
    throw new Error(
      'the simulator account needs venue credentials (KEEL_VENUE_API_KEY / KEEL_VENUE_API_SECRET or the defaults)',
    );
  }
  return {
    name: account.name,
    apiKey: config.venue.apiKey,
    apiSecret: config.venue.apiSecret,
    balances: { ...account.startingBalances },
    symbols: [...account.symbols],
    dataset: {
      kind: 'synthetic',
      seed: account.seed,
      startTime: Date.parse(account.startTime),
      intervalMs: account.intervalMs,
      days: account.days,
    },
    clock: account.clock === 'driven' ? { mode: 'driven' } : { mode: 'realtime', speed: account.speed },
  };
}
