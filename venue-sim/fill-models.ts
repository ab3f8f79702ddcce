import { DEFAULT_FEE_TIERS, tieredFeeModel } from '../domain/execution/fees.js';
import { fixedLatency } from '../domain/execution/latency.js';
import type { FillModels, SlippageModel } from '../domain/execution/orders.js';
import {
  fixedBpsSlippage,
  halfSpreadSlippage,
  squareRootImpactSlippage,
  volatilityScaledSlippage,
} from '../domain/execution/slippage.js';
import type { AccountSpec } from '../contracts/venue-sim/account-spec.js';

/** The account's configured models, built from their spec (each swappable independently). */
export function fillModelsFor(spec: AccountSpec): FillModels {
  const { models } = spec;
  return {
    latency: fixedLatency(models.latencyMs),
    slippage: slippageFor(models.slippage),
    fees: tieredFeeModel(models.feeTiers ?? DEFAULT_FEE_TIERS),
    participationRate: models.participationRate,
  };
}

function slippageFor(spec: AccountSpec['models']['slippage']): SlippageModel {
  switch (spec.kind) {
    case 'fixedBps':
      return fixedBpsSlippage(spec.bps);
    case 'halfSpread':
      return halfSpreadSlippage(spec.spreadBps);
    case 'volatility':
      return volatilityScaledSlippage({ k: spec.k, lookbackBars: spec.lookbackBars });
    case 'sqrtImpact':
      return squareRootImpactSlippage({ y: spec.y, lookbackBars: spec.lookbackBars });
  }
}

/** Bars of history a slippage model may look at. */
export function lookbackFor(spec: AccountSpec): number {
  const slippage = spec.models.slippage;
  return 'lookbackBars' in slippage ? slippage.lookbackBars : 0;
}
