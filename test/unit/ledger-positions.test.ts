// Positions derived from fills, weighted-average cost: hand-computed fixtures for each kind of
// fill, then properties over random fill sequences (quantity, flatness, P&L conservation).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFillToPosition,
  emptyPosition,
  unrealizedPnl,
  type Position,
  type PositionFill,
} from '../../domain/ledger/positions.js';

const buy = (quantity: number, price: number, fee = 0): PositionFill => ({
  side: 'buy',
  quantity,
  price,
  fee,
});
const sell = (quantity: number, price: number, fee = 0): PositionFill => ({
  side: 'sell',
  quantity,
  price,
  fee,
});

function applyAll(fills: readonly PositionFill[], start: Position = emptyPosition('BTCUSDT')): Position {
  return fills.reduce((position, fill) => applyFillToPosition(position, fill).position, start);
}

function expectPosition(actual: Position, expected: Omit<Position, 'symbol'>): void {
  expect(actual.quantity).toBeCloseTo(expected.quantity, 9);
  if (expected.entryPrice === null) expect(actual.entryPrice).toBeNull();
  else expect(actual.entryPrice).toBeCloseTo(expected.entryPrice, 9);
  expect(actual.realizedPnl).toBeCloseTo(expected.realizedPnl, 9);
  expect(actual.fees).toBeCloseTo(expected.fees, 9);
  expect(actual.cashDelta).toBeCloseTo(expected.cashDelta, 9);
}

describe('applyFillToPosition fixtures', () => {
  it('starts flat', () => {
    expect(emptyPosition('ETHUSDT')).toEqual({
      symbol: 'ETHUSDT',
      quantity: 0,
      entryPrice: null,
      realizedPnl: 0,
      fees: 0,
      cashDelta: 0,
    });
  });

  it('adding to a long averages the entry price and realizes nothing', () => {
    const first = applyFillToPosition(emptyPosition('BTCUSDT'), buy(1, 100, 0.1));
    expect(first.realizedPnl).toBe(0);
    expectPosition(first.position, {
      quantity: 1,
      entryPrice: 100,
      realizedPnl: 0,
      fees: 0.1,
      cashDelta: -100.1,
    });
    const second = applyFillToPosition(first.position, buy(1, 110, 0.1));
    expect(second.realizedPnl).toBe(0);
    expectPosition(second.position, {
      quantity: 2,
      entryPrice: 105,
      realizedPnl: 0,
      fees: 0.2,
      cashDelta: -210.2,
    });
  });

  it('reducing a long realizes (price − entry) × quantity and keeps the entry price', () => {
    const long = applyAll([buy(1, 100, 0.1), buy(1, 110, 0.1)]);
    const reduced = applyFillToPosition(long, sell(0.5, 120, 0.05));
    expect(reduced.realizedPnl).toBeCloseTo(7.5, 12);
    expectPosition(reduced.position, {
      quantity: 1.5,
      entryPrice: 105,
      realizedPnl: 7.5,
      fees: 0.25,
      cashDelta: -150.25,
    });
  });

  it('a fill that flips long to short closes the long fully and opens the rest at the fill price', () => {
    const long = applyAll([buy(1, 100, 0.1), buy(1, 110, 0.1), sell(0.5, 120, 0.05)]);
    const flipped = applyFillToPosition(long, sell(2.5, 100));
    // Closes 1.5 at 100 against 105: −7.5.
    expect(flipped.realizedPnl).toBeCloseTo(-7.5, 12);
    expectPosition(flipped.position, {
      quantity: -1,
      entryPrice: 100,
      realizedPnl: 0,
      fees: 0.25,
      cashDelta: 99.75,
    });
    // Conservation by hand at a mark of 90: 0 − 0.25 + (−1)(90 − 100) = 9.75 = 99.75 + (−1)(90).
    expect(
      flipped.position.realizedPnl - flipped.position.fees + unrealizedPnl(flipped.position, 90),
    ).toBeCloseTo(flipped.position.cashDelta + flipped.position.quantity * 90, 9);
  });

  it('closing to exactly zero resets the entry price', () => {
    const short = applyAll([buy(2, 105), sell(3, 100)]);
    expectPosition(short, { quantity: -1, entryPrice: 100, realizedPnl: -10, fees: 0, cashDelta: 90 });
    const closed = applyFillToPosition(short, buy(1, 95));
    // A short covered 5 lower gains 5.
    expect(closed.realizedPnl).toBeCloseTo(5, 12);
    expectPosition(closed.position, {
      quantity: 0,
      entryPrice: null,
      realizedPnl: -5,
      fees: 0,
      cashDelta: -5,
    });
    expect(closed.position.quantity).toBe(0);
    expect(unrealizedPnl(closed.position, 1234)).toBe(0);
  });

  it('snaps binary remainders to flat: 0.1 + 0.2 bought, 0.3 sold', () => {
    const flat = applyAll([buy(0.1, 100), buy(0.2, 100), sell(0.3, 101)]);
    expect(flat.quantity).toBe(0);
    expect(flat.entryPrice).toBeNull();
    expect(flat.realizedPnl).toBeCloseTo(0.3, 12);
  });

  it('the short side mirrors the long side', () => {
    const short = applyAll([sell(2, 50, 0.2), sell(2, 60, 0.2)]);
    expectPosition(short, { quantity: -4, entryPrice: 55, realizedPnl: 0, fees: 0.4, cashDelta: 219.6 });
    expect(unrealizedPnl(short, 50)).toBeCloseTo(20, 12);
    const covered = applyFillToPosition(short, buy(1, 40, 0.1));
    expect(covered.realizedPnl).toBeCloseTo(15, 12);
    expectPosition(covered.position, {
      quantity: -3,
      entryPrice: 55,
      realizedPnl: 15,
      fees: 0.5,
      cashDelta: 179.5,
    });
    expect(unrealizedPnl(covered.position, 50)).toBeCloseTo(15, 12);
    // A losing cover realizes a loss.
    expect(applyFillToPosition(covered.position, buy(1, 65)).realizedPnl).toBeCloseTo(-10, 12);
  });

  it('flips short to long', () => {
    const flipped = applyAll([sell(1, 100), buy(3, 90)]);
    expectPosition(flipped, { quantity: 2, entryPrice: 90, realizedPnl: 10, fees: 0, cashDelta: -170 });
  });

  it('unrealized P&L of a long', () => {
    expect(unrealizedPnl(applyAll([buy(2, 100)]), 103)).toBeCloseTo(6, 12);
    expect(unrealizedPnl(emptyPosition('X'), 103)).toBe(0);
  });

  it('refuses fills that cannot be true and never mutates its input', () => {
    const position = Object.freeze(applyAll([buy(1, 100)]));
    for (const fill of [
      buy(0, 1),
      buy(-1, 1),
      buy(NaN, 1),
      buy(1, 0),
      buy(1, -1),
      buy(1, Infinity),
      buy(1, 1, -0.1),
    ])
      expect(() => applyFillToPosition(position, fill), JSON.stringify(fill)).toThrow(RangeError);
    expect(() =>
      applyFillToPosition(position, {
        side: 'hold',
        quantity: 1,
        price: 1,
        fee: 0,
      } as unknown as PositionFill),
    ).toThrow(RangeError);
    expect(() => unrealizedPnl(position, NaN)).toThrow(RangeError);
    const after = applyFillToPosition(position, sell(0.5, 110));
    expect(position.quantity).toBe(1);
    expect(after.position).not.toBe(position);
  });
});

