import { describe, expect, it } from 'vitest';
import { brierDecomposition, brierScore, type ProbabilityForecast } from '../../domain/metrics/brier.js';

const f = (probability: number, outcome: 0 | 1): ProbabilityForecast => ({ probability, outcome });

// Three forecast levels, equal within each bin (so the decomposition is exact):
//   0.9 → 1, 1, 0    (bin [0.9, 1]): n 3, p̄ 0.9, ō 2/3
//   0.2 → 0, 1, 0, 0 (bin [0.2, 0.3)): n 4, p̄ 0.2, ō 1/4
//   0.5 → 1          (bin [0.5, 0.6)): n 1, p̄ 0.5, ō 1
// BS = (0.01·2 + 0.81 + 0.04·3 + 0.64 + 0.25) / 8 = 1.84 / 8 = 0.23
// ō = 4/8 = 0.5 → UNC = 0.25
// REL = (3·(0.9 − 2/3)² + 4·(0.2 − 0.25)² + 1·(0.5 − 1)²) / 8 = (0.163333 + 0.01 + 0.25) / 8 = 0.0529167
// RES = (3·(2/3 − 0.5)² + 4·(0.25 − 0.5)² + 1·(1 − 0.5)²) / 8 = (0.083333 + 0.25 + 0.25) / 8 = 0.0729167
// REL − RES + UNC = 0.0529167 − 0.0729167 + 0.25 = 0.23 = BS.
const PAIRS = [f(0.9, 1), f(0.9, 1), f(0.9, 0), f(0.2, 0), f(0.2, 1), f(0.2, 0), f(0.2, 0), f(0.5, 1)];

describe('brierScore', () => {
  it('computes the hand-worked fixture', () => {
    expect(brierScore(PAIRS)).toBeCloseTo(0.23, 12);
  });

  it('is 0 for perfect forecasts, 1 for perfectly wrong ones, 0.25 for always 0.5', () => {
    expect(brierScore([f(1, 1), f(0, 0)])).toBe(0);
    expect(brierScore([f(0, 1), f(1, 0)])).toBe(1);
    expect(brierScore([f(0.5, 1), f(0.5, 0)])).toBe(0.25);
  });

  it('is NaN for no forecasts', () => {
    expect(brierScore([])).toBeNaN();
  });

  it('rejects a probability outside [0, 1] or a bad outcome, naming the index', () => {
    expect(() => brierScore([f(0.5, 1), f(1.2, 1)])).toThrow(/forecasts\[1\]\.probability/);
    expect(() => brierScore([f(NaN, 1)])).toThrow(RangeError);
    expect(() => brierScore([{ probability: 0.5, outcome: 2 as 1 }])).toThrow(/forecasts\[0\]\.outcome/);
  });
});

describe('brierDecomposition', () => {
  it('computes the hand-worked fixture, and the identity holds exactly', () => {
    const d = brierDecomposition(PAIRS);
    expect(d.brier).toBeCloseTo(0.23, 12);
    expect(d.uncertainty).toBe(0.25);
    expect(d.reliability).toBeCloseTo(0.0529167, 6);
    expect(d.resolution).toBeCloseTo(0.0729167, 6);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
  });

  it('lists only the non-empty bins, in order', () => {
    const { calibrationBins } = brierDecomposition(PAIRS);
    expect(calibrationBins.map((bin) => [bin.lower, bin.upper, bin.count])).toEqual([
      [0.2, 0.3, 4],
      [0.5, 0.6, 1],
      [0.9, 1, 3],
    ]);
    expect(calibrationBins[0]).toMatchObject({ meanForecast: 0.2, observedFrequency: 0.25 });
    expect(calibrationBins[2]!.observedFrequency).toBeCloseTo(2 / 3, 12);
  });

  it('puts a bin edge in the upper bin, and 1 in the last bin', () => {
    const bins = brierDecomposition([f(0, 0), f(0.1, 0), f(0.3, 1), f(1, 1)]).calibrationBins;
    expect(bins.map((bin) => bin.lower)).toEqual([0, 0.1, 0.3, 0.9]);
  });

  it('is close but not exact when forecasts within a bin differ', () => {
    // 0.81 and 0.89 share the bin [0.8, 0.9): p̄ 0.85, ō 0.5.
    // BS = (0.19² + 0.89²) / 2 = (0.0361 + 0.7921) / 2 = 0.4141
    // REL = (0.85 − 0.5)² = 0.1225, RES = 0, UNC = 0.25 → REL − RES + UNC = 0.3725;
    // the gap 0.0416 is within w²/4 + w/2 = 0.0525 for w = 0.1.
    const d = brierDecomposition([f(0.81, 1), f(0.89, 0)]);
    expect(d.brier).toBeCloseTo(0.4141, 12);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(0.3725, 12);
  });

  it('is NaN with no bins for no forecasts, and rejects a bad bin count', () => {
    const d = brierDecomposition([]);
    expect(d.brier).toBeNaN();
    expect(d.reliability).toBeNaN();
    expect(d.calibrationBins).toEqual([]);
    expect(() => brierDecomposition(PAIRS, 0)).toThrow(/bins/);
    expect(() => brierDecomposition(PAIRS, 2.5)).toThrow(/bins/);
  });
});
