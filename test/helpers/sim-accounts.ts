import { simulatorCredentials } from '../../config/defaults.js';
import type { AccountSpecInput } from '../../contracts/venue-sim/account-spec.js';
import type { CcxtVenue } from '../../venues/ccxt-venue.js';
import type { PlaceOrderRequest, VenueSide } from '../../venues/venue.js';
import { accountSpec, type SimClient } from './venue-sim.js';

/** An account created at the simulator, with a ccxt venue on its keys. */
export type SimAccount = AccountSpecInput & { venue: CcxtVenue };

/**
 * Creates an account at the simulator: by default a driven-clock one (`accountSpec` plus
 * `overrides`) whose clock is moved an hour in, so it has a last price; `advanceBy: 0` leaves the
 * clock where it is (a realtime account, say). Its keys follow the simulator convention the worker
 * derives (`keel-sim-<name>-key`), or with `ownKeys` are the spec's own (a client that is not Keel).
 */
export async function newSimAccount(
  sim: SimClient,
  overrides: Partial<AccountSpecInput> = {},
  { advanceBy = 3_600_000, ownKeys = false }: { advanceBy?: number; ownKeys?: boolean } = {},
): Promise<SimAccount> {
  const spec = accountSpec(overrides);
  const full = ownKeys ? spec : { ...spec, ...simulatorCredentials(spec.name) };
  await sim.createAccount(full);
  if (advanceBy > 0) await sim.advance(full.name, { by: advanceBy });
  return { ...full, venue: sim.venue(full) };
}

/** A market order as a client sends it to the venue (BTCUSDT unless `symbol` says otherwise). */
export function marketOrder(
  clientOrderId: string,
  side: VenueSide,
  quantity: number,
  symbol = 'BTCUSDT',
): PlaceOrderRequest {
  return { clientOrderId, symbol, side, type: 'market', quantity };
}

/** A limit order as a client sends it to the venue (BTCUSDT unless `symbol` says otherwise). */
export function limitOrder(
  clientOrderId: string,
  side: VenueSide,
  quantity: number,
  price: number,
  symbol = 'BTCUSDT',
): PlaceOrderRequest {
  return { clientOrderId, symbol, side, type: 'limit', quantity, price };
}

/** A resting limit buy of 0.001 BTCUSDT at `price`, placed at the venue directly: an order Keel did not place. */
export function placeByHand(venue: CcxtVenue, clientOrderId: string, price: number) {
  return venue.placeOrder(limitOrder(clientOrderId, 'buy', 0.001, price));
}
