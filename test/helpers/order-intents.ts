import type { OrderIntent } from '../../domain/orders/types.js';
import { T0 } from './clock.js';

function marketBuy(
  clientOrderId: string,
  account: string,
  quantity: number,
  decisionTime: number,
): OrderIntent {
  return {
    clientOrderId,
    account,
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'market',
    quantity,
    timeInForce: 'GTC',
    decisionTime,
  };
}

/** The unit tests' intent: a GTC limit buy of 1 BTCUSDT at 100 for `paper` (`k-1`), decided at T0. */
export function orderIntent(overrides: Partial<OrderIntent> = {}): OrderIntent {
  return { ...marketBuy('k-1', 'paper', 1, T0), type: 'limit', price: 100, ...overrides };
}

/** Client order ids `<prefix>-<time>-<n>`: unique across runs, in order within one. */
export function sequentialIds(prefix: string): () => string {
  let sequence = 0;
  return () => `${prefix}-${Date.now().toString(36)}-${sequence++}`;
}

/**
 * A maker of the integration tests' intents: a GTC market buy of `quantity` BTCUSDT for an account,
 * decided now, with a fresh client order id from `nextId`; `overrides` replace any field.
 */
export function intentMaker(
  nextId: () => string,
  quantity = 0.01,
): (account: string, overrides?: Partial<OrderIntent>) => OrderIntent {
  return (account, overrides = {}) => ({
    ...marketBuy(nextId(), account, quantity, Date.now()),
    ...overrides,
  });
}