describe('applyFillToPosition properties', () => {
  const fillArb: fc.Arbitrary<PositionFill> = fc.record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    // Round sizes make exact closes and flips frequent; arbitrary ones probe rounding.
    quantity: fc.oneof(
      fc.constantFrom(0.1, 0.2, 0.3, 0.5, 1, 2, 3),
      fc.double({ min: 1e-4, max: 50, noNaN: true }),
    ),
    price: fc.double({ min: 1, max: 1000, noNaN: true }),
    fee: fc.double({ min: 0, max: 2, noNaN: true }),
  });
  const scenarioArb = fc.record({
    fills: fc.array(fillArb, { maxLength: 40 }),
    mark: fc.double({ min: 1, max: 1000, noNaN: true }),
  });

  it('quantity = Σ signed fills, entry null iff flat, fees and realized P&L add up', () => {
    fc.assert(
      fc.property(scenarioArb, ({ fills }) => {
        let position = emptyPosition('BTCUSDT');
        let signed = 0;
        let gross = 0;
        let realized = 0;
        let fees = 0;
        for (const fill of fills) {
          const result = applyFillToPosition(position, fill);
          position = result.position;
          signed += (fill.side === 'buy' ? 1 : -1) * fill.quantity;
          gross += fill.quantity;
          realized += result.realizedPnl;
          fees += fill.fee;
          expect(Math.abs(position.quantity - signed)).toBeLessThanOrEqual(1e-9 * (gross + 1));
          expect(position.entryPrice === null).toBe(position.quantity === 0);
          if (position.entryPrice !== null) {
            expect(position.entryPrice).toBeGreaterThanOrEqual(1 - 1e-9);
            expect(position.entryPrice).toBeLessThanOrEqual(1000 + 1e-9);
          }
          expect(position.realizedPnl).toBeCloseTo(realized, 6);
          expect(position.fees).toBeCloseTo(fees, 9);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('conserves value: realized − fees + unrealized(mark) = cashDelta + quantity × mark', () => {
    fc.assert(
      fc.property(scenarioArb, ({ fills, mark }) => {
        const position = applyAll(fills);
        const scale =
          fills.reduce((total, fill) => total + fill.price * fill.quantity + fill.fee, 0) +
          Math.abs(position.quantity) * mark +
          1;
        const pnl = position.realizedPnl - position.fees + unrealizedPnl(position, mark);
        const cash = position.cashDelta + position.quantity * mark;
        expect(Math.abs(pnl - cash)).toBeLessThanOrEqual(1e-6 * scale);
      }),
      { numRuns: 300 },
    );
  });

  it('is independent of how a fill is split: one fill or two halves at the same price', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 20 }), fillArb, (prefix, fill) => {
        const start = applyAll(prefix);
        const whole = applyFillToPosition(start, fill).position;
        const half = { ...fill, quantity: fill.quantity / 2, fee: fill.fee / 2 };
        const halves = applyAll([half, half], start);
        const scale = fill.price * fill.quantity + Math.abs(start.quantity) * fill.price + 1;
        expect(Math.abs(halves.quantity - whole.quantity)).toBeLessThanOrEqual(
          1e-9 * (Math.abs(start.quantity) + fill.quantity + 1),
        );
        expect(Math.abs(halves.realizedPnl - whole.realizedPnl)).toBeLessThanOrEqual(1e-6 * scale);
        expect(Math.abs(halves.cashDelta - whole.cashDelta)).toBeLessThanOrEqual(1e-6 * scale);
      }),
      { numRuns: 200 },
    );
  });
});
