// Property tests of the matching step, driven the way the simulator drives it: bars in market
// time, each account's open orders in acceptance order, sharing participationRate × volume.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { isMultipleOfStep, roundTo } from '../../domain/execution/decimals.js';
import { DEFAULT_FEE_TIERS, tieredFeeModel } from '../../domain/execution/fees.js';
import { fixedLatency, seededJitterLatency } from '../../domain/execution/latency.js';
import { executeOnBar, isFinalStatus, liveTimeOf } from '../../domain/execution/matching.js';
import type { FillModels, SimFill, WorkingOrder } from '../../domain/execution/orders.js';
import {
  fixedBpsSlippage,
  halfSpreadSlippage,
  squareRootImpactSlippage,
  volatilityScaledSlippage,
} from '../../domain/execution/slippage.js';
import { btcusdtRules, MINUTE } from '../helpers/market-fixtures.js';

const T0 = 1_700_000_040_000;
const STEP_DECIMALS = 3;
const TICK_DECIMALS = 2;

const RULES = btcusdtRules({ minNotional: 0 });

/** Plain data describing the models, so each run can build fresh instances (determinism check). */
type ModelSpec = {
  latency: { kind: 'fixed'; ms: number } | { kind: 'jitter'; baseMs: number; jitterMs: number; seed: number };
  slippage: { kind: 'bps' | 'spread' | 'vol' | 'impact'; value: number };
  participationRate: number;
};

function buildModels(spec: ModelSpec): FillModels {
  const { latency, slippage } = spec;
  return {
    latency: latency.kind === 'fixed' ? fixedLatency(latency.ms) : seededJitterLatency(latency),
    slippage:
      slippage.kind === 'bps'
        ? fixedBpsSlippage(slippage.value)
        : slippage.kind === 'spread'
          ? halfSpreadSlippage(slippage.value)
          : slippage.kind === 'vol'
            ? volatilityScaledSlippage({ k: slippage.value / 100, lookbackBars: 5 })
            : squareRootImpactSlippage({ y: slippage.value / 100, lookbackBars: 5 }),
    fees: tieredFeeModel(DEFAULT_FEE_TIERS),
    participationRate: spec.participationRate,
  };
}

const modelSpec: fc.Arbitrary<ModelSpec> = fc.record({
  latency: fc.oneof(
    fc.record({
      kind: fc.constant('fixed' as const),
      ms: fc.noBias(fc.integer({ min: 0, max: 1.5 * MINUTE })),
    }),
    fc.record({
      kind: fc.constant('jitter' as const),
      baseMs: fc.noBias(fc.integer({ min: 0, max: MINUTE / 2 })),
      jitterMs: fc.noBias(fc.integer({ min: 0, max: MINUTE })),
      seed: fc.integer(),
    }),
  ),
  slippage: fc.record({
    kind: fc.constantFrom('bps' as const, 'spread' as const, 'vol' as const, 'impact' as const),
    value: fc.integer({ min: 0, max: 300 }),
  }),
  participationRate: fc.integer({ min: 1, max: 100 }).map((p) => p / 100),
});

/**
 * Bars around 100 with off-tick prices of up to 6 decimals (venues publish decimal prices;
 * Binance uses at most 8). Arbitrary doubles are not used: a price within binary noise (1e-9 of
 * a tick) of a tick counts as that tick, see the unit tests. High/low bracket open and close.
 */
const price6 = (min: number, max: number) =>
  fc.noBias(fc.integer({ min: min * 1e6, max: max * 1e6 })).map((n) => n / 1e6);
const bars: fc.Arbitrary<Bar[]> = fc
  .array(
    fc.record({
      open: price6(95, 105),
      close: price6(95, 105),
      up: price6(0, 3),
      down: price6(0, 3),
      // Mostly comparable to order sizes (partial fills), sometimes empty or odd doubles.
      volume: fc.oneof(
        { weight: 8, arbitrary: fc.noBias(fc.integer({ min: 0, max: 5000 })).map((n) => n / 1000) },
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
      ),
    }),
    { minLength: 2, maxLength: 10 },
  )
  .map((raw) =>
    raw.map(({ open, close, up, down, volume }, i) => ({
      symbol: 'BTCUSDT',
      openTime: T0 + i * MINUTE,
      closeTime: T0 + (i + 1) * MINUTE - 1,
      open,
      high: Math.max(open, close) + up,
      low: Math.min(open, close) - down,
      close,
      volume,
    })),
  );

