// Hand-computed fixtures for the spot strategies: tiny bar series whose indicators can be checked
// on paper, with small lookbacks so every branch (enter, exit, hold, no_trade, warm-up, defect)
// is reached by a handful of bars.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { createBuyAndHold } from '../../domain/strategies/buy-and-hold.js';
import { createDonchian } from '../../domain/strategies/donchian.js';
import { createMaCrossover } from '../../domain/strategies/ma-crossover.js';
import { createMeanReversion } from '../../domain/strategies/mean-reversion.js';
import { createNoTrade } from '../../domain/strategies/no-trade.js';
import type { DecisionContext, MarketSeries, PositionView, Strategy } from '../../domain/strategies/types.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const HOURS_PER_YEAR = 365 * 24;

/** Hourly bars from [open, high, low, close] rows; volume 1. */
function bars(rows: readonly (readonly [number, number, number, number])[], symbol = 'BTCUSDT'): Bar[] {
  return rows.map(([open, high, low, close], i) => ({
    symbol,
    openTime: T0 + i * HOUR,
    closeTime: T0 + (i + 1) * HOUR - 1,
    open,
    high,
    low,
    close,
    volume: 1,
  }));
}

/** Bars whose open, high and low all equal the close: true ranges are close-to-close moves. */
const closesOnly = (closes: readonly number[], symbol = 'BTCUSDT') =>
  bars(
    closes.map((c) => [c, c, c, c] as const),
    symbol,
  );

const spot = (series: Bar[], symbol = 'BTCUSDT'): MarketSeries => ({ symbol, kind: 'spot', bars: series });

/** The decision time just after the last bar closed. */
const after = (series: readonly Bar[]) => (series[series.length - 1]?.closeTime ?? T0 - 1) + 1;

function context(series: MarketSeries[], holding: string[] = [], decisionTime?: number): DecisionContext {
  const time = decisionTime ?? Math.max(...series.map((s) => after(s.bars)));
  const positions: Record<string, PositionView> = {};
  for (const symbol of holding)
    positions[symbol] = { symbol, quantity: 1, averageEntryPrice: 1, entryTime: T0 };
  return { decisionTime: time, series, positions };
}

const only = (strategy: Strategy, ctx: DecisionContext) => {
  const decisions = strategy.decide(ctx);
  expect(decisions).toHaveLength(1);
  return decisions[0]!;
};

/** Annualised sample std of hourly log returns, written out independently of the code under test. */
function hourlyVol(closes: number[]): number {
  const r = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1)) * Math.sqrt(HOURS_PER_YEAR);
}

