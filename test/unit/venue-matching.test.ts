import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/market-data/bar.js';
import { DEFAULT_FEE_TIERS, tieredFeeModel } from '../../domain/execution/fees.js';
import { fixedLatency } from '../../domain/execution/latency.js';
import {
  cancelOrder,
  executeOnBar,
  isFinalStatus,
  liveTimeOf,
  type MatchingContext,
} from '../../domain/execution/matching.js';
import type {
  BarExecution,
  FillModels,
  SimOrderStatus,
  WorkingOrder,
} from '../../domain/execution/orders.js';
import { fixedBpsSlippage } from '../../domain/execution/slippage.js';
import { btcusdtRules, MINUTE, sampleBar, workingOrder, type BarFields } from '../helpers/market-fixtures.js';

const T0 = 1_700_000_040_000; // a minute boundary

const RULES = btcusdtRules();

/** Bar `index` minutes after T0; OHLC default to a flat 100. */
function bar(index: number, fields: BarFields = {}): Bar {
  return sampleBar(T0 + index * MINUTE, { high: 100, low: 100, close: 100, volume: 1000, ...fields });
}

/** An order decided on bar 0 and accepted at its close, so bar 1 is the first it may use. */
function order(fields: Partial<WorkingOrder> = {}): WorkingOrder {
  return workingOrder({ submitTime: bar(0).closeTime, ...fields });
}

function models(fields: Partial<FillModels> = {}): FillModels {
  return {
    latency: fixedLatency(0),
    slippage: fixedBpsSlippage(0),
    fees: tieredFeeModel(DEFAULT_FEE_TIERS),
    participationRate: 1,
    ...fields,
  };
}

function ctx(fields: Partial<MatchingContext> = {}): MatchingContext {
  return {
    models: models(),
    rules: RULES,
    history: [],
    availableVolume: 1000,
    trailingQuoteVolume: 0,
    ...fields,
  };
}

/** Runs one order over several bars with a given available volume per bar. */
function runBars(start: WorkingOrder, bars: Bar[], available: number[], base: Partial<MatchingContext> = {}) {
  const steps: BarExecution[] = [];
  let current = start;
  bars.forEach((b, i) => {
    const step = executeOnBar(
      current,
      b,
      ctx({ ...base, history: bars.slice(0, i), availableVolume: available[i]! }),
    );
    steps.push(step);
    current = step.order;
  });
  return { steps, final: current };
}

describe('executeOnBar: latency', () => {
  it('never uses the decision bar: a market order fills at the next open, not the decision close', () => {
    const decision = bar(0, { open: 99, high: 100, low: 98, close: 100 });
    const next = bar(1, { open: 101, high: 102, low: 100.5, close: 101.5 });
    const onDecision = executeOnBar(order(), decision, ctx());
    expect(onDecision.fills).toEqual([]);
    expect(onDecision.order.status).toBe('NEW');
    const onNext = executeOnBar(order(), next, ctx());
    expect(onNext.fills[0]!.price).toBe(101);
    expect(onNext.fills[0]!.time).toBe(next.openTime);
  });

  it('skips every bar that opens before submitTime + latency', () => {
    // Live at bar(0).closeTime + 100 ms = bar(1).openTime + 99: bar 1 is too early, bar 2 is first.
    const slow = ctx({ models: models({ latency: fixedLatency(100) }) });
    const bars = [bar(1, { open: 101 }), bar(2, { open: 102 })];
    const first = executeOnBar(order(), bars[0]!, slow);
    expect(first).toEqual({ order: order(), fills: [], consumedVolume: 0 });
    const second = executeOnBar(first.order, bars[1]!, slow);
    expect(second.fills).toHaveLength(1);
    expect(second.fills[0]!.price).toBe(102);
    expect(liveTimeOf(order(), fixedLatency(100))).toBe(bar(1).openTime + 99);
  });

  it('accepts a bar opening exactly at the live time', () => {
    const atOpen = order({ submitTime: bar(1).openTime - 500 });
    const step = executeOnBar(
      atOpen,
      bar(1, { open: 100.5 }),
      ctx({ models: models({ latency: fixedLatency(500) }) }),
    );
    expect(step.fills[0]!.time).toBe(bar(1).openTime);
    expect(step.fills[0]!.price).toBe(100.5);
  });

  it('refuses a latency model that returns a negative or non-finite delay', () => {
    const broken = { name: 'broken', delayMs: () => Number.NaN };
    expect(() => executeOnBar(order(), bar(1), ctx({ models: models({ latency: broken }) }))).toThrow(
      RangeError,
    );
  });
});