const orderSpec = fc.record({
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  type: fc.constantFrom('MARKET' as const, 'LIMIT' as const),
  timeInForce: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const),
  quantity: fc.oneof(
    fc.noBias(fc.integer({ min: 1, max: 3000 })).map((n) => n / 1000),
    fc.constantFrom(0.001, 1, 9000),
  ),
  price: fc.noBias(fc.integer({ min: 9_300, max: 10_700 })).map((c) => c / 100),
  submitOffset: fc.noBias(fc.integer({ min: 0, max: 2 * MINUTE })),
});

type OrderSpec = typeof orderSpec extends fc.Arbitrary<infer T> ? T : never;

function toOrder(spec: OrderSpec, orderId: number): WorkingOrder {
  return {
    orderId,
    clientOrderId: `c-${orderId}`,
    symbol: 'BTCUSDT',
    side: spec.side,
    type: spec.type,
    timeInForce: spec.timeInForce,
    price: spec.type === 'LIMIT' ? spec.price : null,
    quantity: spec.quantity,
    executedQty: 0,
    cummulativeQuoteQty: 0,
    status: 'NEW',
    submitTime: T0 + spec.submitOffset,
  };
}

interface Trace {
  bar: Bar;
  orderIndex: number;
  available: number;
  before: WorkingOrder;
  after: WorkingOrder;
  fills: SimFill[];
  consumedVolume: number;
}

