// Transaction cost analysis: hand-computed buys and sells, signs (positive = worse for the
// trader), nulls wherever an input is missing, and latency legs each on one clock, never negative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeTca,
  TCA_LEGS,
  TCA_STAMP_CLOCKS,
  type TcaInput,
  type TcaLeg,
  type TcaStamp,
} from '../../domain/ledger/tca.js';
import { T0 } from '../helpers/clock.js';

const DAY = 86_400_000;
/** The worker's wall clock in the fixtures: 335 days after the market clock, as in an accelerated paper run. */
const W0 = T0 + 335 * DAY;

const BUY: TcaInput = {
  side: 'buy',
  quantity: 2,
  decisionPrice: 100,
  decisionTime: T0,
  arrivalPrice: 100.5,
  acceptedAt: T0 + 80,
  firstFillAt: T0 + 100,
  lastFillAt: T0 + 300,
  sentWallAt: W0,
  ackedWallAt: W0 + 30,
  fills: [
    { price: 101, quantity: 1, fee: 0.101 },
    { price: 102, quantity: 0.5, fee: 0.051 },
  ],
};

const SELL: TcaInput = {
  side: 'sell',
  quantity: 1,
  decisionPrice: 200,
  decisionTime: T0,
  arrivalPrice: 199,
  acceptedAt: T0 + 15,
  firstFillAt: T0 + 15,
  lastFillAt: T0 + 15,
  sentWallAt: W0 + 10,
  ackedWallAt: W0 + 15,
  fills: [
    { price: 198, quantity: 0.4, fee: 0.0792 },
    { price: 199, quantity: 0.6, fee: 0.1194 },
  ],
};