describe('donchian', () => {
  const donchian = createDonchian({ entryLookback: 3, exitLookback: 2, atrLookback: 2, stopAtrMultiple: 2 });
  const head = [
    [10, 11, 9, 10],
    [10, 12, 9, 11],
    [11, 12, 10, 11],
  ] as const;

  it('enters on a close above the previous 3-bar high', () => {
    // Channel high max(11, 12, 12) = 12; true ranges of the last 2 bars: 2 and max(3, 3, 0) = 3 → ATR 2.5.
    const series = bars([...head, [11, 14, 11, 13.5]]);
    expect(only(donchian, context([spot(series)]))).toEqual({
      strategy: 'donchian',
      symbol: 'BTCUSDT',
      decisionTime: after(series),
      action: 'enter',
      reasonRaw: 'donchian_breakout: close 13.5 > 3-bar high 12',
      reasonCanonical: 'BREAKOUT_ENTRY',
      confidence: (13.5 - 12) / 2.5,
      referencePrice: 13.5,
      stopDistance: 5,
      realizedVolatility: hourlyVol([10, 11, 11, 13.5]),
    });
  });

  it('does not enter on a close equal to the channel high, holds a position above the exit channel', () => {
    const series = bars([...head, [11, 12, 11, 12]]);
    const flat = only(donchian, context([spot(series)]));
    expect([flat.action, flat.reasonRaw, flat.reasonCanonical, flat.confidence]).toEqual([
      'no_trade',
      'no_signal: close 12 <= 3-bar high 12',
      'NO_SIGNAL',
      0,
    ]);
    const held = only(donchian, context([spot(series)], ['BTCUSDT']));
    expect([held.action, held.reasonRaw, held.reasonCanonical]).toEqual([
      'hold',
      'hold: close 12 >= 2-bar low 9',
      'HOLD',
    ]);
  });

  it('exits on a close below the previous 2-bar low', () => {
    // Exit channel low min(9, 10) = 9; true ranges 2 and max(3, 0, 3) = 3 → ATR 2.5.
    const series = bars([...head, [11, 11, 8, 8.5]]);
    const decision = only(donchian, context([spot(series)], ['BTCUSDT']));
    expect(decision).toMatchObject({
      action: 'exit',
      reasonRaw: 'donchian_breakdown: close 8.5 < 2-bar low 9',
      reasonCanonical: 'BREAKDOWN_EXIT',
      stopDistance: 5,
    });
    expect(decision.confidence).toBeCloseTo(0.2, 12);
  });

  it('warms up until entry lookback + 1 bars have closed', () => {
    const series = bars(head);
    expect(only(donchian, context([spot(series)]))).toEqual({
      strategy: 'donchian',
      symbol: 'BTCUSDT',
      decisionTime: after(series),
      action: 'no_trade',
      reasonRaw: 'warmup: 3 of 4 completed bars',
      reasonCanonical: 'WARMUP',
      confidence: 0,
      referencePrice: 11,
      schemaFail: { failClass: 'warmup_expected', missingFields: ['bars'] },
    });
  });

  it('ignores a bar that has not closed at the decision time (closeTime is inclusive)', () => {
    const series = bars([...head, [11, 14, 11, 13.5]]);
    const atClose = only(donchian, context([spot(series)], [], series[3]!.closeTime));
    expect(atClose.reasonCanonical).toBe('WARMUP');
    expect(atClose.referencePrice).toBe(11);
  });

  it('reports non-finite bar fields as a data defect naming them', () => {
    const series = bars([...head, [11, 14, 11, 13.5]]);
    series[1] = { ...series[1]!, close: Number.NaN, high: Number.POSITIVE_INFINITY };
    expect(only(donchian, context([spot(series)]))).toMatchObject({
      action: 'no_trade',
      reasonCanonical: 'DATA_DEFECT',
      reasonRaw: `data_defect: invalid close, high in bar closing ${series[1].closeTime}`,
      schemaFail: { failClass: 'integration_defect', missingFields: ['close', 'high'] },
      referencePrice: 13.5,
    });
  });

  it('decides once per spot series, sorted by symbol, ignoring binary markets', () => {
    const rows = [...head, [11, 14, 11, 13.5]] as const;
    const decisions = donchian.decide(
      context([
        spot(bars(rows, 'SOLUSDT'), 'SOLUSDT'),
        { symbol: 'PM1USDT', kind: 'binary', bars: closesOnly([0.5, 0.5, 0.5, 0.5], 'PM1USDT') },
        spot(bars(rows, 'ETHUSDT'), 'ETHUSDT'),
        spot([], 'ADAUSDT'),
      ]),
    );
    expect(decisions.map((d) => [d.symbol, d.reasonCanonical, d.referencePrice])).toEqual([
      ['ADAUSDT', 'WARMUP', null],
      ['ETHUSDT', 'BREAKOUT_ENTRY', 13.5],
      ['SOLUSDT', 'BREAKOUT_ENTRY', 13.5],
    ]);
  });
});

describe('maCrossover', () => {
  const ma = createMaCrossover({ fastLookback: 2, slowLookback: 3, atrLookback: 2, stopAtrMultiple: 2 });

  it('enters when flat and the fast SMA is above the slow one', () => {
    // fast (11 + 13) / 2 = 12, slow 34 / 3; true ranges 1 and 2 → ATR 1.5, stop 3.
    const decision = only(ma, context([spot(closesOnly([10, 11, 13]))]));
    expect(decision).toMatchObject({
      action: 'enter',
      reasonRaw: 'ma_cross_up: 2-bar SMA 12 > 3-bar SMA 11.333333',
      reasonCanonical: 'MA_CROSS_UP',
      stopDistance: 3,
      referencePrice: 13,
      realizedVolatility: hourlyVol([10, 11, 13]),
    });
    expect(decision.confidence).toBeCloseTo((12 - 34 / 3) / 1.5, 12);
    expect(only(ma, context([spot(closesOnly([10, 11, 13]))], ['BTCUSDT'])).action).toBe('hold');
  });

  it('exits when holding and the fast SMA falls below the slow one', () => {
    const series = spot(closesOnly([13, 11, 10]));
    const decision = only(ma, context([series], ['BTCUSDT']));
    expect(decision).toMatchObject({
      action: 'exit',
      reasonRaw: 'ma_cross_down: 2-bar SMA 10.5 < 3-bar SMA 11.333333',
      reasonCanonical: 'MA_CROSS_DOWN',
    });
    expect(decision.confidence).toBeCloseTo((34 / 3 - 10.5) / 1.5, 12);
    expect(only(ma, context([series])).reasonCanonical).toBe('NO_SIGNAL');
  });

  it('warms up until the slow window and the ATR window are full', () => {
    expect(only(ma, context([spot(closesOnly([10, 11]))])).reasonRaw).toBe('warmup: 2 of 3 completed bars');
  });
});

