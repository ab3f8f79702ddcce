import { describe, expect, it } from 'vitest';
import { kurtosis, mean, sampleStd, skewness } from '../../domain/metrics/moments.js';

describe('moments', () => {
  // x = [1, 2, 3, 10]: mean 16/4 = 4; deviations −3, −2, −1, 6.
  // Σd² = 9 + 4 + 1 + 36 = 50 → sample std sqrt(50/3) = 4.0824829, m2 = 50/4 = 12.5
  // Σd³ = −27 − 8 − 1 + 216 = 180 → m3 = 45; skew = 45 / 12.5^1.5 = 45 / 44.194174 = 1.0182338
  // Σd⁴ = 81 + 16 + 1 + 1296 = 1394 → m4 = 348.5; kurt = 348.5 / 12.5² = 348.5 / 156.25 = 2.2304
  const x = [1, 2, 3, 10];

  it('computes the hand-worked fixture', () => {
    expect(mean(x)).toBe(4);
    expect(sampleStd(x)).toBeCloseTo(Math.sqrt(50 / 3), 12);
    expect(sampleStd(x)).toBeCloseTo(4.0824829, 6);
    expect(skewness(x)).toBeCloseTo(1.0182338, 6);
    expect(kurtosis(x)).toBeCloseTo(2.2304, 12);
  });

  it('is symmetric: a mirrored sample has opposite skewness and the same kurtosis', () => {
    const mirrored = x.map((v) => -v);
    expect(skewness(mirrored)).toBeCloseTo(-skewness(x), 12);
    expect(kurtosis(mirrored)).toBeCloseTo(kurtosis(x), 12);
  });

  it('is NaN where the moment does not exist', () => {
    expect(mean([])).toBeNaN();
    expect(sampleStd([])).toBeNaN();
    expect(sampleStd([5])).toBeNaN();
    expect(skewness([])).toBeNaN();
    expect(kurtosis([])).toBeNaN();
    // Zero variance: no scale to standardise by.
    expect(skewness([2, 2, 2])).toBeNaN();
    expect(kurtosis([2, 2, 2])).toBeNaN();
  });

  it('gives exactly 0 std for a constant series, even where the rounded mean is not exact', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the mean is not 0.1 and the naive deviations are not 0.
    expect(sampleStd([0.1, 0.1, 0.1])).toBe(0);
  });

  it('uses the population (biased) estimators: kurtosis of ±1 is 1, skewness 0', () => {
    // [−1, 1]: m2 = 1, m3 = 0, m4 = 1 → skew 0, kurt 1 (the minimum, 1 + skew²).
    expect(skewness([-1, 1])).toBe(0);
    expect(kurtosis([-1, 1])).toBe(1);
  });
});