describe('computeTca', () => {
  it('a partially filled buy above the decision price', () => {
    const tca = computeTca(BUY);
    // VWAP (101 + 51) / 1.5.
    expect(tca.fillVwap).toBeCloseTo(101.333333333, 8);
    expect(tca.filledQuantity).toBeCloseTo(1.5, 12);
    expect(tca.fillRate).toBeCloseTo(0.75, 12);
    expect(tca.fees).toBeCloseTo(0.152, 12);
    // (101.3333 − 100) / 100 → 133.33 bps paid over the decision price.
    expect(tca.slippageBpsVsDecision).toBeCloseTo(133.333333, 5);
    // (101.3333 − 100.5) / 100.5 → 82.92 bps.
    expect(tca.slippageBpsVsArrival).toBeCloseTo(82.91874, 5);
    // (1.3333 × 1.5 + 0.152) / (100 × 1.5) → 143.47 bps.
    expect(tca.implementationShortfallBps).toBeCloseTo(143.466667, 5);
    expect(tca.latencyMs).toEqual({
      decisionToAckMarket: 80,
      ackToFirstFillMarket: 20,
      firstToLastFillMarket: 200,
      decisionToFirstFillMarket: 100,
      submitToAckWall: 30,
    });
    expect(tca.skewedLegs).toEqual([]);
  });

  it('a fully filled sell below the decision price costs positive bps', () => {
    const tca = computeTca(SELL);
    expect(tca.fillVwap).toBeCloseTo(198.6, 10);
    expect(tca.fillRate).toBeCloseTo(1, 12);
    // Sold 1.4 below 200: 70 bps worse.
    expect(tca.slippageBpsVsDecision).toBeCloseTo(70, 8);
    // Sold 0.4 below 199: 20.10 bps worse.
    expect(tca.slippageBpsVsArrival).toBeCloseTo(20.100503, 5);
    // (1.4 + 0.1986) / 200 → 79.93 bps.
    expect(tca.implementationShortfallBps).toBeCloseTo(79.93, 8);
    expect(tca.latencyMs).toEqual({
      decisionToAckMarket: 15,
      ackToFirstFillMarket: 0,
      firstToLastFillMarket: 0,
      decisionToFirstFillMarket: 15,
      submitToAckWall: 5,
    });
  });

  it('price improvement is negative for both sides', () => {
    const cheapBuy = computeTca({ ...BUY, fills: [{ price: 99, quantity: 2, fee: 0 }] });
    expect(cheapBuy.slippageBpsVsDecision).toBeCloseTo(-100, 8);
    expect(cheapBuy.implementationShortfallBps).toBeCloseTo(-100, 8);
    const richSell = computeTca({ ...SELL, fills: [{ price: 202, quantity: 1, fee: 0 }] });
    expect(richSell.slippageBpsVsDecision).toBeCloseTo(-100, 8);
    expect(richSell.slippageBpsVsArrival).toBeCloseTo((-3 / 199) * 1e4, 8);
  });

  it('fees alone make the shortfall positive at the decision price', () => {
    const tca = computeTca({ ...BUY, fills: [{ price: 100, quantity: 2, fee: 0.2 }] });
    expect(tca.slippageBpsVsDecision).toBe(0);
    expect(tca.implementationShortfallBps).toBeCloseTo(10, 10);
  });

  it('with no fills, every price figure is null and the fill rate is 0', () => {
    const tca = computeTca({ ...BUY, firstFillAt: null, lastFillAt: null, fills: [] });
    expect(tca).toEqual({
      fillVwap: null,
      filledQuantity: 0,
      fillRate: 0,
      fees: 0,
      slippageBpsVsDecision: null,
      slippageBpsVsArrival: null,
      implementationShortfallBps: null,
      latencyMs: {
        decisionToAckMarket: 80,
        ackToFirstFillMarket: null,
        firstToLastFillMarket: null,
        decisionToFirstFillMarket: null,
        submitToAckWall: 30,
      },
      skewedLegs: [],
    });
  });

  it('a missing decision price or arrival price nulls only what needs it', () => {
    const noDecision = computeTca({ ...BUY, decisionPrice: undefined });
    expect(noDecision.slippageBpsVsDecision).toBeNull();
    expect(noDecision.implementationShortfallBps).toBeNull();
    expect(noDecision.slippageBpsVsArrival).toBeCloseTo(82.91874, 5);
    const noArrival = computeTca({ ...BUY, arrivalPrice: null });
    expect(noArrival.slippageBpsVsArrival).toBeNull();
    expect(noArrival.slippageBpsVsDecision).toBeCloseTo(133.333333, 5);
  });

  it('missing times null only the legs that need them', () => {
    const lostAck = computeTca({ ...BUY, acceptedAt: null, ackedWallAt: undefined });
    expect(lostAck.latencyMs).toEqual({
      decisionToAckMarket: null,
      ackToFirstFillMarket: null,
      firstToLastFillMarket: 200,
      decisionToFirstFillMarket: 100,
      submitToAckWall: null,
    });
    expect(lostAck.skewedLegs).toEqual([]);
    const minimal = computeTca({ side: 'buy', quantity: 1, fills: [] });
    expect(Object.values(minimal.latencyMs)).toEqual([null, null, null, null, null]);
  });

  it('measures the market legs and the wall-clock round trip apart, however far the clocks are apart', () => {
    // The market clock 335 days behind the wall clock (BUY) or a year ahead of it: the same legs.
    const ahead = computeTca({ ...BUY, sentWallAt: T0 - 365 * DAY, ackedWallAt: T0 - 365 * DAY + 30 });
    expect(ahead.latencyMs).toEqual(computeTca(BUY).latencyMs);
  });

  it('nulls a leg that would run backwards and names it: clock skew is a defect, not a duration', () => {
    // The venue's fill time before its own acceptance time, and a wall clock stepped back mid-call.
    const skewed = computeTca({ ...BUY, firstFillAt: T0 + 70, ackedWallAt: W0 - 5 });
    expect(skewed.latencyMs).toEqual({
      decisionToAckMarket: 80,
      ackToFirstFillMarket: null,
      firstToLastFillMarket: 230,
      decisionToFirstFillMarket: 70,
      submitToAckWall: null,
    });
    expect(skewed.skewedLegs).toEqual(['ackToFirstFillMarket', 'submitToAckWall']);
  });

  it('refuses inputs that cannot be true', () => {
    expect(() => computeTca({ ...BUY, quantity: 0 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, quantity: NaN })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, decisionPrice: 0 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, arrivalPrice: -1 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, acceptedAt: NaN })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, sentWallAt: Infinity })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 0, quantity: 1, fee: 0 }] })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 1, quantity: -1, fee: 0 }] })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 1, quantity: 1, fee: -1 }] })).toThrow(RangeError);
  });
});

const LEGS = Object.keys(TCA_LEGS) as TcaLeg[];
const STAMPS = Object.keys(TCA_STAMP_CLOCKS) as TcaStamp[];
const stampsOn = (clock: 'market' | 'wall') => STAMPS.filter((stamp) => TCA_STAMP_CLOCKS[stamp] === clock);

/**
 * Orders as an accelerated paper run records them: the market clock and the worker's wall clock
 * each start anywhere in ±2 years of T0, independently, so either may be months ahead; on each
 * clock the stamps follow one another in lifecycle order.
 */
