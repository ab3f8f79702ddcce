// Transaction cost analysis: hand-computed buys and sells, signs (positive = worse for the
// trader), and nulls wherever an input is missing.
import { describe, expect, it } from 'vitest';
import { computeTca, type TcaInput } from '../../domain/ledger/tca.js';
import { T0 } from '../helpers/clock.js';

const BUY: TcaInput = {
  side: 'buy',
  quantity: 2,
  decisionPrice: 100,
  decisionTime: T0,
  arrivalPrice: 100.5,
  submittedAt: T0 + 50,
  acceptedAt: T0 + 80,
  firstFillAt: T0 + 100,
  lastFillAt: T0 + 300,
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
  submittedAt: T0 + 10,
  acceptedAt: T0 + 15,
  firstFillAt: T0 + 15,
  lastFillAt: T0 + 15,
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
      decisionToSubmit: 50,
      submitToAck: 30,
      ackToFirstFill: 20,
      firstToLastFill: 200,
    });
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
      decisionToSubmit: 10,
      submitToAck: 5,
      ackToFirstFill: 0,
      firstToLastFill: 0,
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
      latencyMs: { decisionToSubmit: 50, submitToAck: 30, ackToFirstFill: null, firstToLastFill: null },
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
    const lostAck = computeTca({ ...BUY, acceptedAt: null });
    expect(lostAck.latencyMs).toEqual({
      decisionToSubmit: 50,
      submitToAck: null,
      ackToFirstFill: null,
      firstToLastFill: 200,
    });
    const minimal = computeTca({ side: 'buy', quantity: 1, fills: [] });
    expect(minimal.latencyMs).toEqual({
      decisionToSubmit: null,
      submitToAck: null,
      ackToFirstFill: null,
      firstToLastFill: null,
    });
  });

  it('keeps a negative leg: venue fill time before the local ack time is clock skew worth seeing', () => {
    expect(computeTca({ ...BUY, firstFillAt: T0 + 70 }).latencyMs.ackToFirstFill).toBe(-10);
  });

  it('refuses inputs that cannot be true', () => {
    expect(() => computeTca({ ...BUY, quantity: 0 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, quantity: NaN })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, decisionPrice: 0 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, arrivalPrice: -1 })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, submittedAt: NaN })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 0, quantity: 1, fee: 0 }] })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 1, quantity: -1, fee: 0 }] })).toThrow(RangeError);
    expect(() => computeTca({ ...BUY, fills: [{ price: 1, quantity: 1, fee: -1 }] })).toThrow(RangeError);
  });
});
