import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { DEFAULT_FEE_TIERS, tieredFeeModel, type FeeTier } from '../../domain/execution/fees.js';
import { fixedLatency, seededJitterLatency, unitHash } from '../../domain/execution/latency.js';
import type { SlippageContext, WorkingOrder } from '../../domain/execution/orders.js';
import {
  fixedBpsSlippage,
  halfSpreadSlippage,
  squareRootImpactSlippage,
  volatilityScaledSlippage,
} from '../../domain/execution/slippage.js';
import { MINUTE, sampleBar, workingOrder } from '../helpers/market-fixtures.js';

function order(orderId: number, overrides: Partial<WorkingOrder> = {}): WorkingOrder {
  return workingOrder({ orderId, clientOrderId: `c-${orderId}`, ...overrides });
}

/** A flat bar at `close`, `index` intervals after time 0. */
function bar(index: number, close: number, volume = 10, intervalMs = MINUTE): Bar {
  return sampleBar(index * intervalMs, { open: close, high: close, low: close, close, volume }, intervalMs);
}

function context(history: Bar[], quantity = 1, intervalMs = MINUTE): SlippageContext {
  return { bar: bar(history.length, 100, 10, intervalMs), history, side: 'BUY', quantity };
}

describe('latency models', () => {
  it('fixedLatency delays every order by the same amount', () => {
    const model = fixedLatency(250);
    expect(model.delayMs(order(1))).toBe(250);
    expect(model.delayMs(order(2, { submitTime: 99 }))).toBe(250);
    expect(fixedLatency(0).delayMs(order(1))).toBe(0);
    expect(() => fixedLatency(-1)).toThrow(RangeError);
    expect(() => fixedLatency(Number.NaN)).toThrow(RangeError);
  });

  it('seededJitterLatency stays within [base, base + jitter] in whole-ms jitter steps', () => {
    const model = seededJitterLatency({ baseMs: 100, jitterMs: 50, seed: 7 });
    for (let id = 1; id <= 2000; id++) {
      const delay = model.delayMs(order(id));
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(150);
      expect(Number.isInteger(delay - 100)).toBe(true);
    }
  });

  it('seededJitterLatency covers its range roughly uniformly', () => {
    const model = seededJitterLatency({ baseMs: 0, jitterMs: 9, seed: 42 });
    const counts = Array.from({ length: 10 }, () => 0);
    for (let id = 1; id <= 10_000; id++) counts[model.delayMs(order(id))]! += 1;
    for (const count of counts) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('seededJitterLatency depends only on (seed, orderId)', () => {
    const a = seededJitterLatency({ baseMs: 10, jitterMs: 1000, seed: 3 });
    const b = seededJitterLatency({ baseMs: 10, jitterMs: 1000, seed: 3 });
    const other = seededJitterLatency({ baseMs: 10, jitterMs: 1000, seed: 4 });
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    // Asking in a different order, with other fields changed, gives the same delays.
    const forward = ids.map((id) => a.delayMs(order(id)));
    const backward = [...ids].reverse().map((id) => b.delayMs(order(id, { side: 'SELL', submitTime: id })));
    expect(backward.reverse()).toEqual(forward);
    const differing = ids.filter((id) => other.delayMs(order(id)) !== a.delayMs(order(id)));
    expect(differing.length).toBeGreaterThan(190);
  });

  it('unitHash is in [0, 1) and tells large ids and seeds apart', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.maxSafeNat(), (seed, id) => {
        const h = unitHash(seed, id);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThan(1);
        expect(unitHash(seed, id)).toBe(h);
      }),
    );
    expect(unitHash(1, 2 ** 32 + 5)).not.toBe(unitHash(1, 5));
    expect(unitHash(2 ** 32 + 1, 5)).not.toBe(unitHash(1, 5));
    expect(unitHash(0, 0)).not.toBe(0);
  });

  it('seededJitterLatency refuses bad options', () => {
    expect(() => seededJitterLatency({ baseMs: -1, jitterMs: 0, seed: 1 })).toThrow(RangeError);
    expect(() => seededJitterLatency({ baseMs: 0, jitterMs: -5, seed: 1 })).toThrow(RangeError);
    expect(() => seededJitterLatency({ baseMs: 0, jitterMs: 5, seed: 1.5 })).toThrow(RangeError);
  });
});

