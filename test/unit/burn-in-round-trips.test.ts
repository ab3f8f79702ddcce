import { describe, expect, it } from 'vitest';
import { regimeTags, timeToResolutionBucket, volatilityBucket } from '../../domain/burn-in/regime.js';
import { roundTrips, type RunFill } from '../../domain/burn-in/round-trips.js';
import { applyFillToPosition, emptyPosition } from '../../domain/ledger/positions.js';

const fill = (overrides: Partial<RunFill>): RunFill => ({
  clientOrderId: 'k-1',
  symbol: 'BTCUSDT',
  side: 'buy',
  price: 100,
  quantity: 1,
  fee: 0.1,
  time: 1_000,
  kind: 'trade',
  ...overrides,
});

describe('round trips from fills', () => {
  it('a partial entry and a two-part exit make one trip (VWAPs, fees, net and return by hand)', () => {
    const trips = roundTrips([
      fill({ clientOrderId: 'e', price: 100, quantity: 1, fee: 0.1, time: 1 }),
      fill({ clientOrderId: 'e', price: 102, quantity: 1, fee: 0.1, time: 2 }),
      fill({ clientOrderId: 'x1', side: 'sell', price: 110, quantity: 1.5, fee: 0.2, time: 5 }),
      fill({ clientOrderId: 'x2', side: 'sell', price: 90, quantity: 0.5, fee: 0.05, time: 6 }),
    ]);
    // bought 2 for 202 (VWAP 101); sold 1.5 × 110 + 0.5 × 90 = 210 (VWAP 105); gross 8; fees 0.45.
    expect(trips).toHaveLength(1);
    const [trip] = trips;
    expect(trip).toMatchObject({
      entryClientOrderId: 'e',
      exitClientOrderId: 'x2',
      entryTime: 1,
      exitTime: 6,
      quantity: 2,
      exitKind: 'signal',
    });
    expect(trip!.entryPrice).toBeCloseTo(101, 12);
    expect(trip!.exitPrice).toBeCloseTo(105, 12);
    expect(trip!.grossPnl).toBeCloseTo(8, 12);
    expect(trip!.fees).toBeCloseTo(0.45, 12);
    expect(trip!.netPnl).toBeCloseTo(7.55, 12);
    expect(trip!.returnPct).toBeCloseTo(7.55 / 202, 12);
  });

  it('a binary market settled at 0 loses the stake; at 1 it pays one per contract', () => {
    const trips = roundTrips([
      fill({ symbol: 'PM1USDT', clientOrderId: 'a', price: 0.4, quantity: 100, fee: 0.04, time: 1 }),
      fill({
        symbol: 'PM1USDT',
        clientOrderId: 'settle-PM1USDT-x',
        side: 'sell',
        price: 0,
        quantity: 100,
        fee: 0,
        time: 9,
        kind: 'settlement',
      }),
      fill({ symbol: 'PM2USDT', clientOrderId: 'b', price: 0.25, quantity: 10, fee: 0, time: 2 }),
      fill({
        symbol: 'PM2USDT',
        clientOrderId: 'settle-PM2USDT-x',
        side: 'sell',
        price: 1,
        quantity: 10,
        fee: 0,
        time: 8,
        kind: 'settlement',
      }),
    ]);
    expect(trips.map((t) => [t.symbol, t.exitKind, t.netPnl])).toEqual([
      ['PM2USDT', 'settlement', 7.5],
      ['PM1USDT', 'settlement', -40.04],
    ]);
  });

  it('an open position is a trip only at the end of the run, marked at the given price and labelled so', () => {
    const fills = [fill({ clientOrderId: 'e', price: 50, quantity: 2, fee: 0 })];
    expect(roundTrips(fills)).toEqual([]);
    const [trip] = roundTrips(fills, { time: 99, prices: { BTCUSDT: 60 } });
    expect(trip).toMatchObject({ exitKind: 'end_of_run', exitClientOrderId: null, exitTime: 99, netPnl: 20 });
  });

  it('a sell before any entry of the run (an older position) is not the run’s trade', () => {
    expect(roundTrips([fill({ side: 'sell' })])).toEqual([]);
  });
});

describe('regime tags', () => {
  it('buckets volatility and time to resolution at fixed edges', () => {
    expect([0.2, 0.4, 0.79, 0.8, Number.NaN, null].map(volatilityBucket)).toEqual([
      'low',
      'mid',
      'mid',
      'high',
      'unknown',
      'unknown',
    ]);
    expect(timeToResolutionBucket(0, 86_399_999)).toBe('<1d');
    expect(timeToResolutionBucket(0, 7 * 86_400_000)).toBe('1-7d');
    expect(timeToResolutionBucket(0, 8 * 86_400_000)).toBe('>7d');
    expect(
      regimeTags({ realizedVolatility: 0.5, category: null, entryTime: 0, resolutionTime: null }),
    ).toEqual({
      volatility: 'mid',
      category: 'spot',
      timeToResolution: 'n/a',
    });
  });
});

describe('a settlement in the position book', () => {
  it('may be priced at 0 (a worthless YES token); an ordinary fill may not', () => {
    const held = applyFillToPosition(emptyPosition('PM1USDT'), {
      side: 'buy',
      quantity: 100,
      price: 0.4,
      fee: 0,
    }).position;
    const settled = applyFillToPosition(held, {
      side: 'sell',
      quantity: 100,
      price: 0,
      fee: 0,
      settlement: true,
    });
    expect(settled.position.quantity).toBe(0);
    expect(settled.realizedPnl).toBeCloseTo(-40, 12);
    expect(() => applyFillToPosition(held, { side: 'sell', quantity: 100, price: 0, fee: 0 })).toThrow(
      /price/,
    );
  });
});

describe('admission of strategy decisions', () => {
  it('a halted desk sends nothing; close-only lets exits go and pauses entries', async () => {
    const { deskRefusal } = await import('../../domain/burn-in/admission.js');
    expect(deskRefusal('enter', 'ACTIVE')).toBeNull();
    expect(deskRefusal('exit', 'ACTIVE')).toBeNull();
    expect(deskRefusal('enter', 'CLOSE_ONLY')).toMatch(/^paused/);
    expect(deskRefusal('exit', 'CLOSE_ONLY')).toBeNull();
    expect(deskRefusal('enter', 'HALTED')).toMatch(/^paused/);
    expect(deskRefusal('exit', 'HALTED')).toMatch(/^deferred/);
  });

  it('entries fit under the gross limit with headroom', async () => {
    const { grossRefusal } = await import('../../domain/burn-in/admission.js');
    expect(grossRefusal(100_000, 40_000, 150_000)).toBeNull(); // 140,000 ≤ 147,000
    expect(grossRefusal(100_000, 48_000, 150_000)).toMatch(/would pass the limit 150000/); // 148,000 > 147,000
  });
});
