import { describe, expect, it } from 'vitest';
import {
  furtherObservationsNeeded,
  observationsForIntervalWidth,
  probabilisticSharpeRatio,
  sharpeConfidenceInterval,
  sharpeEstimatorVariance,
  sharpeStandardError,
} from '../../domain/metrics/sharpe-inference.js';

const Z975 = 1.959963984540054;

// One convention for the standard error, SE = sqrt(V / (n − 1)) with Mertens' V (Bailey & López de
// Prado 2012). Every expected value below is worked by hand from that formula (Python's
// statistics.NormalDist for Φ and Φ⁻¹), not read off a library using V / n.
describe('standard error and interval', () => {
  it('reduces to sqrt((1 + sr²/2) / (n − 1)) for normal returns', () => {
    // sr 0.1, skew 0, kurt 3: V = 1 + (2/4)·0.01 = 1.005; SE = sqrt(1.005 / 99) = 0.1007547
    expect(sharpeStandardError(0.1, 100, 0, 3)).toBeCloseTo(0.1007547, 6);
    // 95 %: 0.1 ± 1.959964 × 0.1007547 = 0.1 ± 0.1974756
    const ci = sharpeConfidenceInterval(0.1, 100, 0, 3);
    expect(ci.lower).toBeCloseTo(-0.0974756, 6);
    expect(ci.upper).toBeCloseTo(0.2974756, 6);
  });

  it('widens for negative skew and fat tails', () => {
    // sr 0.2, skew −1, kurt 6: V = 1 + 0.2 + (5/4)·0.04 = 1.25; n 126 → SE = sqrt(1.25 / 125) = 0.1
    expect(sharpeEstimatorVariance(0.2, -1, 6)).toBeCloseTo(1.25, 12);
    expect(sharpeStandardError(0.2, 126, -1, 6)).toBeCloseTo(0.1, 12);
    const ci = sharpeConfidenceInterval(0.2, 126, -1, 6, 0.95);
    expect(ci.upper - ci.lower).toBeCloseTo(2 * Z975 * 0.1, 12);
  });

  it('uses the requested confidence', () => {
    // 90 %: z = 1.6448536
    const ci = sharpeConfidenceInterval(0.2, 126, -1, 6, 0.9);
    expect(ci.upper - 0.2).toBeCloseTo(0.16448536, 7);
    expect(() => sharpeConfidenceInterval(0.2, 126, -1, 6, 1)).toThrow(/confidence/);
  });

  it('is NaN with fewer than two observations or with inconsistent moments', () => {
    expect(sharpeStandardError(0.2, 0, 0, 3)).toBeNaN();
    expect(sharpeStandardError(0.2, 1, 0, 3)).toBeNaN();
    expect(sharpeStandardError(NaN, 10, 0, 3)).toBeNaN();
    // kurt 0 < 1 + skew² is impossible; V = 1 − 0.25·4 − … < 0.
    expect(sharpeStandardError(2, 10, 0, -3)).toBeNaN();
  });
});

describe('observations for an interval width', () => {
  it('computes ceil(4 z² V / width²) + 1', () => {
    // V = 1.25, width 0.1: n − 1 ≥ 4 × 3.8414588 × 1.25 / 0.01 = 1920.73 → n − 1 = 1921, n = 1922
    expect(observationsForIntervalWidth(0.2, -1, 6, 0.1)).toBe(1922);
    // With 125 already: 1922 − 125 = 1797 more; with 5000, none.
    expect(furtherObservationsNeeded(125, 0.2, -1, 6, 0.1)).toBe(1797);
    expect(furtherObservationsNeeded(5000, 0.2, -1, 6, 0.1)).toBe(0);
  });

  it('gives an interval no wider than the target at that n', () => {
    const n = observationsForIntervalWidth(0.2, -1, 6, 0.1);
    const at = (k: number) => {
      const ci = sharpeConfidenceInterval(0.2, k, -1, 6);
      return ci.upper - ci.lower;
    };
    expect(at(n)).toBeLessThanOrEqual(0.1);
    expect(at(n - 1)).toBeGreaterThan(0.1);
  });

  it('rejects a non-positive width and is NaN for an undefined Sharpe ratio', () => {
    expect(() => observationsForIntervalWidth(0.2, 0, 3, 0)).toThrow(/width/);
    expect(furtherObservationsNeeded(10, NaN, 0, 3, 0.1)).toBeNaN();
  });
});

describe('probabilisticSharpeRatio', () => {
  it('computes Φ((sr − sr*) / SE) = Φ((sr − sr*)·sqrt(n − 1) / sqrt(V))', () => {
    // sr 0.2, sr* 0, n 126, skew −1, kurt 6: sqrt(125) / sqrt(1.25) = 10 → Φ(0.2 × 10) = Φ(2) = 0.9772499
    expect(probabilisticSharpeRatio(0.2, 0, 126, -1, 6)).toBeCloseTo(0.9772499, 6);
  });

  it('is 0.5 when the estimate equals the benchmark', () => {
    expect(probabilisticSharpeRatio(0.3, 0.3, 50, 0.5, 4)).toBe(0.5);
  });

  it('is NaN for fewer than two observations', () => {
    expect(probabilisticSharpeRatio(0.2, 0, 1, 0, 3)).toBeNaN();
  });
});

describe('one standard error for the interval and the PSR', () => {
  const cases = [
    { sr: 0.1, n: 100, skew: 0, kurt: 3 },
    { sr: 0.2, n: 126, skew: -1, kurt: 6 },
    { sr: 0.5860529, n: 4, skew: -0.2439429, kurt: 1.7445192 },
    { sr: -0.3, n: 37, skew: 0.8, kurt: 5.5 },
  ];

  it('puts PSR at (1 + c)/2 against the lower bound and (1 − c)/2 against the upper bound', () => {
    for (const { sr, n, skew, kurt } of cases)
      for (const confidence of [0.9, 0.95, 0.99]) {
        const ci = sharpeConfidenceInterval(sr, n, skew, kurt, confidence);
        expect(probabilisticSharpeRatio(sr, ci.lower, n, skew, kurt)).toBeCloseTo((1 + confidence) / 2, 12);
        expect(probabilisticSharpeRatio(sr, ci.upper, n, skew, kurt)).toBeCloseTo((1 - confidence) / 2, 12);
      }
  });

  it("reads the interval's standard error back out of the PSR", () => {
    for (const { sr, n, skew, kurt } of cases) {
      const se = sharpeConfidenceInterval(sr, n, skew, kurt).standardError;
      expect(se).toBe(sharpeStandardError(sr, n, skew, kurt));
      // PSR against sr − SE is Φ(1) = 0.8413447 exactly when the PSR divides by the same SE.
      expect(probabilisticSharpeRatio(sr, sr - se, n, skew, kurt)).toBeCloseTo(0.8413447460685429, 12);
    }
  });
});
