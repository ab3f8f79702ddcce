import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { generateSpotBars, type SpotBarOptions } from '../../domain/market-data/synthetic-spot.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const base: SpotBarOptions = {
  symbol: 'BTCUSDT',
  startTime: Date.UTC(2024, 0, 1),
  intervalMs: HOUR,
  count: 500,
  startPrice: 50_000,
  seed: 1,
  annualVolatility: 0.6,
  volClustering: { alpha: 0.08, beta: 0.9 },
  jumpProbabilityPerBar: 0.01,
  jumpStdDev: 0.03,
  baseVolume: 100,
};

const logReturns = (bars: readonly Bar[]) => bars.map((bar) => Math.log(bar.close / bar.open));

/**
 * Every broken invariant of a generated series, as readable strings. Plain checks collected into one
 * assertion: an expect() per field per bar makes a property test over thousands of bars slow.
 */
function seriesViolations(bars: readonly Bar[], options: SpotBarOptions): string[] {
  const problems: string[] = [];
  if (bars.length !== options.count) problems.push(`length ${bars.length} !== ${options.count}`);
  bars.forEach((bar, i) => {
    const fail = (what: string) => problems.push(`bar ${i}: ${what} ${JSON.stringify(bar)}`);
    if (bar.symbol !== options.symbol) fail('symbol');
    if (bar.openTime !== options.startTime + i * options.intervalMs) fail('openTime not contiguous');
    if (bar.closeTime !== bar.openTime + options.intervalMs - 1) fail('closeTime');
    if (![bar.open, bar.high, bar.low, bar.close].every((v) => Number.isFinite(v) && v > 0))
      fail('price not > 0');
    if (bar.high < Math.max(bar.open, bar.close)) fail('high below open/close');
    if (bar.low > Math.min(bar.open, bar.close)) fail('low above open/close');
    if (!(Number.isFinite(bar.volume) && bar.volume >= 0)) fail('volume');
    if (i > 0 && bar.open !== bars[i - 1]?.close) fail('open !== previous close');
    if (options.tickDecimals !== undefined) {
      const scale = 10 ** options.tickDecimals;
      const onTick = (v: number) => Math.round(v * scale) / scale === v;
      if (![bar.open, bar.high, bar.low, bar.close].every(onTick)) fail('price off the tick');
    }
  });
  return problems;
}

function lagOneAutocorrelation(series: readonly number[]): number {
  const mean = series.reduce((s, x) => s + x, 0) / series.length;
  let numerator = 0;
  let denominator = 0;
  series.forEach((x, i) => {
    denominator += (x - mean) ** 2;
    const previous = series[i - 1];
    if (previous !== undefined) numerator += (x - mean) * (previous - mean);
  });
  return numerator / denominator;
}

