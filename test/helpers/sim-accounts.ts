import { simulatorCredentials } from '../../config/defaults.js';
import type { AccountSpecInput } from '../../contracts/venue-sim/account-spec.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import { accountSpec, type SimClient } from './venue-sim.js';

/** An account spec whose keys follow the simulator convention the worker derives (`keel-sim-<name>-key`). */
export type SimAccount = AccountSpecInput;

/**
 * Creates an account at the simulator with the worker's simulator credentials: by default a
 * driven-clock one (`accountSpec` plus `overrides`) whose clock is moved an hour in, so it has a
 * last price. `advanceBy: 0` leaves the clock where it is (a realtime account, say).
 */
export async function newSimAccount(
  sim: SimClient,
  overrides: Partial<AccountSpecInput> = {},
  { advanceBy = 3_600_000 }: { advanceBy?: number } = {},
): Promise<SimAccount> {
  const spec = accountSpec(overrides);
  const full = { ...spec, ...simulatorCredentials(spec.name) };
  await sim.createAccount(full);
  if (advanceBy > 0) await sim.advance(full.name, { by: advanceBy });
  return full;
}

/** Client order ids `<prefix>-<time>-<n>`: unique across runs, in order within one. */
export function sequentialIds(prefix: string): () => string {
  let sequence = 0;
  return () => `${prefix}-${Date.now().toString(36)}-${sequence++}`;
}

/**
 * A maker of order intents: a market buy of `quantity` BTCUSDT (GTC, decided now) for an account,
 * with a fresh client order id from `nextId`; `overrides` replace any field.
 */
export function intentMaker(
  nextId: () => string,
  quantity = 0.01,
): (account: string, overrides?: Partial<OrderIntent>) => OrderIntent {
  return (account, overrides = {}) => ({
    clientOrderId: nextId(),
    account,
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'market',
    quantity,
    timeInForce: 'GTC',
    decisionTime: Date.now(),
    ...overrides,
  });
}