/** The simulator's loop: per bar, orders in acceptance order share the bar's participation volume. */
function simulate(specs: OrderSpec[], data: Bar[], modelsSpec: ModelSpec, trailingQuoteVolume: number) {
  const models = buildModels(modelsSpec);
  let orders = specs.map((spec, i) => toOrder(spec, i + 1));
  const trace: Trace[] = [];
  data.forEach((bar, barIndex) => {
    let available = models.participationRate * bar.volume;
    orders = orders.map((before, orderIndex) => {
      const result = executeOnBar(before, bar, {
        models,
        rules: RULES,
        history: data.slice(0, barIndex),
        availableVolume: available,
        trailingQuoteVolume,
      });
      trace.push({ bar, orderIndex, available, before, after: result.order, ...result });
      available -= result.consumedVolume;
      return result.order;
    });
  });
  return { orders, trace, models };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const trailing = fc.constantFrom(0, 1_000_000, 5_000_000, 25_000_000);

/** One to `maxLength` orders of the account, in acceptance order. */
const ordersArb = (maxLength: number) => fc.array(orderSpec, { minLength: 1, maxLength });

describe('executeOnBar properties', () => {
  it('fills never exceed the order quantity nor the bar volume left for the order', () => {
    const seen = new Set<string>(); // guards against a generator that never exercises fills
    fc.assert(
      fc.property(ordersArb(4), bars, modelSpec, trailing, (specs, data, m, tv) => {
        const { orders, trace, models } = simulate(specs, data, m, tv);
        for (const step of trace) {
          expect(step.fills.length).toBeLessThanOrEqual(1);
          expect(step.consumedVolume).toBe(sum(step.fills.map((f) => f.qty)));
          // 1e-12 = 1e-9 steps: a volume that close below a multiple counts as the multiple.
          expect(step.consumedVolume).toBeLessThanOrEqual(Math.max(0, step.available) + 1e-12);
          for (const fill of step.fills) seen.add(fill.isMaker ? 'maker' : 'taker');
          if (step.after.status !== step.before.status) seen.add(step.after.status);
        }
        data.forEach((bar) => {
          const used = sum(trace.filter((t) => t.bar === bar).map((t) => t.consumedVolume));
          expect(used).toBeLessThanOrEqual(models.participationRate * bar.volume + 1e-9);
        });
        orders.forEach((o, i) => {
          const qty = sum(trace.filter((t) => t.orderIndex === i).flatMap((t) => t.fills.map((f) => f.qty)));
          expect(qty).toBeLessThanOrEqual(o.quantity + 1e-9);
        });
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['EXPIRED', 'FILLED', 'PARTIALLY_FILLED', 'maker', 'taker']);
  });

  it('prices, fees and slippage always go against the taker; limits are never breached', () => {
    fc.assert(
      fc.property(ordersArb(3), bars, modelSpec, trailing, (specs, data, m, tv) => {
        const { trace, models } = simulate(specs, data, m, tv);
        const rates = models.fees.rates(tv);
        for (const { bar, before, fills } of trace) {
          for (const fill of fills) {
            expect(fill.commission).toBeGreaterThanOrEqual(0);
            expect(fill.commission).toBe(
              roundTo(fill.quoteQty * (fill.isMaker ? rates.maker : rates.taker), 8),
            );
            expect(fill.commissionAsset).toBe('USDT');
            if (fill.isMaker) {
              expect(before.type).toBe('LIMIT');
              expect(before.timeInForce).toBe('GTC');
              expect(fill.price).toBe(before.price);
            } else if (fill.side === 'BUY') {
              expect(fill.price).toBeGreaterThanOrEqual(bar.open);
            } else {
              expect(fill.price).toBeLessThanOrEqual(bar.open);
            }
            if (before.type === 'LIMIT') {
              if (fill.side === 'BUY') expect(fill.price).toBeLessThanOrEqual(before.price!);
              else expect(fill.price).toBeGreaterThanOrEqual(before.price!);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never executes before the live time, and never in a bar opening before it', () => {
    fc.assert(
      fc.property(orderSpec, bars, modelSpec, (spec, data, m) => {
        const { trace, models } = simulate([spec], data, m, 0);
        const liveTime = liveTimeOf(toOrder(spec, 1), models.latency);
        for (const step of trace) {
          if (step.bar.openTime < liveTime) {
            expect(step.after).toBe(step.before);
            expect(step.fills).toEqual([]);
          }
          for (const fill of step.fills) {
            expect(fill.time).toBeGreaterThanOrEqual(liveTime);
            expect(fill.time).toBe(step.bar.openTime);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('outputs are on the grid and the order totals equal the rounded sums of its fills', () => {
    fc.assert(
      fc.property(orderSpec, bars, modelSpec, trailing, (spec, data, m, tv) => {
        const { orders, trace } = simulate([spec], data, m, tv);
        const fills = trace.flatMap((t) => t.fills);
        for (const fill of fills) {
          expect(fill.qty).toBeGreaterThan(0);
          expect(fill.qty).toBe(roundTo(fill.qty, STEP_DECIMALS));
          expect(isMultipleOfStep(fill.qty, RULES.stepSize)).toBe(true);
          expect(fill.price).toBe(roundTo(fill.price, TICK_DECIMALS));
          expect(fill.quoteQty).toBe(roundTo(fill.price * fill.qty, 8));
        }
        const final = orders[0]!;
        expect(final.executedQty).toBe(roundTo(sum(fills.map((f) => f.qty)), STEP_DECIMALS));
        expect(final.cummulativeQuoteQty).toBe(roundTo(sum(fills.map((f) => f.quoteQty)), 8));
        expect(final.status === 'FILLED').toBe(final.executedQty === final.quantity);
        if (final.status === 'NEW') expect(final.executedQty).toBe(0);
        if (final.status === 'PARTIALLY_FILLED') expect(final.executedQty).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('MARKET, IOC and FOK execute at most once and are final after their first eligible bar', () => {
    fc.assert(
      fc.property(orderSpec, bars, modelSpec, (spec, data, m) => {
        fc.pre(spec.type === 'MARKET' || spec.timeInForce !== 'GTC');
        const { orders, trace, models } = simulate([spec], data, m, 0);
        expect(trace.flatMap((t) => t.fills).length).toBeLessThanOrEqual(1);
        const liveTime = liveTimeOf(toOrder(spec, 1), models.latency);
        if (data.some((bar) => bar.openTime >= liveTime)) expect(isFinalStatus(orders[0]!.status)).toBe(true);
        else expect(orders[0]!.status).toBe('NEW');
      }),
      { numRuns: 300 },
    );
  });

  it('FOK limit orders are all-or-nothing', () => {
    fc.assert(
      fc.property(orderSpec, bars, modelSpec, (spec, data, m) => {
        const fok = { ...spec, type: 'LIMIT' as const, timeInForce: 'FOK' as const };
        const { orders, trace } = simulate([fok], data, m, 0);
        const fills = trace.flatMap((t) => t.fills);
        const final = orders[0]!;
        if (fills.length === 0) {
          expect(final.executedQty).toBe(0);
          expect(['NEW', 'EXPIRED']).toContain(final.status);
        } else {
          expect(fills).toHaveLength(1);
          expect(fills[0]!.qty).toBe(final.quantity);
          expect(final.status).toBe('FILLED');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same inputs and seed give identical outputs', () => {
    fc.assert(
      fc.property(ordersArb(4), bars, modelSpec, trailing, (specs, data, m, tv) => {
        const first = simulate(specs, data, m, tv);
        const second = simulate(specs, structuredClone(data), structuredClone(m), tv);
        expect(second.orders).toEqual(first.orders);
        expect(second.trace.map((t) => t.fills)).toEqual(first.trace.map((t) => t.fills));
      }),
      { numRuns: 200 },
    );
  });
});