describe('executeOnBar: MARKET', () => {
  it('buys at the open plus slippage, rounded up to the tick, paying the taker fee', () => {
    const step = executeOnBar(order(), bar(1), ctx({ models: models({ slippage: fixedBpsSlippage(10) }) }));
    // 100 × 1.001 = 100.1; quote 100.1; commission 100.1 × 0.001 = 0.1001.
    expect(step.fills).toEqual([
      {
        orderId: 1,
        symbol: 'BTCUSDT',
        side: 'BUY',
        price: 100.1,
        qty: 1,
        quoteQty: 100.1,
        commission: 0.1001,
        commissionAsset: 'USDT',
        isMaker: false,
        time: bar(1).openTime,
      },
    ]);
    expect(step.order).toEqual({ ...order(), executedQty: 1, cummulativeQuoteQty: 100.1, status: 'FILLED' });
    expect(step.consumedVolume).toBe(1);
  });

  it('sells at the open minus slippage', () => {
    const step = executeOnBar(
      order({ side: 'SELL', quantity: 2 }),
      bar(1),
      ctx({ models: models({ slippage: fixedBpsSlippage(10) }) }),
    );
    // 100 × 0.999 = 99.9; quote 199.8; commission 0.1998.
    expect(step.fills[0]).toMatchObject({ price: 99.9, qty: 2, quoteQty: 199.8, commission: 0.1998 });
  });

  it('rounds an off-tick price against the taker: buys up, sells down', () => {
    const offTick = bar(1, { open: 100.003, high: 100.01, low: 99.99 });
    expect(executeOnBar(order(), offTick, ctx()).fills[0]!.price).toBe(100.01);
    expect(executeOnBar(order({ side: 'SELL' }), offTick, ctx()).fills[0]!.price).toBe(100);
  });

  it('treats a price within binary noise of a tick as that tick (no extra tick for the taker)', () => {
    const noisy = bar(1, { open: 95 - 1e-11, high: 95, low: 94 });
    expect(executeOnBar(order(), noisy, ctx()).fills[0]!.price).toBe(95);
    expect(executeOnBar(order({ side: 'SELL' }), noisy, ctx()).fills[0]!.price).toBe(95);
    // 100 × (1 + 0.0011) is 100.11000000000001 in doubles: the buyer pays 100.11, not 100.12.
    expect(100 * (1 + 11 / 10_000)).toBeGreaterThan(100.11);
    const slipped = ctx({ models: models({ slippage: fixedBpsSlippage(11) }) });
    expect(executeOnBar(order(), bar(1), slipped).fills[0]!.price).toBe(100.11);
  });

  it('fills what the bar allows and expires the rest', () => {
    const step = executeOnBar(order({ quantity: 5 }), bar(1, { open: 100 }), ctx({ availableVolume: 2.5 }));
    expect(step.fills[0]!.qty).toBe(2.5);
    expect(step.order).toMatchObject({ executedQty: 2.5, cummulativeQuoteQty: 250, status: 'EXPIRED' });
    expect(step.consumedVolume).toBe(2.5);
  });

  it('floors the available volume to the step', () => {
    const step = executeOnBar(order({ quantity: 5 }), bar(1), ctx({ availableVolume: 2.9999 }));
    expect(step.fills[0]!.qty).toBe(2.999);
    expect(step.consumedVolume).toBe(2.999);
  });

  it('expires without a fill when the bar has no volume left', () => {
    for (const availableVolume of [0, 0.0009, -1]) {
      const step = executeOnBar(order(), bar(1), ctx({ availableVolume }));
      expect(step.fills).toEqual([]);
      expect(step.consumedVolume).toBe(0);
      expect(step.order.status).toBe('EXPIRED');
      expect(step.order.executedQty).toBe(0);
    }
  });

  it('ignores timeInForce: a MARKET FOK still fills partially', () => {
    const step = executeOnBar(
      order({ quantity: 5, timeInForce: 'FOK' }),
      bar(1),
      ctx({ availableVolume: 2 }),
    );
    expect(step.fills[0]!.qty).toBe(2);
    expect(step.order.status).toBe('EXPIRED');
  });

  it('charges the fee tier of the trailing volume', () => {
    const step = executeOnBar(order(), bar(1), ctx({ trailingQuoteVolume: 20_000_000 }));
    expect(step.fills[0]!.commission).toBe(0.06); // 100 × 0.0006
  });
});

