import type { FillModels } from '../domain/execution/orders.js';
import { fillModelsOf, slippageLookback } from '../domain/execution/model-spec.js';
import type { AccountSpec } from '../contracts/venue-sim/account-spec.js';

/** The account's configured models, built from their spec (domain/execution/model-spec.ts). */
export function fillModelsFor(spec: AccountSpec): FillModels {
  return fillModelsOf(spec.models);
}

/** Bars of history the account's slippage model may look at. */
export function lookbackFor(spec: AccountSpec): number {
  return slippageLookback(spec.models);
}
