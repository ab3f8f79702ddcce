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

describe('Mertens standard error and interval', () => {
  it('reduces to sqrt((1 + sr²/2) / n) for normal returns', () => {
    // sr 0.1, skew 0, kurt 3: V = 1 + (2/4)·0.01 = 1.005; SE = sqrt(1.005 / 100) = 0.1002497
    expect(sharpeStandardError(0.1, 100, 0, 3)).toBeCloseTo(0.1002497, 6);
    // 95 %: 0.1 ± 1.959964 × 0.1002497 = 0.1 ± 0.1964854
    const ci = sharpeConfidenceInterval(0.1, 100, 0, 3);
    expect(ci.lower).toBeCloseTo(-0.0964854, 6);
    expect(ci.upper).toBeCloseTo(0.2964854, 6);
  });

  it('widens for negative skew and fat tails', () => {
    // sr 0.2, skew −1, kurt 6: V = 1 + 0.2 + (5/4)·0.04 = 1.25; n 125 → SE = sqrt(0.01) = 0.1
    expect(sharpeEstimatorVariance(0.2, -1, 6)).toBeCloseTo(1.25, 12);
    expect(sharpeStandardError(0.2, 125, -1, 6)).toBeCloseTo(0.1, 12);
    const ci = sharpeConfidenceInterval(0.2, 125, -1, 6, 0.95);
    expect(ci.upper - ci.lower).toBeCloseTo(2 * Z975 * 0.1, 12);
  });

  it('uses the requested confidence', () => {
    // 90 %: z = 1.6448536
    const ci = sharpeConfidenceInterval(0.2, 125, -1, 6, 0.9);
    expect(ci.upper - 0.2).toBeCloseTo(0.16448536, 7);
    expect(() => sharpeConfidenceInterval(0.2, 125, -1, 6, 1)).toThrow(/confidence/);
  });

  it('is NaN without observations or with inconsistent moments', () => {
    expect(sharpeStandardError(0.2, 0, 0, 3)).toBeNaN();
    expect(sharpeStandardError(NaN, 10, 0, 3)).toBeNaN();
    // kurt 0 < 1 + skew² is impossible; V = 1 − 0.25·4 − … < 0.
    expect(sharpeStandardError(2, 10, 0, -3)).toBeNaN();
  });
});

describe('observations for an interval width', () => {
  it('computes ceil(4 z² V / width²)', () => {
    // V = 1.25, width 0.1: 4 × 3.8414588 × 1.25 / 0.01 = 1920.73 → 1921
    expect(observationsForIntervalWidth(0.2, -1, 6, 0.1)).toBe(1921);
    // With 125 already: 1921 − 125 = 1796 more; with 5000, none.
    expect(furtherObservationsNeeded(125, 0.2, -1, 6, 0.1)).toBe(1796);
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
  it('computes Φ((sr − sr*)·sqrt(n − 1) / sqrt(V))', () => {
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