describe('executeOnBar: LIMIT GTC', () => {
  const limitBuy = (price: number, fields: Partial<WorkingOrder> = {}) =>
    order({ type: 'LIMIT', price, ...fields });
  const limitSell = (price: number, fields: Partial<WorkingOrder> = {}) =>
    order({ type: 'LIMIT', side: 'SELL', price, ...fields });

  it('executes as taker at the open plus slippage when marketable at its first bar', () => {
    const step = executeOnBar(
      limitBuy(101),
      bar(1, { open: 100, high: 102, low: 99 }),
      ctx({ models: models({ slippage: fixedBpsSlippage(50) }), trailingQuoteVolume: 1_000_000 }),
    );
    // 100 × 1.005 = 100.5 ≤ 101; taker 0.1 % at VIP 1.
    expect(step.fills[0]).toMatchObject({ price: 100.5, isMaker: false, commission: 0.1005 });
    expect(step.order.status).toBe('FILLED');
  });

  it('never executes worse than the limit, however large the slippage', () => {
    const wild = ctx({ models: models({ slippage: fixedBpsSlippage(200) }) });
    expect(executeOnBar(limitBuy(101), bar(1), wild).fills[0]!.price).toBe(101); // 102 capped
    expect(executeOnBar(limitSell(99), bar(1), wild).fills[0]!.price).toBe(99); // 98 capped
  });

  it('a resting BUY fills at its price as maker only when the bar trades through it', () => {
    const vip1 = { trailingQuoteVolume: 1_000_000 };
    const touching = executeOnBar(limitBuy(99), bar(1, { open: 100, low: 99, high: 100.5 }), ctx(vip1));
    expect(touching.fills).toEqual([]);
    expect(touching.order.status).toBe('NEW');
    const through = executeOnBar(touching.order, bar(2, { open: 100, low: 98.99, high: 100 }), ctx(vip1));
    // 99 × 1 at the VIP 1 maker rate 0.09 %: 0.0891.
    expect(through.fills[0]).toMatchObject({
      price: 99,
      qty: 1,
      quoteQty: 99,
      isMaker: true,
      commission: 0.0891,
    });
    expect(through.order.status).toBe('FILLED');
  });

  it('a resting SELL fills at its price only when the bar trades above it', () => {
    const touching = executeOnBar(limitSell(101), bar(1, { open: 100, high: 101, low: 99 }), ctx());
    expect(touching.fills).toEqual([]);
    const through = executeOnBar(touching.order, bar(2, { open: 100, high: 101.01, low: 99 }), ctx());
    expect(through.fills[0]).toMatchObject({ price: 101, isMaker: true });
  });

  it('a not-marketable order may fill as maker within its first eligible bar', () => {
    const step = executeOnBar(limitBuy(99), bar(1, { open: 100, low: 98 }), ctx());
    expect(step.fills[0]).toMatchObject({ price: 99, isMaker: true, time: bar(1).openTime });
  });

  it('fills partially over several bars, limited by the available volume', () => {
    const bars = [1, 2, 3, 4].map((i) => bar(i, { open: 100, low: 98, high: 100 }));
    const { steps, final } = runBars(limitBuy(99, { quantity: 10 }), bars, [4, 4, 4, 4]);
    expect(steps.map((s) => s.fills.map((f) => f.qty))).toEqual([[4], [4], [2], []]);
    expect(steps.map((s) => s.consumedVolume)).toEqual([4, 4, 2, 0]);
    expect(steps.map((s) => s.order.status)).toEqual<SimOrderStatus[]>([
      'PARTIALLY_FILLED',
      'PARTIALLY_FILLED',
      'FILLED',
      'FILLED',
    ]);
    expect(steps.map((s) => s.order.executedQty)).toEqual([4, 8, 10, 10]);
    expect(steps.map((s) => s.order.cummulativeQuoteQty)).toEqual([396, 792, 990, 990]);
    expect(final.executedQty).toBe(10);
  });

  it('a taker remainder rests at its limit price in later bars, even after a gap through it', () => {
    const bars = [bar(1, { open: 98.5, low: 98, high: 99 }), bar(2, { open: 97, low: 96, high: 97.5 })];
    const { steps } = runBars(limitBuy(99, { quantity: 10 }), bars, [3, 100]);
    expect(steps[0]!.fills[0]).toMatchObject({ price: 98.5, qty: 3, isMaker: false });
    expect(steps[0]!.order.status).toBe('PARTIALLY_FILLED');
    expect(steps[1]!.fills[0]).toMatchObject({ price: 99, qty: 7, isMaker: true });
    expect(steps[1]!.order).toMatchObject({ status: 'FILLED', executedQty: 10, cummulativeQuoteQty: 988.5 });
  });

  it('a NEW order that has been live for a bar already is a maker when the market gaps to it', () => {
    const quiet = executeOnBar(limitBuy(99), bar(1, { open: 100, low: 99.5, high: 100.5 }), ctx());
    expect(quiet.order.status).toBe('NEW');
    const gap = bar(2, { open: 98, low: 97, high: 98.5 });
    expect(executeOnBar(quiet.order, gap, ctx()).fills[0]).toMatchObject({ price: 99, isMaker: true });
    // The same without having been shown bar 1: the inference does not depend on call history.
    expect(executeOnBar(limitBuy(99), gap, ctx()).fills[0]).toMatchObject({ price: 99, isMaker: true });
  });

  it('keeps a GTC order NEW when the bar has no volume for it', () => {
    const step = executeOnBar(limitBuy(101), bar(1), ctx({ availableVolume: 0 }));
    expect(step.fills).toEqual([]);
    expect(step.order.status).toBe('NEW');
  });
});

