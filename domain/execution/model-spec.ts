// The execution models as a run describes them (latency, slippage, fees, participation), and the
// models built from that description. One builder for every runner: the simulator builds an
// account's models here, and a backtest of the same description gets the same models.
import { DEFAULT_FEE_TIERS, tieredFeeModel, type FeeTier } from './fees.js';
import { fixedLatency } from './latency.js';
import type { FillModels, SlippageModel } from './orders.js';
import {
  fixedBpsSlippage,
  halfSpreadSlippage,
  squareRootImpactSlippage,
  volatilityScaledSlippage,
} from './slippage.js';

export type SlippageSpec =
  | { kind: 'fixedBps'; bps: number }
  | { kind: 'halfSpread'; spreadBps: number }
  | { kind: 'volatility'; k: number; lookbackBars: number }
  | { kind: 'sqrtImpact'; y: number; lookbackBars: number };

export interface ModelSpec {
  latencyMs: number;
  slippage: SlippageSpec;
  participationRate: number;
  /** The simulator's Binance-like tiers (DEFAULT_FEE_TIERS) when absent. */
  feeTiers?: readonly FeeTier[];
}

/** The models a spec describes, each swappable independently. */
export function fillModelsOf(models: ModelSpec): FillModels {
  return {
    latency: fixedLatency(models.latencyMs),
    slippage: slippageOf(models.slippage),
    fees: tieredFeeModel(models.feeTiers ?? DEFAULT_FEE_TIERS),
    participationRate: models.participationRate,
  };
}

function slippageOf(spec: SlippageSpec): SlippageModel {
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

/** Bars of history the slippage model may look at. */
export function slippageLookback(models: ModelSpec): number {
  return 'lookbackBars' in models.slippage ? models.slippage.lookbackBars : 0;
}