describe('generateSpotBars', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSpotBars(base)).toEqual(generateSpotBars({ ...base }));
    expect(generateSpotBars({ ...base, seed: 2 })).not.toEqual(generateSpotBars(base));
  });

  it('always yields well-formed, contiguous bars whose open is the previous close', () => {
    const options = fc.record({
      seed: fc.integer(),
      count: fc.integer({ min: 0, max: 120 }),
      intervalMs: fc.constantFrom(1_000, 60_000, HOUR, DAY),
      startTime: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      startPrice: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      annualVolatility: fc.double({ min: 0, max: 3, noNaN: true }),
      alpha: fc.double({ min: 0, max: 0.3, noNaN: true }),
      beta: fc.double({ min: 0, max: 0.69, noNaN: true }),
      jumpProbabilityPerBar: fc.double({ min: 0, max: 1, noNaN: true }),
      jumpStdDev: fc.double({ min: 0, max: 0.5, noNaN: true }),
      baseVolume: fc.double({ min: 0, max: 1e6, noNaN: true }),
      tickDecimals: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(options, ({ alpha, beta, ...rest }) => {
        const spec: SpotBarOptions = { ...base, ...rest, volClustering: { alpha, beta } };
        expect(seriesViolations(generateSpotBars(spec), spec)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('clusters volatility: squared returns are autocorrelated under GARCH, not without it', () => {
    const long = { ...base, count: 5_000, jumpProbabilityPerBar: 0 };
    const clustered = generateSpotBars(long);
    const independent = generateSpotBars({ ...long, volClustering: { alpha: 0, beta: 0 } });
    expect(lagOneAutocorrelation(logReturns(clustered).map((r) => r * r))).toBeGreaterThan(0.08);
    expect(Math.abs(lagOneAutocorrelation(logReturns(independent).map((r) => r * r)))).toBeLessThan(0.05);
  });

  it('realises roughly the requested annual volatility', () => {
    const returns = logReturns(generateSpotBars({ ...base, count: 5_000, jumpProbabilityPerBar: 0 }));
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
    const annualised = Math.sqrt((variance * 365 * DAY) / HOUR);
    expect(annualised).toBeGreaterThan(0.45);
    expect(annualised).toBeLessThan(0.75);
  });

  it('adds jumps, far outside the diffusive range, only when asked to', () => {
    const calm = { ...base, count: 2_000, volClustering: { alpha: 0, beta: 0 }, jumpStdDev: 0.1 };
    const sigma = 0.6 * Math.sqrt(HOUR / (365 * DAY));
    const extremes = (bars: readonly Bar[]) => logReturns(bars).filter((r) => Math.abs(r) > 6 * sigma).length;
    expect(extremes(generateSpotBars({ ...calm, jumpProbabilityPerBar: 0 }))).toBe(0);
    expect(extremes(generateSpotBars({ ...calm, jumpProbabilityPerBar: 0.02 }))).toBeGreaterThan(15);
  });

  it('trades more around 00:00 UTC than at midday (U-shaped intraday volume)', () => {
    const bars = generateSpotBars({
      ...base,
      intervalMs: 5 * 60_000,
      count: 288 * 20,
      jumpProbabilityPerBar: 0,
    });
    const meanVolume = (hours: number[]) => {
      const selected = bars.filter((bar) => hours.includes(new Date(bar.openTime).getUTCHours()));
      return selected.reduce((s, bar) => s + bar.volume, 0) / selected.length;
    };
    const edges = [meanVolume([0]), meanVolume([23])];
    const midday = meanVolume([11, 12]);
    for (const edge of edges) expect(edge).toBeGreaterThan(2 * midday);
  });

  it('trades more on bars that move more', () => {
    const bars = generateSpotBars({ ...base, intervalMs: DAY, count: 2_000, jumpProbabilityPerBar: 0 });
    const byMove = [...bars].sort(
      (a, b) => Math.abs(Math.log(a.close / a.open)) - Math.abs(Math.log(b.close / b.open)),
    );
    const meanVolume = (slice: Bar[]) => slice.reduce((s, bar) => s + bar.volume, 0) / slice.length;
    expect(meanVolume(byMove.slice(-200))).toBeGreaterThan(1.5 * meanVolume(byMove.slice(0, 200)));
    // Daily bars span the whole intraday profile, so baseVolume stays the mean volume per bar.
    expect(meanVolume(bars) / base.baseVolume).toBeGreaterThan(0.85);
    expect(meanVolume(bars) / base.baseVolume).toBeLessThan(1.15);
  });

  it('defaults volatility clustering and jumps when they are omitted', () => {
    const { volClustering: _v, jumpProbabilityPerBar: _p, jumpStdDev: _s, ...minimal } = base;
    expect(generateSpotBars(minimal)).toEqual(
      generateSpotBars({ ...minimal, volClustering: { alpha: 0.08, beta: 0.9 }, jumpProbabilityPerBar: 0 }),
    );
  });

  it('returns no bars for count 0', () => {
    expect(generateSpotBars({ ...base, count: 0 })).toEqual([]);
  });

  it.each([
    [{ symbol: '' }, /symbol/],
    [{ startTime: -1 }, /startTime/],
    [{ intervalMs: 0 }, /intervalMs/],
    [{ count: 1.5 }, /count/],
    [{ startPrice: 0 }, /startPrice/],
    [{ seed: Number.NaN }, /seed/],
    [{ annualVolatility: -0.1 }, /annualVolatility/],
    [{ volClustering: { alpha: 0.5, beta: 0.5 } }, /volClustering\.alpha \+ volClustering\.beta/],
    [{ volClustering: { alpha: -1, beta: 0.5 } }, /volClustering\.alpha/],
    [{ jumpProbabilityPerBar: 1.1 }, /jumpProbabilityPerBar/],
    [{ jumpStdDev: Number.POSITIVE_INFINITY }, /jumpStdDev/],
    [{ baseVolume: -1 }, /baseVolume/],
    [{ tickDecimals: 2.5 }, /tickDecimals/],
  ] as [Partial<SpotBarOptions>, RegExp][])(
    'rejects %o with a RangeError naming the option',
    (patch, name) => {
      expect(() => generateSpotBars({ ...base, ...patch })).toThrow(RangeError);
      expect(() => generateSpotBars({ ...base, ...patch })).toThrow(name);
    },
  );
});