describe('executeOnBar: IOC and FOK', () => {
  const limit = (timeInForce: 'IOC' | 'FOK', price: number, quantity = 1) =>
    order({ type: 'LIMIT', timeInForce, price, quantity });

  it('IOC fills what it can at the open and expires the rest', () => {
    const step = executeOnBar(limit('IOC', 101), bar(1, { open: 100 }), ctx({ availableVolume: 0.4 }));
    expect(step.fills[0]).toMatchObject({ price: 100, qty: 0.4, isMaker: false });
    expect(step.order).toMatchObject({ status: 'EXPIRED', executedQty: 0.4, cummulativeQuoteQty: 40 });
  });

  it('IOC not marketable at the open expires empty, even if the bar later trades through', () => {
    const step = executeOnBar(limit('IOC', 99), bar(1, { open: 100, low: 90 }), ctx());
    expect(step.fills).toEqual([]);
    expect(step.order.status).toBe('EXPIRED');
  });

  it('IOC waits, unchanged, through bars before its live time', () => {
    const slow = ctx({ models: models({ latency: fixedLatency(MINUTE) }) });
    expect(executeOnBar(limit('IOC', 101), bar(1), slow).order.status).toBe('NEW');
  });

  it('FOK fills entirely when the bar can take it all', () => {
    const step = executeOnBar(limit('FOK', 101, 2), bar(1), ctx({ availableVolume: 2 }));
    expect(step.fills[0]).toMatchObject({ qty: 2, price: 100 });
    expect(step.order.status).toBe('FILLED');
  });

  it('FOK expires without any fill when volume falls one step short', () => {
    const step = executeOnBar(limit('FOK', 101, 2), bar(1), ctx({ availableVolume: 1.999 }));
    expect(step).toEqual({
      order: { ...limit('FOK', 101, 2), status: 'EXPIRED' },
      fills: [],
      consumedVolume: 0,
    });
  });

  it('FOK expires without any fill when not marketable at the open', () => {
    const step = executeOnBar(limit('FOK', 99), bar(1, { open: 100, low: 90 }), ctx());
    expect(step.fills).toEqual([]);
    expect(step.order.status).toBe('EXPIRED');
  });
});

