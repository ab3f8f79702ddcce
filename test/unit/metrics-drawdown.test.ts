import { describe, expect, it } from 'vitest';
import { calmarRatio, drawdownSeries, maxDrawdown } from '../../domain/metrics/drawdown.js';

describe('drawdownSeries', () => {
  it('is the fraction below the running peak', () => {
    // peaks 100, 120, 120, 120, 130, 130, 130
    // 0, 0, 30/120 = 0.25, 10/120 = 0.0833333, 0, 13/130 = 0.1, 5/130 = 0.0384615
    const series = drawdownSeries([100, 120, 90, 110, 130, 117, 125]);
    const expected = [0, 0, 0.25, 10 / 120, 0, 0.1, 5 / 130];
    series.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
  });

  it('is empty for no points', () => {
    expect(drawdownSeries([])).toEqual([]);
  });

  it('rejects non-positive equity', () => {
    expect(() => drawdownSeries([100, -5])).toThrow(/equity\[1\]/);
  });
});

describe('maxDrawdown', () => {
  it('finds the deepest drawdown, its peak, trough and recovery', () => {
    // Deepest: 120 (index 1) → 90 (index 2) = 25 %, recovered at index 4 (130 ≥ 120; 110 is not):
    // duration 4 − 1 = 3. Second episode 130 (4) → 117 (5), never recovered: 6 − 4 = 2.
    expect(maxDrawdown([100, 120, 90, 110, 130, 117, 125])).toEqual({
      maxDrawdownPct: 0.25,
      peakIndex: 1,
      troughIndex: 2,
      recoveryIndex: 4,
      durationPeriods: 3,
      longestDurationPeriods: 3,
    });
  });

  it('measures an unrecovered drawdown to the last point', () => {
    // 100 → 80 (index 3) = 20 %; never back to 100: duration 4 − 0 = 4.
    const result = maxDrawdown([100, 90, 95, 80, 85]);
    expect(result.maxDrawdownPct).toBeCloseTo(0.2, 12);
    expect(result).toMatchObject({ peakIndex: 0, troughIndex: 3, recoveryIndex: null, durationPeriods: 4 });
    expect(result.longestDurationPeriods).toBe(4);
  });

  it('reports the longest underwater stretch separately from the deepest one', () => {
    // Shallow and long: 100 (0) … back to 100 at 5 = 5 periods, 5 % deep.
    // Deep and short: 100 (5) → 50 (6) → 100 (7) = 2 periods, 50 % deep.
    const result = maxDrawdown([100, 95, 96, 97, 98, 100, 50, 100]);
    expect(result).toEqual({
      maxDrawdownPct: 0.5,
      peakIndex: 5,
      troughIndex: 6,
      recoveryIndex: 7,
      durationPeriods: 2,
      longestDurationPeriods: 5,
    });
  });

  it('starts the decline at the last point at the high-water mark', () => {
    // 100, 100 (index 1), 90, 100: the drop starts at index 1, recovers at 3.
    expect(maxDrawdown([100, 100, 90, 100])).toMatchObject({
      peakIndex: 1,
      troughIndex: 2,
      recoveryIndex: 3,
      durationPeriods: 2,
    });
  });

  it('is 0 with zero durations for non-decreasing equity or one point', () => {
    const none = {
      maxDrawdownPct: 0,
      peakIndex: 0,
      troughIndex: 0,
      recoveryIndex: 0,
      durationPeriods: 0,
      longestDurationPeriods: 0,
    };
    expect(maxDrawdown([100, 100, 101, 150])).toEqual(none);
    expect(maxDrawdown([100])).toEqual(none);
  });

  it('is NaN for no points', () => {
    const result = maxDrawdown([]);
    expect(result.maxDrawdownPct).toBeNaN();
    expect(result.durationPeriods).toBeNaN();
    expect(result.recoveryIndex).toBeNull();
  });
});

describe('calmarRatio', () => {
  it('is cagr / maxDrawdownPct', () => {
    // 0.3 / 0.12 = 2.5
    expect(calmarRatio(0.3, 0.12)).toBeCloseTo(2.5, 12);
  });

  it('is NaN with no drawdown or an undefined cagr', () => {
    expect(calmarRatio(0.3, 0)).toBeNaN();
    expect(calmarRatio(NaN, 0.1)).toBeNaN();
  });
});
