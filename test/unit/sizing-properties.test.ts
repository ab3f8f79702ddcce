// Property tests of sizeEntry over random valid inputs of every method, with and without caps:
// the quantity never breaks a cap or a lot rule, is a whole number of steps, is never more than
// the method asked for, is 0 when risk is off, and the log line agrees with the result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sizeEntry } from '../../domain/sizing/size-entry.js';
import type { SizingInput } from '../../domain/sizing/types.js';
import { isMultipleOfStep } from '../../domain/execution/decimals.js';

/**
 * value <= limit up to float noise: step rounding treats a value within 1e-9 of a step below a
 * multiple as that multiple (so 0.3 / 0.1 is 3 steps), which may exceed the limit by that much.
 */
const within = (value: number, limit: number, slack: number) => value <= limit * (1 + 1e-12) + slack;

const stepArb = fc.constantFrom(1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.5, 0.25, 5);
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true });

const inputArb: fc.Arbitrary<SizingInput> = fc
  .record({
    method: fc.constantFrom('fixedFraction' as const, 'volatilityTarget' as const, 'kelly' as const),
    equity: positive(1, 1e7),
    spotPrice: positive(0.01, 1e5),
    binaryPrice: positive(0.001, 0.999),
    riskOn: fc.boolean(),
    riskFraction: positive(1e-4, 1),
    stopDistance: positive(1e-4, 1e4),
    targetVolatility: positive(0.01, 2),
    realizedVolatility: fc.oneof(fc.constant(0), positive(0.001, 5)),
    baseFraction: positive(0.01, 3),
    scaleFloor: positive(0, 1),
    scaleSpan: positive(0, 3),
    probability: positive(0, 1),
    kellyFraction: positive(0.01, 1),
    maxNotional: fc.option(positive(0, 1e6)),
    maxLeverage: fc.option(positive(0.01, 5)),
    stepSize: stepArb,
    minSteps: fc.integer({ min: 0, max: 20 }),
    maxSteps: fc.integer({ min: 1, max: 1e7 }),
    minNotional: positive(0, 100),
  })
  .map((r) => ({
    symbol: 'XUSDT',
    method: r.method,
    equity: r.equity,
    price: r.method === 'kelly' ? r.binaryPrice : r.spotPrice,
    riskOn: r.riskOn,
    riskFraction: r.riskFraction,
    stopDistance: r.stopDistance,
    targetVolatility: r.targetVolatility,
    realizedVolatility: r.realizedVolatility,
    baseFraction: r.baseFraction,
    scaleFloor: r.scaleFloor,
    scaleCap: r.scaleFloor + r.scaleSpan + 0.01,
    probability: r.probability,
    kellyFraction: r.kellyFraction,
    ...(r.maxNotional === null ? {} : { maxNotional: r.maxNotional }),
    ...(r.maxLeverage === null ? {} : { maxLeverage: r.maxLeverage }),
    rules: {
      stepSize: r.stepSize,
      minQty: r.minSteps * r.stepSize,
      maxQty: Math.max(r.minSteps, r.maxSteps) * r.stepSize,
      minNotional: r.minNotional,
    },
  }));

/** The quantity the method asks for before caps and rounding, written out independently. */
function uncapped(input: SizingInput): number {
  if (input.method === 'fixedFraction') return (input.equity * input.riskFraction!) / input.stopDistance!;
  if (input.method === 'volatilityTarget') {
    const scale = Math.min(
      input.scaleCap!,
      Math.max(input.scaleFloor!, input.targetVolatility! / input.realizedVolatility!),
    );
    return (input.equity * input.baseFraction! * scale) / input.price;
  }
  const fStar = (input.probability! - input.price) / (1 - input.price);
  return (input.equity * input.kellyFraction! * Math.max(0, fStar)) / input.price;
}

describe('sizeEntry properties', () => {
  it('respects every cap and lot rule and never sizes above the target', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { quantity, line } = sizeEntry(input);
        const notional = quantity * input.price;
        const qtySlack = 1e-9 * input.rules.stepSize;
        const notionalSlack = qtySlack * input.price;
        expect(quantity).toBeGreaterThanOrEqual(0);
        expect(line.quantity).toBe(quantity);
        expect(isMultipleOfStep(quantity, input.rules.stepSize)).toBe(true);
        expect(within(quantity, input.rules.maxQty, qtySlack)).toBe(true);
        if (input.maxNotional !== undefined)
          expect(within(notional, input.maxNotional, notionalSlack)).toBe(true);
        if (input.maxLeverage !== undefined)
          expect(within(notional, input.maxLeverage * input.equity, notionalSlack)).toBe(true);
        expect(within(quantity, uncapped(input), qtySlack)).toBe(true);
        if (quantity > 0) {
          expect(quantity).toBeGreaterThanOrEqual(input.rules.minQty);
          expect(line.notional).toBeGreaterThanOrEqual(input.rules.minNotional);
          expect(line.skippedReason).toBeNull();
          expect(line.riskQuote).toBeGreaterThanOrEqual(0);
        } else {
          expect(line.skippedReason).not.toBeNull();
          expect([line.notional, line.riskQuote]).toEqual([0, 0]);
        }
        for (const value of [line.sizeMultiplier, line.notional, line.riskQuote]) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('sizes nothing when risk is off', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = sizeEntry({ ...input, riskOn: false });
        expect(result.quantity).toBe(0);
        expect(result.line.skippedReason).toBe('risk off');
      }),
    );
  });

  it('is deterministic and never sizes more under a tighter cap', () => {
    fc.assert(
      fc.property(inputArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, tighten) => {
        const loose = sizeEntry(input);
        expect(sizeEntry(structuredClone(input))).toEqual(loose);
        const cap = (input.maxNotional ?? loose.quantity * input.price) * tighten;
        expect(sizeEntry({ ...input, maxNotional: cap }).quantity).toBeLessThanOrEqual(loose.quantity);
      }),
    );
  });
});