const clockedOrders = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    quantity: fc.double({ min: 0.001, max: 1_000, noNaN: true }),
    decisionPrice: fc.option(fc.double({ min: 0.01, max: 100_000, noNaN: true })),
    arrivalPrice: fc.option(fc.double({ min: 0.01, max: 100_000, noNaN: true })),
    fills: fc.array(
      fc.record({
        price: fc.double({ min: 0.01, max: 100_000, noNaN: true }),
        quantity: fc.double({ min: 0.001, max: 10, noNaN: true }),
        fee: fc.double({ min: 0, max: 10, noNaN: true }),
      }),
      { maxLength: 4 },
    ),
    marketStart: fc.integer({ min: T0 - 730 * DAY, max: T0 + 730 * DAY }),
    wallStart: fc.integer({ min: T0 - 730 * DAY, max: T0 + 730 * DAY }),
    toAck: fc.integer({ min: 0, max: 7 * DAY }),
    toFirstFill: fc.integer({ min: 0, max: 7 * DAY }),
    toLastFill: fc.integer({ min: 0, max: 7 * DAY }),
    roundTrip: fc.integer({ min: 0, max: 60_000 }),
  })
  .map((g): TcaInput => ({
    side: g.side,
    quantity: g.quantity,
    decisionPrice: g.decisionPrice,
    arrivalPrice: g.arrivalPrice,
    fills: g.fills,
    decisionTime: g.marketStart,
    acceptedAt: g.marketStart + g.toAck,
    firstFillAt: g.marketStart + g.toAck + g.toFirstFill,
    lastFillAt: g.marketStart + g.toAck + g.toFirstFill + g.toLastFill,
    sentWallAt: g.wallStart,
    ackedWallAt: g.wallStart + g.roundTrip,
  }));

/** The same with what goes wrong in a ledger: stamps missing (null or absent), some moved back by a faulty clock. */
const generatedOrders = fc
  .tuple(
    clockedOrders,
    fc.array(fc.tuple(fc.constantFrom(...STAMPS), fc.integer({ min: 1, max: DAY })), { maxLength: 2 }),
    fc.subarray(STAMPS),
    fc.boolean(),
  )
  .map(([order, skew, missing, absent]) => {
    const input = { ...order };
    for (const [stamp, back] of skew) input[stamp] = (input[stamp] as number) - back;
    for (const stamp of missing) input[stamp] = absent ? undefined : null;
    return input;
  });

const shifted = (input: TcaInput, clock: 'market' | 'wall', by: number): TcaInput => {
  const moved = { ...input };
  for (const stamp of stampsOn(clock)) {
    const time = input[stamp];
    if (typeof time === 'number') moved[stamp] = time + by;
  }
  return moved;
};

describe('computeTca latency legs, over generated orders', () => {
  const RUNS = { numRuns: 500 };

  it('every leg joins two stamps of one clock, and both clocks have legs', () => {
    for (const leg of LEGS) {
      const { from, to } = TCA_LEGS[leg];
      expect(TCA_STAMP_CLOCKS[from], leg).toBe(TCA_STAMP_CLOCKS[to]);
      expect(from, leg).not.toBe(to);
    }
    expect(new Set(LEGS.map((leg) => TCA_STAMP_CLOCKS[TCA_LEGS[leg].from]))).toEqual(
      new Set(['market', 'wall']),
    );
  });

  it('no leg is ever negative; a null one lacks a stamp or is named as skewed', () => {
    fc.assert(
      fc.property(generatedOrders, (input) => {
        const { latencyMs, skewedLegs } = computeTca(input);
        for (const leg of LEGS) {
          const from = input[TCA_LEGS[leg].from] ?? null;
          const to = input[TCA_LEGS[leg].to] ?? null;
          const value = latencyMs[leg];
          if (value !== null) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBe(to! - from!);
          } else {
            expect(from === null || to === null || skewedLegs.includes(leg)).toBe(true);
          }
          expect(skewedLegs.includes(leg)).toBe(from !== null && to !== null && to < from);
        }
      }),
      RUNS,
    );
  });

  it('a leg reads only its own clock: moving the other clock by any offset changes none of its legs', () => {
    fc.assert(
      fc.property(
        generatedOrders,
        fc.constantFrom('market' as const, 'wall' as const),
        fc.integer({ min: -730 * DAY, max: 730 * DAY }),
        (input, moved, by) => {
          const before = computeTca(input);
          const after = computeTca(shifted(input, moved, by));
          // Moving a whole clock moves every stamp on it alike: no leg of either clock changes.
          expect(after.latencyMs).toEqual(before.latencyMs);
          expect(after.skewedLegs).toEqual(before.skewedLegs);
        },
      ),
      RUNS,
    );
  });

  it('an order whose stamps follow one another on each clock has every leg, none skewed', () => {
    fc.assert(
      fc.property(clockedOrders, (input) => {
        const { latencyMs, skewedLegs } = computeTca(input);
        expect(skewedLegs).toEqual([]);
        for (const leg of LEGS)
          expect(latencyMs[leg]).toBe(input[TCA_LEGS[leg].to]! - input[TCA_LEGS[leg].from]!);
      }),
      RUNS,
    );
  });
});
