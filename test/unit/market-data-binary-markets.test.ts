import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateBinaryMarkets,
  type BinaryMarket,
  type BinaryMarketOptions,
} from '../../domain/market-data/binary-markets.js';

const HOUR = 3_600_000;
const CATEGORIES = ['politics', 'sports', 'crypto', 'weather'];

const base: BinaryMarketOptions = {
  seed: 1,
  count: 12,
  categories: CATEGORIES,
  startTime: Date.UTC(2024, 0, 1),
  endTime: Date.UTC(2024, 0, 1) + 60 * HOUR,
  intervalMs: HOUR,
};

/** Every broken invariant of a market, collected: one expect() per bar field would be slow. */
function marketViolations(market: BinaryMarket, options: BinaryMarketOptions): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${market.marketId}: ${what}`);
  if (!/^[A-Z0-9]+$/.test(market.symbol)) fail(`symbol ${market.symbol}`);
  if (market.outcome !== 0 && market.outcome !== 1) fail(`outcome ${String(market.outcome)}`);
  if (market.settlementPrice !== market.outcome) fail('settlementPrice !== outcome');
  if (!(market.trueProbability > 0 && market.trueProbability < 1)) fail('trueProbability');
  if (market.openTime < options.startTime) fail('opens before startTime');
  if (!(market.resolutionTime > market.openTime)) fail('resolves before it opens');
  if (market.resolutionTime > options.endTime) fail('resolves after endTime');
  if (market.bars.length === 0) fail('no bars');
  if (market.bars[0] !== undefined && market.bars[0].openTime !== market.openTime)
    fail('first bar != openTime');
  const last = market.bars.at(-1);
  if (last !== undefined && last.closeTime + 1 !== market.resolutionTime) fail('last bar != resolutionTime');
  market.bars.forEach((bar, i) => {
    const failBar = (what: string) => fail(`bar ${i}: ${what} ${JSON.stringify(bar)}`);
    if (bar.symbol !== market.symbol) failBar('symbol');
    if (bar.closeTime !== bar.openTime + options.intervalMs - 1) failBar('closeTime');
    if (![bar.open, bar.high, bar.low, bar.close].every((p) => p >= 0.01 && p <= 0.99))
      failBar('price outside [0.01, 0.99]');
    if (bar.high < Math.max(bar.open, bar.close)) failBar('high below open/close');
    if (bar.low > Math.min(bar.open, bar.close)) failBar('low above open/close');
    if (!(Number.isFinite(bar.volume) && bar.volume >= 0)) failBar('volume');
    const previous = market.bars[i - 1];
    if (previous !== undefined && bar.openTime !== previous.openTime + options.intervalMs)
      failBar('not contiguous');
    if (previous !== undefined && bar.open !== previous.close) failBar('open !== previous close');
  });
  return problems;
}

describe('generateBinaryMarkets', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateBinaryMarkets(base)).toEqual(generateBinaryMarkets({ ...base }));
    expect(generateBinaryMarkets({ ...base, seed: 2 })).not.toEqual(generateBinaryMarkets(base));
  });

  it('keeps a market independent of how many others are generated', () => {
    expect(generateBinaryMarkets({ ...base, count: 1 })[0]).toEqual(generateBinaryMarkets(base)[0]);
  });

  it('always yields well-formed markets priced inside (0, 1) that settle at their outcome', () => {
    const options = fc.record({
      seed: fc.integer(),
      count: fc.integer({ min: 0, max: 12 }),
      categories: fc.uniqueArray(
        fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      startTime: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      slots: fc.integer({ min: 1, max: 80 }),
      intervalMs: fc.constantFrom(60_000, HOUR),
      extra: fc.integer({ min: 0, max: 59_999 }),
    });
    fc.assert(
      fc.property(options, ({ slots, extra, ...rest }) => {
        const spec: BinaryMarketOptions = {
          ...rest,
          endTime: rest.startTime + slots * rest.intervalMs + extra,
        };
        const markets = generateBinaryMarkets(spec);
        expect(markets).toHaveLength(spec.count);
        expect(markets.flatMap((market) => marketViolations(market, spec))).toEqual([]);
        expect(new Set(markets.map((m) => m.symbol)).size).toBe(markets.length);
        expect(new Set(markets.map((m) => m.marketId)).size).toBe(markets.length);
        if (spec.count >= spec.categories.length) {
          expect(new Set(markets.map((m) => m.category))).toEqual(new Set(spec.categories));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('uses every category and the requested quote symbol', () => {
    const markets = generateBinaryMarkets({ ...base, quoteSymbol: 'USDC' });
    expect(new Set(markets.map((m) => m.category))).toEqual(new Set(CATEGORIES));
    expect(markets[3]?.symbol).toBe('PM3USDC');
  });

  it('resolves YES about as often as the true probabilities say', () => {
    const markets = generateBinaryMarkets({
      ...base,
      seed: 5,
      count: 4_000,
      endTime: base.startTime + 4 * HOUR,
    });
    const rate = (selected: BinaryMarket[]) => selected.reduce((s, m) => s + m.outcome, 0) / selected.length;
    const meanProbability = markets.reduce((s, m) => s + m.trueProbability, 0) / markets.length;
    expect(Math.abs(rate(markets) - meanProbability)).toBeLessThan(0.03);
    // Calibration by bucket: unlikely events (p < 0.3, mean ≈ 0.17) rarely happen, likely ones usually do.
    expect(rate(markets.filter((m) => m.trueProbability < 0.3))).toBeLessThan(0.25);
    expect(rate(markets.filter((m) => m.trueProbability > 0.7))).toBeGreaterThan(0.75);
  });

  it('moves prices toward the outcome as resolution nears', () => {
    const markets = generateBinaryMarkets({ ...base, count: 200, endTime: base.startTime + 200 * HOUR });
    const distance = (m: BinaryMarket, price: number | undefined) => Math.abs((price ?? 0.5) - m.outcome);
    const meanDistance = (pick: (m: BinaryMarket) => number) =>
      markets.reduce((s, m) => s + pick(m), 0) / markets.length;
    const atOpen = meanDistance((m) => distance(m, m.bars[0]?.open));
    const atClose = meanDistance((m) => distance(m, m.bars.at(-1)?.close));
    expect(atOpen).toBeGreaterThan(0.3);
    expect(atClose).toBeLessThan(0.05);
  });

  it.each([
    [{ categories: [] }, /categories/],
    [{ categories: ['a', 'a'] }, /duplicates/],
    [{ categories: ['a', ''] }, /categories\[1\]/],
    [{ count: -1 }, /count/],
    [{ seed: 0.5 }, /seed/],
    [{ endTime: base.startTime }, /endTime/],
    [{ intervalMs: 100 * HOUR }, /intervalMs/],
    [{ quoteSymbol: 'usdt' }, /quoteSymbol/],
  ] as [Partial<BinaryMarketOptions>, RegExp][])(
    'rejects %o with a RangeError naming the option',
    (patch, name) => {
      expect(() => generateBinaryMarkets({ ...base, ...patch })).toThrow(RangeError);
      expect(() => generateBinaryMarkets({ ...base, ...patch })).toThrow(name);
    },
  );
});
