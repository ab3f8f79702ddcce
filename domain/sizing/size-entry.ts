import { floorToStep, QUOTE_DECIMALS, roundTo } from '../execution/decimals.js';
import { checkSizingInput } from './check-input.js';
import { targetQuantity } from './target-quantity.js';
import type { SizingInput, SizingLine, SizingResult } from './types.js';

/**
 * The quantity to buy on an entry, and the log line explaining it. Steps: the method's target →
 * notional caps (maxNotional, then maxLeverage × equity) → rounded DOWN to stepSize (float-safe:
 * 0.3 / 0.1 is 3 steps) → maxQty → below minQty or minNotional means no trade. riskOn false
 * (and a kelly bet without edge) gives quantity 0 with the reason. Throws a RangeError on invalid
 * input (see checkSizingInput). Pure: the same input always gives the same result.
 */
export function sizeEntry(input: SizingInput): SizingResult {
  checkSizingInput(input);
  const target = targetQuantity(input);
  const base = {
    symbol: input.symbol,
    method: input.method,
    probability: input.probability ?? null,
    riskOn: input.riskOn,
    sizeMultiplier: target.sizeMultiplier,
  };
  const skipped = (reason: string, cappedBy: string[] = []): SizingResult => ({
    quantity: 0,
    line: { ...base, riskQuote: 0, notional: 0, quantity: 0, cappedBy, skippedReason: reason },
  });
  if (!input.riskOn) return skipped('risk off');
  if (target.skippedReason !== null) return skipped(target.skippedReason);

  const { quantity: capped, cappedBy } = applyCaps(input, target.quantity);
  const { stepSize, minQty, minNotional } = input.rules;
  const quantity = floorToStep(capped, stepSize);
  const notional = roundTo(quantity * input.price, QUOTE_DECIMALS);
  if (quantity <= 0) return skipped(`quantity ${capped} rounds to 0 at stepSize ${stepSize}`, cappedBy);
  if (quantity < minQty) return skipped(`quantity ${quantity} below minQty ${minQty}`, cappedBy);
  if (notional < minNotional)
    return skipped(`notional ${notional} below minNotional ${minNotional}`, cappedBy);
  const line: SizingLine = {
    ...base,
    riskQuote: roundTo(riskQuote(input, quantity), QUOTE_DECIMALS),
    notional,
    quantity,
    cappedBy,
    skippedReason: null,
  };
  return { quantity, line };
}

/** Applies the caps in order, recording each one that reduced the quantity. */
function applyCaps(input: SizingInput, target: number): { quantity: number; cappedBy: string[] } {
  const { price, equity, maxNotional, maxLeverage } = input;
  const caps: [string, number | undefined][] = [
    ['maxNotional', maxNotional === undefined ? undefined : maxNotional / price],
    ['maxLeverage', maxLeverage === undefined ? undefined : (maxLeverage * equity) / price],
    // maxQty is itself rounded down to a step, so the clamped quantity stays on the grid.
    ['maxQty', floorToStep(input.rules.maxQty, input.rules.stepSize)],
  ];
  let quantity = target;
  const cappedBy: string[] = [];
  for (const [name, limit] of caps) {
    if (limit !== undefined && quantity > limit) {
      quantity = limit;
      cappedBy.push(name);
    }
  }
  return { quantity, cappedBy };
}

function riskQuote(input: SizingInput, quantity: number): number {
  switch (input.method) {
    case 'fixedFraction':
      return quantity * input.stopDistance!;
    case 'volatilityTarget':
      return quantity * input.price * input.realizedVolatility!;
    case 'kelly':
      return quantity * input.price;
  }
}