describe('meanReversion', () => {
  const mr = createMeanReversion({ lookback: 4, entryZ: -1.5, exitZ: 0, atrLookback: 2, stopAtrMultiple: 2 });

  it('enters when the last close is at least 1.5 std below the 4-bar mean', () => {
    // mean 9, population variance (1 + 1 + 1 + 9) / 4 = 3, z = -3 / √3; true ranges 0 and 4 → ATR 2.
    const decision = only(mr, context([spot(closesOnly([10, 10, 10, 6]))]));
    expect(decision).toMatchObject({
      action: 'enter',
      reasonCanonical: 'OVERSOLD_ENTRY',
      reasonRaw: 'zscore_oversold: z -1.7320508 <= -1.5 (close 6, 4-bar mean 9, std 1.7320508)',
      stopDistance: 4,
    });
    expect(decision.confidence).toBeCloseTo(Math.sqrt(3) / 4, 12);
    expect(only(mr, context([spot(closesOnly([10, 10, 10, 6]))], ['BTCUSDT'])).action).toBe('hold');
  });

  it('exits once z is back at or above the mean', () => {
    const series = spot(closesOnly([10, 10, 10, 12]));
    expect(only(mr, context([series], ['BTCUSDT']))).toMatchObject({
      action: 'exit',
      reasonCanonical: 'MEAN_REVERTED_EXIT',
      confidence: 1,
    });
    expect(only(mr, context([series])).reasonRaw).toMatch(/^no_signal: z 1.7320508 > -1.5/);
  });

  it('gives no signal when the window has no dispersion', () => {
    const decision = only(mr, context([spot(closesOnly([0.1, 0.1, 0.1, 0.1]))]));
    expect([decision.action, decision.reasonCanonical]).toEqual(['no_trade', 'NO_SIGNAL']);
    expect(decision.reasonRaw).toContain('no dispersion');
  });
});

describe('buyAndHold', () => {
  const bh = createBuyAndHold({ atrLookback: 14, stopAtrMultiple: 2 });

  it('buys at the first completed bar and holds afterwards', () => {
    const series = spot(bars([[10, 11, 9, 10]]));
    expect(only(bh, context([series]))).toEqual({
      strategy: 'buyAndHold',
      symbol: 'BTCUSDT',
      decisionTime: after(series.bars),
      action: 'enter',
      reasonRaw: 'buy_and_hold: flat; buy at close 10 and hold',
      reasonCanonical: 'BUY_AND_HOLD_ENTRY',
      confidence: 1,
      referencePrice: 10,
      stopDistance: 4, // 2 × the one bar's range
    });
    expect(only(bh, context([series], ['BTCUSDT'])).reasonCanonical).toBe('HOLD');
  });

  it('waits for a first bar', () => {
    expect(only(bh, context([spot([])], [], T0)).reasonRaw).toBe('warmup: 0 of 1 completed bars');
  });
});

describe('noTrade', () => {
  it('returns the baseline no_trade for every spot series, whatever the bars', () => {
    const broken = closesOnly([Number.NaN]);
    const decisions = createNoTrade().decide(
      context(
        [
          spot(closesOnly([5, 6], 'ETHUSDT'), 'ETHUSDT'),
          spot(broken, 'BTCUSDT'),
          { symbol: 'PM1USDT', kind: 'binary', bars: closesOnly([0.5], 'PM1USDT') },
        ],
        ['ETHUSDT'],
      ),
    );
    expect(decisions).toEqual(
      ['BTCUSDT', 'ETHUSDT'].map((symbol) => ({
        strategy: 'noTrade',
        symbol,
        decisionTime: T0 + 2 * HOUR,
        action: 'no_trade',
        reasonRaw: 'baseline: never trades',
        reasonCanonical: 'BASELINE_NO_TRADE',
        confidence: 1,
        referencePrice: symbol === 'ETHUSDT' ? 6 : null,
      })),
    );
  });
});
