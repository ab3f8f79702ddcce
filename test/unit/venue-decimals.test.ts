import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ceilToStep,
  decimalsOf,
  floorToStep,
  isMultipleOfStep,
  roundTo,
} from '../../domain/execution/decimals.js';

describe('decimalsOf', () => {
  it.each([
    [0.001, 3],
    [1, 0],
    [1e-8, 8],
    [0.00001, 5],
    [0.1, 1],
    [0.25, 2],
    [0.5, 1],
    [5, 0],
    [10, 0],
    [0.1 + 0.2, 1], // binary noise in a step is forgiven
  ])('decimalsOf(%d) = %d', (step, decimals) => {
    expect(decimalsOf(step)).toBe(decimals);
  });

  it('refuses steps that are not finite positive decimals', () => {
    for (const step of [0, -0.01, Number.NaN, Number.POSITIVE_INFINITY, 1 / 3, 2 / 3, 1e-20]) {
      expect(() => decimalsOf(step)).toThrow(RangeError);
    }
  });
});

describe('roundTo', () => {
  it('rounds half away from zero despite binary representation', () => {
    expect(roundTo(1.005, 2)).toBe(1.01); // 1.005 × 100 is 100.49999999999999
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(1.0049, 2)).toBe(1);
  });

  it('cleans float noise to the nearest decimal', () => {
    expect(roundTo(0.1 + 0.2, 8)).toBe(0.3);
    expect(roundTo(7.000000000000001, 8)).toBe(7);
    expect(roundTo(123.456789123, 8)).toBe(123.45678912);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundTo(-0.0000001, 2), 0)).toBe(true);
    expect(Object.is(roundTo(-0, 8), 0)).toBe(true);
  });

  it('leaves values too large to carry the decimals unchanged', () => {
    expect(roundTo(1e17 + 16, 8)).toBe(1e17 + 16);
  });

  it('refuses non-finite values and bad decimals', () => {
    expect(() => roundTo(Number.NaN, 2)).toThrow(RangeError);
    expect(() => roundTo(1, -1)).toThrow(RangeError);
    expect(() => roundTo(1, 1.5)).toThrow(RangeError);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        (v, d) => {
          const once = roundTo(v, d);
          expect(roundTo(once, d)).toBe(once);
          expect(Math.abs(once - v)).toBeLessThanOrEqual(0.5 * 10 ** -d + Math.abs(v) * 1e-15);
        },
      ),
    );
  });
});

describe('floorToStep / ceilToStep / isMultipleOfStep', () => {
  it('treats values within float noise of a multiple as that multiple', () => {
    expect(0.3 / 0.1).toBeLessThan(3); // the trap these helpers exist for
    expect(isMultipleOfStep(0.3, 0.1)).toBe(true);
    expect(isMultipleOfStep(0.1 + 0.2, 0.1)).toBe(true);
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(ceilToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(floorToStep(3 * 1e-8, 1e-8)).toBe(3e-8);
    expect(floorToStep(9000, 1e-8)).toBe(9000);
    // Differences keep their operands' error: 4 − 3.999 is 0.0009999999999998899.
    expect(floorToStep(4 - 3.999, 0.001)).toBe(0.001);
    expect(isMultipleOfStep(0.3 - 0.1, 0.1)).toBe(true);
  });

  it('floors and ceils off-grid values to the neighbouring multiples', () => {
    expect(floorToStep(0.35, 0.1)).toBe(0.3);
    expect(ceilToStep(0.35, 0.1)).toBe(0.4);
    expect(floorToStep(1.23456789, 0.001)).toBe(1.234);
    expect(ceilToStep(1.23456789, 0.001)).toBe(1.235);
    expect(floorToStep(100.019999, 0.01)).toBe(100.01);
    expect(ceilToStep(100.000001, 0.01)).toBe(100.01);
    expect(floorToStep(17, 5)).toBe(15);
    expect(ceilToStep(17, 5)).toBe(20);
    expect(floorToStep(0.0004, 0.001)).toBe(0);
  });

  it('tells multiples from non-multiples', () => {
    expect(isMultipleOfStep(100.01, 0.01)).toBe(true);
    expect(isMultipleOfStep(100.015, 0.01)).toBe(false);
    expect(isMultipleOfStep(0.35, 0.1)).toBe(false);
    expect(isMultipleOfStep(100.0000001, 0.01)).toBe(false);
    expect(isMultipleOfStep(20, 5)).toBe(true);
    expect(isMultipleOfStep(0, 0.01)).toBe(true);
  });

  // Each step as (integer units, decimals), so expected values are built from decimal strings.
  const steps: [number, number, number][] = [
    [1e-8, 1, 8],
    [0.00001, 1, 5],
    [0.001, 1, 3],
    [0.01, 1, 2],
    [0.1, 1, 1],
    [0.25, 25, 2],
    [1, 1, 0],
    [5, 5, 0],
  ];

  it('maps any whole number of steps, however computed, to its clean decimal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...steps),
        fc.integer({ min: 0, max: 10_000_000 }),
        ([step, units, d], k) => {
          const expected = Number(`${k * units}e-${d}`);
          expect(isMultipleOfStep(k * step, step)).toBe(true);
          expect(floorToStep(k * step, step)).toBe(expected);
          expect(ceilToStep(k * step, step)).toBe(expected);
          expect(roundTo(k * step, d)).toBe(expected);
        },
      ),
    );
  });

  it('brackets any value between adjacent multiples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...steps), fc.double({ min: 0, max: 1e6, noNaN: true }), ([step], v) => {
        const low = floorToStep(v, step);
        const high = ceilToStep(v, step);
        // Within 1e-9 steps or binary noise of a multiple, a value counts as that multiple.
        const slack = step * 1e-9 + v * 1e-14;
        expect(low).toBeLessThanOrEqual(v + slack);
        expect(high).toBeGreaterThanOrEqual(v - slack);
        expect(high - low).toBeLessThanOrEqual(step + slack);
        expect(isMultipleOfStep(low, step)).toBe(true);
        expect(isMultipleOfStep(high, step)).toBe(true);
      }),
    );
  });
});
