// Property tests of the metric definitions: invariances (Sharpe under scaling), ranges (drawdown,
// Brier, PSR), the Brier decomposition identity, and how the Sharpe interval moves with n.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brierDecomposition, brierScore, type ProbabilityForecast } from '../../domain/metrics/brier.js';
import { drawdownSeries, maxDrawdown } from '../../domain/metrics/drawdown.js';
import { inverseNormalCdf, normalCdf } from '../../domain/metrics/normal.js';
import { sharpeRatio } from '../../domain/metrics/ratios.js';
import { probabilisticSharpeRatio, sharpeConfidenceInterval } from '../../domain/metrics/sharpe-inference.js';

// Returns on a 1e-4 grid: realistic, and free of subnormals that scaling would round to 0.
const returnArb = fc.integer({ min: -5000, max: 5000 }).map((i) => i / 10_000);
const returnsArb = fc.array(returnArb, { minLength: 2, maxLength: 60 });
const equityArb = fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });
const forecastArb = (probability: fc.Arbitrary<number>): fc.Arbitrary<ProbabilityForecast> =>
  fc.record({ probability, outcome: fc.constantFrom<0 | 1>(0, 1) });
const forecastsArb = fc.array(forecastArb(fc.double({ min: 0, max: 1, noNaN: true })), {
  minLength: 1,
  maxLength: 80,
});
// Consistent moments: population kurtosis is always ≥ 1 + skew².
const momentsArb = fc
  .record({
    skew: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
    extra: fc.double({ min: 0, max: 20, noNaN: true }),
  })
  .map(({ skew, extra }) => ({ skew, kurt: 1 + skew * skew + extra }));

describe('Sharpe ratio properties', () => {
  it('is invariant under positive scaling of returns', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (returns, scale) => {
        const base = sharpeRatio(returns, 252);
        const scaled = sharpeRatio(
          returns.map((r) => r * scale),
          252,
        );
        if (Number.isNaN(base)) {
          expect(scaled).toBeNaN();
        } else {
          expect(Math.abs(scaled - base)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(base)));
        }
      }),
    );
  });
});

describe('drawdown properties', () => {
  it('keeps every drawdown in [0, 1), the maximum being the largest of the series', () => {
    fc.assert(
      fc.property(equityArb, (equity) => {
        const series = drawdownSeries(equity);
        const result = maxDrawdown(equity);
        for (const value of series) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
        expect(result.maxDrawdownPct).toBe(Math.max(...series));
        expect(result.peakIndex).toBeLessThanOrEqual(result.troughIndex);
        expect(result.longestDurationPeriods).toBeGreaterThanOrEqual(result.durationPeriods);
        if (result.recoveryIndex !== null)
          expect(result.recoveryIndex).toBeGreaterThanOrEqual(result.troughIndex);
      }),
    );
  });

  it('is 0 for non-decreasing equity', () => {
    fc.assert(
      fc.property(equityArb, (equity) => {
        const rising = [...equity].sort((a, b) => a - b);
        expect(maxDrawdown(rising).maxDrawdownPct).toBe(0);
        expect(drawdownSeries(rising).every((value) => value === 0)).toBe(true);
      }),
    );
  });
});

describe('Brier properties', () => {
  it('keeps the score in [0, 1] and the components in range', () => {
    fc.assert(
      fc.property(forecastsArb, (pairs) => {
        const d = brierDecomposition(pairs);
        expect(brierScore(pairs)).toBeGreaterThanOrEqual(0);
        expect(brierScore(pairs)).toBeLessThanOrEqual(1);
        expect(d.reliability).toBeGreaterThanOrEqual(0);
        expect(d.resolution).toBeGreaterThanOrEqual(0);
        expect(d.uncertainty).toBeLessThanOrEqual(0.25);
        expect(d.calibrationBins.reduce((sum, bin) => sum + bin.count, 0)).toBe(pairs.length);
      }),
    );
  });

  it('satisfies BS = REL − RES + UNC exactly when forecasts within a bin are equal', () => {
    // One forecast value per bin: the bin centres (k + 0.5) / 10.
    const centreArb = fc.integer({ min: 0, max: 9 }).map((k) => (k + 0.5) / 10);
    fc.assert(
      fc.property(fc.array(forecastArb(centreArb), { minLength: 1, maxLength: 80 }), (pairs) => {
        const d = brierDecomposition(pairs);
        expect(Math.abs(d.reliability - d.resolution + d.uncertainty - d.brier)).toBeLessThan(1e-12);
      }),
    );
  });

  it('stays within w²/4 + w/2 of the identity otherwise', () => {
    fc.assert(
      fc.property(forecastsArb, fc.integer({ min: 1, max: 50 }), (pairs, bins) => {
        const d = brierDecomposition(pairs, bins);
        const w = 1 / bins;
        const gap = Math.abs(d.reliability - d.resolution + d.uncertainty - d.brier);
        expect(gap).toBeLessThanOrEqual((w * w) / 4 + w / 2 + 1e-12);
      }),
    );
  });
});

describe('Sharpe inference properties', () => {
  const srArb = fc.double({ min: -1, max: 1, noNaN: true });
  const nArb = fc.integer({ min: 2, max: 10_000 });

  it('keeps PSR in [0, 1]', () => {
    fc.assert(
      fc.property(srArb, srArb, nArb, momentsArb, (sr, benchmark, n, { skew, kurt }) => {
        const psr = probabilisticSharpeRatio(sr, benchmark, n, skew, kurt);
        expect(psr).toBeGreaterThanOrEqual(0);
        expect(psr).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('makes PSR non-decreasing in sr', () => {
    // Against benchmark 0, d/dsr of the PSR argument has the sign of 1 − skew·sr/2, positive here
    // (|skew·sr| ≤ 1.5); for skew·sr > 2 the growing variance term would outrun sr.
    fc.assert(
      fc.property(srArb, srArb, nArb, momentsArb, (a, b, n, { skew, kurt }) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const psrLow = probabilisticSharpeRatio(low, 0, n, skew, kurt);
        const psrHigh = probabilisticSharpeRatio(high, 0, n, skew, kurt);
        expect(psrHigh).toBeGreaterThanOrEqual(psrLow - 1e-15);
      }),
    );
  });

  it('gives an interval that contains sr and widens as n falls', () => {
    fc.assert(
      fc.property(srArb, nArb, nArb, momentsArb, (sr, a, b, { skew, kurt }) => {
        const [few, many] = a <= b ? [a, b] : [b, a];
        const wide = sharpeConfidenceInterval(sr, few, skew, kurt);
        const narrow = sharpeConfidenceInterval(sr, many, skew, kurt);
        expect(wide.lower).toBeLessThanOrEqual(sr);
        expect(wide.upper).toBeGreaterThanOrEqual(sr);
        expect(wide.upper - wide.lower).toBeGreaterThanOrEqual(narrow.upper - narrow.lower);
      }),
    );
  });

  it('inverts the normal CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(inverseNormalCdf(p)) - p)).toBeLessThanOrEqual(1e-14 + 1e-12 * p);
      }),
    );
  });
});
