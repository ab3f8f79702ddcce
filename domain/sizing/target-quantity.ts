import type { SizingInput } from './types.js';

/** What a sizing method asks for, before caps and lot rounding. */
export interface SizingTarget {
  /** Units of the instrument, unrounded. */
  quantity: number;
  sizeMultiplier: number;
  /** Set when the method itself declines to trade (a kelly bet without edge). */
  skippedReason: string | null;
}

/** The method's target for an input already checked by checkSizingInput. */
export function targetQuantity(input: SizingInput): SizingTarget {
  const { equity, price } = input;
  switch (input.method) {
    case 'fixedFraction':
      // Computed as a quantity directly (not via a notional) so 0.3 / 0.1 style inputs stay exact.
      return {
        quantity: (equity * input.riskFraction!) / input.stopDistance!,
        sizeMultiplier: 1,
        skippedReason: null,
      };
    case 'volatilityTarget': {
      // A realised volatility of 0 gives an infinite ratio, which the clamp turns into scaleCap.
      const ratio = input.targetVolatility! / input.realizedVolatility!;
      const scale = Math.min(input.scaleCap!, Math.max(input.scaleFloor!, ratio));
      return {
        quantity: (equity * input.baseFraction! * scale) / price,
        sizeMultiplier: scale,
        skippedReason: null,
      };
    }
    case 'kelly': {
      const p = input.probability!;
      // Full Kelly for a contract paying 1 bought at `price`: the win pays (1 − price)/price per unit staked.
      const fullKelly = (p - price) / (1 - price);
      const sizeMultiplier = input.kellyFraction! * Math.max(0, fullKelly);
      return {
        quantity: (equity * sizeMultiplier) / price,
        sizeMultiplier,
        skippedReason: fullKelly > 0 ? null : `no edge: probability ${p} <= price ${price}`,
      };
    }
  }
}