describe('final orders, cancel, purity', () => {
  it('isFinalStatus', () => {
    expect(['NEW', 'PARTIALLY_FILLED'].map((s) => isFinalStatus(s as SimOrderStatus))).toEqual([
      false,
      false,
    ]);
    expect(
      ['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].map((s) => isFinalStatus(s as SimOrderStatus)),
    ).toEqual([true, true, true, true]);
  });

  it('leaves final orders untouched', () => {
    for (const status of ['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'] as const) {
      const done = order({ status });
      const step = executeOnBar(done, bar(1), ctx());
      expect(step.order).toBe(done);
      expect(step.fills).toEqual([]);
      expect(step.consumedVolume).toBe(0);
    }
  });

  it('cancelOrder cancels open orders, keeping what filled, and ignores final ones', () => {
    expect(cancelOrder(order())).toEqual({ ...order(), status: 'CANCELED' });
    const partial = order({
      type: 'LIMIT',
      price: 99,
      quantity: 2,
      executedQty: 1,
      status: 'PARTIALLY_FILLED',
    });
    expect(cancelOrder(partial)).toEqual({ ...partial, status: 'CANCELED' });
    const filled = order({ status: 'FILLED', executedQty: 1 });
    expect(cancelOrder(filled)).toBe(filled);
    const canceled = cancelOrder(order());
    expect(executeOnBar(canceled, bar(1), ctx()).fills).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const frozenOrder = Object.freeze(order({ type: 'LIMIT', price: 99, quantity: 3 }));
    const bars = Object.freeze([bar(0), bar(1, { low: 98 })].map((b) => Object.freeze(b)));
    const step = executeOnBar(frozenOrder, bars[1]!, ctx({ history: bars.slice(0, 1), availableVolume: 1 }));
    expect(step.order).not.toBe(frozenOrder);
    expect(frozenOrder.executedQty).toBe(0);
    expect(step.order.executedQty).toBe(1);
  });

  it('refuses market data or rules of another symbol', () => {
    expect(() => executeOnBar(order(), { ...bar(1), symbol: 'ETHUSDT' }, ctx())).toThrow(RangeError);
    expect(() => executeOnBar(order(), bar(1), ctx({ rules: { ...RULES, symbol: 'ETHUSDT' } }))).toThrow(
      RangeError,
    );
  });

  it('refuses a slippage model returning a negative fraction', () => {
    const broken = { name: 'broken', slippageFraction: () => -0.01 };
    expect(() => executeOnBar(order(), bar(1), ctx({ models: models({ slippage: broken }) }))).toThrow(
      RangeError,
    );
  });
});