describe('slippage models', () => {
  // Closes 100 → 110 → 99: log returns ln(1.1) and ln(0.9). For two returns the sample stdev is
  // |r1 − r2| / √2 = ln(1.1 / 0.9) / √2 ≈ 0.14189560954670766.
  const threeBars = [bar(0, 100, 10), bar(1, 110, 20), bar(2, 99, 30)];
  const sigmaBar = Math.log(11 / 9) / Math.SQRT2;

  it('fixedBpsSlippage charges bps / 10 000', () => {
    expect(fixedBpsSlippage(5).slippageFraction(context([]))).toBe(0.0005);
    expect(fixedBpsSlippage(0).slippageFraction(context(threeBars))).toBe(0);
    expect(() => fixedBpsSlippage(-1)).toThrow(RangeError);
  });

  it('halfSpreadSlippage charges half the quoted spread', () => {
    expect(halfSpreadSlippage(10).slippageFraction(context([]))).toBe(0.0005);
    expect(halfSpreadSlippage(1).slippageFraction(context([]))).toBe(0.00005);
    expect(() => halfSpreadSlippage(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('volatilityScaledSlippage = k × stdev of log returns of the last closes', () => {
    const model = volatilityScaledSlippage({ k: 0.5, lookbackBars: 3 });
    expect(sigmaBar).toBeCloseTo(0.1418956095467, 12);
    expect(model.slippageFraction(context(threeBars))).toBeCloseTo(0.5 * sigmaBar, 14);
    // Only the last three closes count: an older wild close changes nothing.
    const longer = [bar(-1, 5000), ...threeBars];
    expect(model.slippageFraction(context(longer))).toBeCloseTo(0.5 * sigmaBar, 14);
  });

  it('volatilityScaledSlippage is 0 without at least two returns', () => {
    const model = volatilityScaledSlippage({ k: 1, lookbackBars: 10 });
    expect(model.slippageFraction(context([]))).toBe(0);
    expect(model.slippageFraction(context([bar(0, 100)]))).toBe(0);
    expect(model.slippageFraction(context([bar(0, 100), bar(1, 120)]))).toBe(0);
    expect(model.slippageFraction(context([bar(0, 100), bar(1, 100), bar(2, 100)]))).toBe(0);
    expect(() => volatilityScaledSlippage({ k: 1, lookbackBars: 1 })).toThrow(RangeError);
    expect(() => volatilityScaledSlippage({ k: -1, lookbackBars: 5 })).toThrow(RangeError);
  });

  it('squareRootImpactSlippage = Y · σ_daily · √(Q / ADV) on 1-minute bars', () => {
    // 1440 bars a day; ADV = mean volume 20 × 1440 = 28 800; Q = 288 → √(Q/ADV) = 0.1.
    const model = squareRootImpactSlippage({ y: 0.8, lookbackBars: 3 });
    const dailySigma = sigmaBar * Math.sqrt(1440);
    expect(model.slippageFraction(context(threeBars, 288))).toBeCloseTo(0.8 * dailySigma * 0.1, 14);
    // Four times the quantity, twice the impact.
    expect(model.slippageFraction(context(threeBars, 1152))).toBeCloseTo(0.8 * dailySigma * 0.2, 14);
  });

  it('squareRootImpactSlippage scales with the bar interval', () => {
    // Hourly bars: 24 a day, ADV = 20 × 24 = 480; Q = 4.8 → √(Q/ADV) = 0.1.
    const hour = 3_600_000;
    const hourly = [bar(0, 100, 10, hour), bar(1, 110, 20, hour), bar(2, 99, 30, hour)];
    const model = squareRootImpactSlippage({ y: 1, lookbackBars: 3 });
    expect(model.slippageFraction(context(hourly, 4.8, hour))).toBeCloseTo(
      sigmaBar * Math.sqrt(24) * 0.1,
      14,
    );
  });

  it('squareRootImpactSlippage is 0 without volume, history or quantity', () => {
    const model = squareRootImpactSlippage({ y: 1, lookbackBars: 3 });
    const noVolume = [bar(0, 100, 0), bar(1, 110, 0), bar(2, 99, 0)];
    expect(model.slippageFraction(context(noVolume, 10))).toBe(0);
    expect(model.slippageFraction(context(threeBars.slice(1), 10))).toBe(0);
    expect(model.slippageFraction(context(threeBars, 0))).toBe(0);
  });

  it('squareRootImpactSlippage is capped at 100 % when the order dwarfs the volume', () => {
    const model = squareRootImpactSlippage({ y: 1, lookbackBars: 3 });
    const dust = [bar(0, 100, 1e-300), bar(1, 110, 1e-300), bar(2, 99, 5e-324)];
    expect(model.slippageFraction(context(dust, 1e6))).toBe(1);
    expect(squareRootImpactSlippage({ y: 0, lookbackBars: 3 }).slippageFraction(context(dust, 1e6))).toBe(0);
  });

  it('every model returns a finite non-negative fraction', () => {
    const models = [
      fixedBpsSlippage(3),
      halfSpreadSlippage(4),
      volatilityScaledSlippage({ k: 2, lookbackBars: 20 }),
      squareRootImpactSlippage({ y: 1, lookbackBars: 20 }),
    ];
    const closes = fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { maxLength: 30 });
    const volumes = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 30, maxLength: 30 });
    fc.assert(
      fc.property(closes, volumes, fc.double({ min: 0, max: 1e6, noNaN: true }), (cs, vs, quantity) => {
        const history = cs.map((close, i) => bar(i, close, vs[i]));
        for (const model of models) {
          const s = model.slippageFraction(context(history, quantity));
          expect(Number.isFinite(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('tieredFeeModel', () => {
  const fees = tieredFeeModel(DEFAULT_FEE_TIERS);

  it('charges 0.1 % maker and taker below 1M', () => {
    expect(fees.rates(0)).toEqual({ maker: 0.001, taker: 0.001 });
    expect(fees.rates(999_999.99)).toEqual({ maker: 0.001, taker: 0.001 });
  });

  it('picks the highest tier whose threshold is reached (thresholds inclusive)', () => {
    expect(fees.rates(1_000_000)).toEqual({ maker: 0.0009, taker: 0.001 });
    expect(fees.rates(4_999_999)).toEqual({ maker: 0.0009, taker: 0.001 });
    expect(fees.rates(5_000_000)).toEqual({ maker: 0.0008, taker: 0.001 });
    expect(fees.rates(20_000_000)).toEqual({ maker: 0.00042, taker: 0.0006 });
    expect(fees.rates(1e12)).toEqual({ maker: 0.00042, taker: 0.0006 });
  });

  it('never raises a rate as volume grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(fees.rates(high).maker).toBeLessThanOrEqual(fees.rates(low).maker);
          expect(fees.rates(high).taker).toBeLessThanOrEqual(fees.rates(low).taker);
        },
      ),
    );
  });

  it('refuses malformed tier tables', () => {
    const ok: FeeTier = { minQuoteVolume: 0, maker: 0.001, taker: 0.001 };
    expect(() => tieredFeeModel([])).toThrow(RangeError);
    expect(() => tieredFeeModel([{ ...ok, minQuoteVolume: 10 }])).toThrow(/start at quote volume 0/);
    expect(() => tieredFeeModel([ok, { ...ok, minQuoteVolume: 5 }, { ...ok, minQuoteVolume: 2 }])).toThrow(
      /sorted/,
    );
    expect(() => tieredFeeModel([ok, { ...ok, minQuoteVolume: 0 }])).toThrow(/sorted/);
    expect(() => tieredFeeModel([{ ...ok, maker: -0.0001 }])).toThrow(/maker/);
    expect(() => tieredFeeModel([{ ...ok, taker: Number.NaN }])).toThrow(/taker/);
    expect(() => fees.rates(-1)).toThrow(RangeError);
  });

  it('is not affected by later changes to the tier array', () => {
    const tiers: FeeTier[] = [
      { minQuoteVolume: 0, maker: 0.002, taker: 0.003 },
      { minQuoteVolume: 100, maker: 0.001, taker: 0.002 },
    ];
    const model = tieredFeeModel(tiers);
    tiers[1]!.maker = 0.5;
    expect(model.rates(100)).toEqual({ maker: 0.001, taker: 0.002 });
    model.rates(100).maker = 9;
    expect(model.rates(100)).toEqual({ maker: 0.001, taker: 0.002 });
  });
});
