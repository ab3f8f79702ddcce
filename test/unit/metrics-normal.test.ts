import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, normalCdf } from '../../domain/metrics/normal.js';

// Reference values from mpmath at 40 digits.
const CDF: readonly (readonly [number, number])[] = [
  [0, 0.5],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [2, 0.9772498680518208],
  [-3, 0.0013498980316300946],
  [0.5, 0.6914624612740131],
  [1.959964, 0.9750000009035577],
];

describe('normalCdf', () => {
  it('matches reference values to 1e-12', () => {
    for (const [x, p] of CDF) expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-12);
  });

  it('gives Φ(1.959964) = 0.975 to 1e-7', () => {
    expect(Math.abs(normalCdf(1.959964) - 0.975)).toBeLessThan(1e-7);
  });

  it('keeps relative accuracy deep in the lower tail', () => {
    // Φ(−10) = 7.619853024160527e−24, Φ(−5) = 2.866515718791939e−7.
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 9);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
  });

  it('handles the infinities and NaN', () => {
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('inverseNormalCdf', () => {
  it('matches reference quantiles', () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(inverseNormalCdf(0.5)).toBe(0);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232306167813, 11);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.326347874040841, 12);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404057, 9);
  });

  it('is ±Infinity at 0 and 1 and rejects values outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(() => inverseNormalCdf(1.5)).toThrow(RangeError);
    expect(() => inverseNormalCdf(NaN)).toThrow(RangeError);
  });
});
