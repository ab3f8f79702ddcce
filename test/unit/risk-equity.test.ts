// Equity marks for the loss and drawdown breakers: marked equity from fills and marks (null when it
// cannot be known, so callers fail closed), drawdown from the peak, and the UTC venue day.
import { describe, expect, it } from 'vitest';
import {
  drawdownPct,
  markedEquity,
  startOfVenueDay,
  venueDay,
  type HeldPosition,
} from '../../domain/risk/equity.js';

const DAY_MS = 86_400_000;

const held = (symbol: string, quantity: number, cashDelta: number): HeldPosition => ({
  symbol,
  quantity,
  cashDelta,
});

describe('markedEquity', () => {
  it('is the starting equity without positions', () => {
    expect(markedEquity(10_000, [], {})).toBe(10_000);
  });

  it('adds every cash delta and each holding at its mark', () => {
    const positions = [held('BTCUSDT', 0.5, -25_010), held('ETHUSDT', -2, 6_000)];
    const marks = { BTCUSDT: 52_000, ETHUSDT: 3_100 };
    // 100000 - 25010 + 0.5 × 52000 + 6000 - 2 × 3100
    expect(markedEquity(100_000, positions, marks)).toBeCloseTo(100_790, 9);
  });

  it('counts a short holding negatively', () => {
    expect(markedEquity(1_000, [held('ETHUSDT', -1, 100)], { ETHUSDT: 150 })).toBe(950);
  });

  it('counts the cash of a flat symbol, which needs no mark', () => {
    expect(markedEquity(1_000, [held('SOLUSDT', 0, -12.5)], {})).toBe(987.5);
    expect(markedEquity(1_000, [held('SOLUSDT', 0, 30)], { SOLUSDT: null })).toBe(1_030);
    expect(markedEquity(1_000, [held('SOLUSDT', 0, 30)], { SOLUSDT: NaN })).toBe(1_030);
  });

  it('is null without a starting equity', () => {
    expect(markedEquity(undefined, [], {})).toBeNull();
    expect(markedEquity(undefined, [held('BTCUSDT', 1, -100)], { BTCUSDT: 100 })).toBeNull();
  });

  it.each([NaN, Infinity, -Infinity])('is null for a non-finite starting equity (%s)', (starting) => {
    expect(markedEquity(starting, [], {})).toBeNull();
  });

  it('is null when a held symbol has no mark', () => {
    const positions = [held('BTCUSDT', 1, -100), held('ETHUSDT', 2, -50)];
    expect(markedEquity(1_000, positions, { BTCUSDT: 100 })).toBeNull();
    expect(markedEquity(1_000, positions, { BTCUSDT: 100, ETHUSDT: null })).toBeNull();
  });

  it.each([NaN, Infinity, -Infinity])('is null when a held symbol has a non-finite mark (%s)', (mark) => {
    expect(markedEquity(1_000, [held('BTCUSDT', 1, -100)], { BTCUSDT: mark })).toBeNull();
  });

  it('is null when a symbol name is an object property rather than a mark', () => {
    expect(markedEquity(1_000, [held('constructor', 1, 0)], {})).toBeNull();
    expect(markedEquity(1_000, [held('toString', 1, 0)], {})).toBeNull();
  });

  it('is null when the sum overflows', () => {
    expect(markedEquity(Number.MAX_VALUE, [held('BTCUSDT', 2, 0)], { BTCUSDT: Number.MAX_VALUE })).toBeNull();
    expect(markedEquity(1_000, [held('BTCUSDT', 0, Infinity)], {})).toBeNull();
  });

  it('may be negative or zero (a blown account is still known)', () => {
    expect(markedEquity(1_000, [held('BTCUSDT', 1, -1_000)], { BTCUSDT: 0 })).toBe(0);
    expect(markedEquity(1_000, [held('BTCUSDT', 1, -1_500)], { BTCUSDT: 200 })).toBe(-300);
  });

  it('does not depend on the order of the positions', () => {
    const positions = [held('A', 1, -10), held('B', -3, 33), held('C', 0, 2)];
    const marks = { A: 11, B: 9 };
    expect(markedEquity(500, positions, marks)).toBeCloseTo(
      markedEquity(500, [...positions].reverse(), marks)!,
      9,
    );
  });
});

describe('drawdownPct', () => {
  it('is the fall from the peak in percent', () => {
    expect(drawdownPct(900, 1_000)).toBe(10);
    expect(drawdownPct(750, 1_000)).toBe(25);
    expect(drawdownPct(0, 1_000)).toBe(100);
  });

  it('can exceed 100 when equity is negative', () => {
    expect(drawdownPct(-500, 1_000)).toBe(150);
  });

  it('is 0 at or above the peak', () => {
    expect(drawdownPct(1_000, 1_000)).toBe(0);
    expect(drawdownPct(1_200, 1_000)).toBe(0);
  });

  it.each([
    [null, 1_000],
    [900, null],
    [null, null],
    [900, 0],
    [-10, -5],
    [900, NaN],
  ] as const)('is null when unknown (equity %s, peak %s)', (equity, peak) => {
    expect(drawdownPct(equity, peak)).toBeNull();
  });
});

describe('venueDay and startOfVenueDay', () => {
  const lastMs = Date.parse('2026-01-01T23:59:59.999Z');
  const nextMs = Date.parse('2026-01-02T00:00:00.000Z');

  it('splits days at UTC midnight', () => {
    expect(venueDay(lastMs)).toBe('2026-01-01');
    expect(venueDay(nextMs)).toBe('2026-01-02');
    expect(startOfVenueDay(lastMs)).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(startOfVenueDay(nextMs)).toBe(nextMs);
  });

  it('crosses month and year ends', () => {
    expect(venueDay(Date.parse('2025-12-31T23:59:59.999Z'))).toBe('2025-12-31');
    expect(venueDay(Date.parse('2026-01-01T00:00:00.000Z'))).toBe('2026-01-01');
    expect(venueDay(Date.parse('2024-02-29T12:00:00.000Z'))).toBe('2024-02-29');
    expect(startOfVenueDay(Date.parse('2024-03-01T00:00:00.001Z'))).toBe(
      Date.parse('2024-03-01T00:00:00.000Z'),
    );
  });

  it('agree with each other over a range of times', () => {
    for (
      let time = Date.parse('2025-12-30T00:00:00.000Z');
      time < Date.parse('2026-01-03T00:00:00Z');
      time += 3_599_999
    ) {
      const start = startOfVenueDay(time);
      expect(start % DAY_MS).toBe(0);
      expect(start).toBeLessThanOrEqual(time);
      expect(time - start).toBeLessThan(DAY_MS);
      expect(venueDay(start)).toBe(venueDay(time));
      expect(venueDay(start - 1)).not.toBe(venueDay(time));
      expect(new Date(start).toISOString()).toBe(`${venueDay(time)}T00:00:00.000Z`);
    }
  });

  it('handles times before the epoch', () => {
    expect(startOfVenueDay(-1)).toBe(-DAY_MS);
    expect(venueDay(-1)).toBe('1969-12-31');
    expect(startOfVenueDay(0)).toBe(0);
    expect(venueDay(0)).toBe('1970-01-01');
  });
});
