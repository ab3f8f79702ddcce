// The pre-trade rules one by one: an allowing case, a denying case with its exact code, the
// boundary, and the fail-closed handling of unconfigured and 'unlimited' limits, starting from a
// snapshot where everything allows.
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../domain/orders/types.js';
import { increasesExposure } from '../../domain/risk/exposure.js';
import {
  evaluatePreTradeRisk,
  RISK_RULE_NAMES,
  RISK_RULES_VERSION,
  type RiskDecision,
  type RiskLimits,
  type RiskSnapshot,
} from '../../domain/risk/pre-trade.js';
import type { OpenOrderExposure } from '../../domain/risk/snapshot.js';
import { T0 as NOW } from '../helpers/clock.js';
import { orderIntent } from '../helpers/order-intents.js';
import { GENEROUS_LIMITS } from '../helpers/risk-fixtures.js';

type SnapshotPatch = Partial<Omit<RiskSnapshot, 'intent' | 'limits'>> & {
  intent?: Partial<OrderIntent>;
  limits?: Partial<RiskLimits>;
};

/** A snapshot every rule allows (buy 1 BTCUSDT limit at 100, last 100), with a patch applied. */
function snapshot(patch: SnapshotPatch = {}): RiskSnapshot {
  const { intent, limits, ...rest } = patch;
  return {
    intent: orderIntent({ decisionTime: NOW - 5_000, ...intent }),
    now: NOW,
    deskMode: 'ACTIVE',
    instrumentKnown: true,
    lastPrice: 100,
    lastPriceTime: NOW - 1_000,
    positions: {},
    openOrders: [],
    equity: 10_000,
    peakEquity: 10_000,
    startOfDayEquity: 10_000,
    ordersToday: 0,
    ordersLastMinute: 0,
    lastLossAt: null,
    duplicateOf: null,
    ...rest,
    limits: { ...GENEROUS_LIMITS, ...limits },
  };
}

const market = (patch: Partial<OrderIntent> = {}): Partial<OrderIntent> => ({
  type: 'market',
  price: undefined,
  timeInForce: 'IOC',
  ...patch,
});

const openOrder = (patch: Partial<OpenOrderExposure> = {}): OpenOrderExposure => ({
  clientOrderId: 'k-open',
  symbol: 'BTCUSDT',
  side: 'buy',
  leavesQuantity: 1,
  price: 100,
  ...patch,
});

const evaluate = (patch: SnapshotPatch = {}) => evaluatePreTradeRisk(snapshot(patch));

function resultOf(decision: RiskDecision, rule: string) {
  const result = decision.results.find((candidate) => candidate.rule === rule);
  if (result === undefined) throw new Error(`no result for ${rule}`);
  return result;
}

function expectAllow(decision: RiskDecision) {
  expect(decision.findings).toEqual([]);
  expect(decision.decision).toBe('ALLOW');
}

function expectOnly(decision: RiskDecision, code: string) {
  expect(decision.decision).toBe('DENY');
  expect(decision.codes).toEqual([code]);
}

describe('evaluatePreTradeRisk: shape', () => {
  it('allows the baseline snapshot and reports every rule in order', () => {
    const decision = evaluate();
    expectAllow(decision);
    expect(decision.codes).toEqual([]);
    expect(decision.rulesVersion).toBe(RISK_RULES_VERSION);
    expect(RISK_RULES_VERSION).toBe('pre-trade-2');
    expect(decision.results.map((result) => result.rule)).toEqual([...RISK_RULE_NAMES]);
    expect(RISK_RULE_NAMES).toEqual([
      'validNumbers',
      'knownInstrument',
      'deskMode',
      'referencePrice',
      'maxOrderQuantity',
      'maxOrderNotional',
      'priceCollar',
      'maxPositionNotional',
      'maxGrossExposure',
      'maxDailyLoss',
      'maxDrawdownPct',
      'maxTradesPerDay',
      'lossCooldownSeconds',
      'maxOrdersPerMinute',
      'maxMarketDataAgeSeconds',
      'duplicateIntent',
    ]);
    for (const result of decision.results) {
      expect(result.verdict).toBe('PASS');
      expect(result.code).toBeNull();
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it('reports all denies together, in rule order, with findings matching the denying results', () => {
    const decision = evaluate({ instrumentKnown: false, duplicateOf: 'k-0', ordersToday: 100 });
    expect(decision.decision).toBe('DENY');
    expect(decision.codes).toEqual(['UNKNOWN_INSTRUMENT', 'TRADES_PER_DAY', 'DUPLICATE_INTENT']);
    expect(decision.findings).toEqual(
      decision.results
        .filter((result) => result.verdict === 'DENY')
        .map((result) => ({ code: result.code, detail: result.detail })),
    );
    expect(decision.results).toHaveLength(RISK_RULE_NAMES.length);
  });

  it('lists a code shared by several rules once in codes but once per rule in findings', () => {
    const decision = evaluate({ limits: { maxOrderQuantity: undefined, maxDailyLoss: undefined } });
    expect(decision.codes).toEqual(['LIMIT_NOT_CONFIGURED']);
    expect(decision.findings.map((finding) => finding.detail)).toEqual([
      'risk.limits.maxOrderQuantity is not configured: set a number or "unlimited" (fail closed)',
      'risk.limits.maxDailyLoss is not configured: set a number or "unlimited" (fail closed)',
    ]);
  });

  it('does not modify the snapshot', () => {
    const input = snapshot({
      positions: { ETHUSDT: { quantity: 1, markPrice: 10 } },
      openOrders: [openOrder()],
    });
    const copy = structuredClone(input);
    evaluatePreTradeRisk(input);
    expect(input).toEqual(copy);
  });
});

describe('validNumbers', () => {
  const cases: [string, Partial<OrderIntent>, string][] = [
    ['quantity NaN', { quantity: NaN }, 'quantity NaN'],
    ['quantity 0', { quantity: 0 }, 'quantity 0'],
    ['quantity −1', { quantity: -1 }, 'quantity -1'],
    ['quantity Infinity', { quantity: Infinity }, 'quantity Infinity'],
    ['limit price NaN', { price: NaN }, 'limit price NaN'],
    ['limit price 0', { price: 0 }, 'limit price 0'],
    ['limit price −Infinity', { price: -Infinity }, 'limit price -Infinity'],
    ['limit order without price', { price: undefined }, 'a limit order needs a price'],
    ['market order with a price', market({ price: 100 }), 'a market order must have no price'],
    ['decisionPrice 0', { decisionPrice: 0 }, 'decisionPrice 0'],
    ['decisionPrice NaN', { decisionPrice: NaN }, 'decisionPrice NaN'],
    ['expireAfterMs −5', { expireAfterMs: -5 }, 'expireAfterMs -5'],
    ['expireAfterMs Infinity', { expireAfterMs: Infinity }, 'expireAfterMs Infinity'],
  ];

  it.each(cases)('denies %s with INVALID_NUMBERS naming the field', (_name, intent, field) => {
    const decision = evaluate({ intent });
    expect(decision.decision).toBe('DENY');
    expect(decision.codes[0]).toBe('INVALID_NUMBERS');
    expect(resultOf(decision, 'validNumbers').detail).toContain(field);
    for (const result of decision.results) {
      if (result.rule === 'validNumbers') continue;
      expect(result.detail).not.toMatch(/NaN|undefined/);
    }
  });

  it('allows valid optional fields and a market order without a price', () => {
    expectAllow(evaluate({ intent: { decisionPrice: 99.5, expireAfterMs: 60_000 } }));
    expectAllow(evaluate({ intent: market() }));
  });

  it('with invalid numbers the later rules do not evaluate them but still check limits', () => {
    const decision = evaluate({ intent: { quantity: NaN }, limits: { maxOrderNotional: undefined } });
    expect(decision.codes).toEqual(['INVALID_NUMBERS', 'LIMIT_NOT_CONFIGURED']);
    expect(resultOf(decision, 'maxOrderQuantity').detail).toMatch(/not evaluated/);
  });
});

describe('knownInstrument', () => {
  it('allows a listed instrument and denies an unknown one', () => {
    expectAllow(evaluate());
    const decision = evaluate({ instrumentKnown: false });
    expectOnly(decision, 'UNKNOWN_INSTRUMENT');
    expect(decision.findings[0]?.detail).toContain('BTCUSDT');
  });
});

describe('deskMode', () => {
  const long2 = { positions: { BTCUSDT: { quantity: 2, markPrice: 100 } } };
  const short2 = { positions: { BTCUSDT: { quantity: -2, markPrice: 100 } } };

  it('ACTIVE allows', () => {
    expect(resultOf(evaluate(), 'deskMode').verdict).toBe('PASS');
  });

  it('HALTED denies every order, a reducing one included', () => {
    expectOnly(evaluate({ deskMode: 'HALTED' }), 'DESK_HALTED');
    expectOnly(evaluate({ deskMode: 'HALTED', ...long2, intent: { side: 'sell' } }), 'DESK_HALTED');
  });

  it('CLOSE_ONLY allows reducing orders, up to exactly closing the position', () => {
    expectAllow(evaluate({ deskMode: 'CLOSE_ONLY', ...long2, intent: { side: 'sell', quantity: 1 } }));
    expectAllow(evaluate({ deskMode: 'CLOSE_ONLY', ...long2, intent: { side: 'sell', quantity: 2 } }));
    expectAllow(evaluate({ deskMode: 'CLOSE_ONLY', ...short2, intent: { side: 'buy', quantity: 2 } }));
  });

  it('CLOSE_ONLY denies opening, increasing and flipping', () => {
    const flat = evaluate({ deskMode: 'CLOSE_ONLY' });
    expectOnly(flat, 'DESK_CLOSE_ONLY');
    expect(flat.findings[0]?.detail).toMatch(/increase/);
    const increasing = evaluate({ deskMode: 'CLOSE_ONLY', ...long2, intent: { side: 'buy' } });
    expectOnly(increasing, 'DESK_CLOSE_ONLY');
    expect(increasing.findings[0]?.detail).toMatch(/increase the long position of 2/);
    const flipping = evaluate({ deskMode: 'CLOSE_ONLY', ...long2, intent: { side: 'sell', quantity: 3 } });
    expectOnly(flipping, 'DESK_CLOSE_ONLY');
    expect(flipping.findings[0]?.detail).toMatch(/flip the long position of 2/);
  });

  it('CLOSE_ONLY counts open reducing orders: several orders cannot flip the position together', () => {
    const openSell = openOrder({ side: 'sell', leavesQuantity: 1.5 });
    const together = evaluate({
      deskMode: 'CLOSE_ONLY',
      ...long2,
      openOrders: [openSell],
      intent: { side: 'sell', quantity: 1 },
    });
    expectOnly(together, 'DESK_CLOSE_ONLY');
    expect(together.findings[0]?.detail).toMatch(/1\.5 already open/);
    expectAllow(
      evaluate({
        deskMode: 'CLOSE_ONLY',
        ...long2,
        openOrders: [openSell],
        intent: { side: 'sell', quantity: 0.5 },
      }),
    );
    // Open orders on the other side or another symbol do not count.
    expectAllow(
      evaluate({
        deskMode: 'CLOSE_ONLY',
        ...long2,
        openOrders: [
          openOrder({ side: 'buy', leavesQuantity: 5 }),
          openOrder({ symbol: 'ETHUSDT', side: 'sell' }),
        ],
        intent: { side: 'sell', quantity: 2 },
      }),
    );
  });
});

describe('referencePrice', () => {
  it('a limit order is its own reference; a market order needs a valid last price', () => {
    expectAllow(evaluate({ lastPrice: 100, intent: market() }));
    for (const lastPrice of [null, 0, NaN, Infinity]) {
      const decision = evaluate({ lastPrice, intent: market() });
      expect(decision.codes).toContain('NO_REFERENCE_PRICE');
      expect(resultOf(decision, 'maxOrderNotional').verdict).toBe('PASS');
      expect(resultOf(decision, 'maxPositionNotional').code).toBe('POSITION_LIMIT');
      expect(resultOf(decision, 'maxPositionNotional').detail).toMatch(/cannot value/);
      for (const result of decision.results) expect(result.detail).not.toMatch(/NaN|undefined/);
    }
    expect(evaluate({ lastPrice: null, intent: market() }).codes).toEqual([
      'NO_REFERENCE_PRICE',
      'POSITION_LIMIT',
      'GROSS_EXPOSURE_LIMIT',
    ]);
  });
});

// Limit-backed rules: a snapshot where only this rule denies (with the generous limit), its code.
const LIMITED: { rule: string; key: keyof RiskLimits; violating: SnapshotPatch; code: string }[] = [
  {
    rule: 'maxOrderQuantity',
    key: 'maxOrderQuantity',
    violating: { intent: { quantity: 11, price: 50 }, lastPrice: 50 },
    code: 'MAX_ORDER_QUANTITY',
  },
  {
    rule: 'maxOrderNotional',
    key: 'maxOrderNotional',
    violating: { intent: { quantity: 10, price: 101 } },
    code: 'MAX_ORDER_NOTIONAL',
  },
  { rule: 'priceCollar', key: 'priceCollarBps', violating: { intent: { price: 102 } }, code: 'PRICE_COLLAR' },
  {
    rule: 'maxPositionNotional',
    key: 'maxPositionNotional',
    violating: { positions: { BTCUSDT: { quantity: 200, markPrice: 100 } } },
    code: 'POSITION_LIMIT',
  },
  {
    rule: 'maxGrossExposure',
    key: 'maxGrossExposure',
    violating: { positions: { ETHUSDT: { quantity: 500, markPrice: 100 } } },
    code: 'GROSS_EXPOSURE_LIMIT',
  },
  {
    rule: 'maxDailyLoss',
    key: 'maxDailyLoss',
    violating: { equity: 9_400, peakEquity: 9_400 },
    code: 'DAILY_LOSS_LIMIT',
  },
  {
    rule: 'maxDrawdownPct',
    key: 'maxDrawdownPct',
    violating: { equity: 8_000, startOfDayEquity: 8_000 },
    code: 'DRAWDOWN_LIMIT',
  },
  {
    rule: 'maxTradesPerDay',
    key: 'maxTradesPerDay',
    violating: { ordersToday: 100 },
    code: 'TRADES_PER_DAY',
  },
  {
    rule: 'lossCooldownSeconds',
    key: 'lossCooldownSeconds',
    violating: { lastLossAt: NOW - 10_000 },
    code: 'LOSS_COOLDOWN',
  },
  {
    rule: 'maxOrdersPerMinute',
    key: 'maxOrdersPerMinute',
    violating: { ordersLastMinute: 10 },
    code: 'ORDER_RATE',
  },
  {
    rule: 'maxMarketDataAgeSeconds',
    key: 'maxMarketDataAgeSeconds',
    violating: { lastPriceTime: NOW - 60_000 },
    code: 'STALE_MARKET_DATA',
  },
];

describe.each(LIMITED)('$rule (risk.limits.$key)', ({ rule, key, violating, code }) => {
  it(`allows the baseline and denies a violation with ${code} only`, () => {
    expect(resultOf(evaluate(), rule).verdict).toBe('PASS');
    const decision = evaluate(violating);
    expectOnly(decision, code);
    expect(resultOf(decision, rule).code).toBe(code);
  });

  it('an absent limit denies with LIMIT_NOT_CONFIGURED naming the config path', () => {
    const decision = evaluate({ limits: { [key]: undefined } });
    expectOnly(decision, 'LIMIT_NOT_CONFIGURED');
    expect(resultOf(decision, rule).detail).toBe(
      `risk.limits.${key} is not configured: set a number or "unlimited" (fail closed)`,
    );
  });

  it('a garbage limit (NaN, −1, Infinity) denies with LIMIT_NOT_CONFIGURED, never as unlimited', () => {
    for (const limit of [NaN, -1, Infinity, -Infinity]) {
      const decision = evaluate({ ...violating, limits: { [key]: limit } });
      expectOnly(decision, 'LIMIT_NOT_CONFIGURED');
      expect(resultOf(decision, rule).detail).toContain(`risk.limits.${key}`);
      expect(resultOf(decision, rule).detail).not.toMatch(/NaN/);
    }
  });

  it("'unlimited' passes even the violating snapshot", () => {
    const decision = evaluate({ ...violating, limits: { [key]: 'unlimited' } });
    expectAllow(decision);
    expect(resultOf(decision, rule).detail).toMatch(/unlimited by configuration/);
  });
});

describe('limit boundaries', () => {
  it('maxOrderQuantity: quantity equal to the limit allows, above denies', () => {
    expectAllow(evaluate({ intent: { quantity: 10 } }));
    const above = evaluate({ intent: { quantity: 10.5, price: 50 }, lastPrice: 50 });
    expectOnly(above, 'MAX_ORDER_QUANTITY');
    expect(above.findings[0]?.detail).toBe('quantity 10.5 exceeds risk.limits.maxOrderQuantity 10');
  });

  it('maxOrderNotional: price × quantity equal to the limit allows, above denies, market orders at the last price', () => {
    expectAllow(evaluate({ limits: { maxOrderNotional: 100 } }));
    const above = evaluate({ limits: { maxOrderNotional: 99.99 } });
    expectOnly(above, 'MAX_ORDER_NOTIONAL');
    expect(above.findings[0]?.detail).toBe(
      'notional 100.00 (1 × 100.00) exceeds risk.limits.maxOrderNotional 99.99',
    );
    expectAllow(
      evaluate({ intent: market({ quantity: 2 }), lastPrice: 50, limits: { maxOrderNotional: 100 } }),
    );
    expectOnly(
      evaluate({ intent: market({ quantity: 2 }), lastPrice: 50.01, limits: { maxOrderNotional: 100 } }),
      'MAX_ORDER_NOTIONAL',
    );
  });

  it('priceCollar: exactly the collar allows on either side, beyond denies; market orders pass', () => {
    expectAllow(evaluate({ intent: { price: 101 } }));
    expectAllow(evaluate({ intent: { price: 99 } }));
    const above = evaluate({ intent: { price: 101.01 } });
    expectOnly(above, 'PRICE_COLLAR');
    expect(above.findings[0]?.detail).toMatch(/101\.01 is 101\.00 bps from the last price 100\.00/);
    expectOnly(evaluate({ intent: { price: 98.99 } }), 'PRICE_COLLAR');
    expectAllow(evaluate({ intent: market(), limits: { priceCollarBps: 0 } }));
  });

  it('priceCollar: a limit order with no valid last price denies', () => {
    for (const lastPrice of [null, 0, NaN]) {
      const decision = evaluate({ lastPrice });
      expectOnly(decision, 'PRICE_COLLAR');
      expect(decision.findings[0]?.detail).toMatch(/no last price to collar against/);
    }
  });

  it('maxPositionNotional: counts the position and open orders on the same side', () => {
    const base = {
      positions: { BTCUSDT: { quantity: 1, markPrice: 100 } },
      openOrders: [openOrder({ leavesQuantity: 1 }), openOrder({ side: 'sell', leavesQuantity: 5 })],
    };
    // |1 + 1 + 1| × 100 = 300
    expectAllow(evaluate({ ...base, limits: { maxPositionNotional: 300 } }));
    const above = evaluate({ ...base, limits: { maxPositionNotional: 299.99 } });
    expectOnly(above, 'POSITION_LIMIT');
    expect(above.findings[0]?.detail).toMatch(/position 3 × 100\.00 = 300\.00/);
    // Short side: −1 − 1 − 1.
    expectOnly(
      evaluate({
        positions: { BTCUSDT: { quantity: -1, markPrice: 100 } },
        openOrders: [openOrder({ side: 'sell' })],
        intent: { side: 'sell' },
        limits: { maxPositionNotional: 299.99 },
      }),
      'POSITION_LIMIT',
    );
  });

  it('maxPositionNotional: reducing orders pass even over the limit; a flip is increasing', () => {
    const long = {
      positions: { BTCUSDT: { quantity: 5, markPrice: 100 } },
      limits: { maxPositionNotional: 100 },
    };
    expectAllow(evaluate({ ...long, intent: { side: 'sell', quantity: 5 } }));
    expectOnly(evaluate({ ...long, intent: { side: 'sell', quantity: 7 } }), 'POSITION_LIMIT');
    expectAllow(
      evaluate({ ...long, intent: { side: 'sell', quantity: 6 }, limits: { maxPositionNotional: 100 } }),
    );
  });

  it('maxGrossExposure: sums other positions at mark and other open orders at their price or mark', () => {
    const base: SnapshotPatch = {
      positions: {
        ETHUSDT: { quantity: -2, markPrice: 50 }, // 100
        SOLUSDT: { quantity: 0, markPrice: 10 },
      },
      openOrders: [
        openOrder({ symbol: 'ETHUSDT', side: 'buy', leavesQuantity: 1, price: 40 }), // 40
        openOrder({ symbol: 'SOLUSDT', side: 'sell', leavesQuantity: 2, price: null }), // 20 at mark
      ],
    };
    // 100 + 40 + 20 + 1 × 100 = 260
    expectAllow(evaluate({ ...base, limits: { maxGrossExposure: 260 } }));
    const above = evaluate({ ...base, limits: { maxGrossExposure: 259.99 } });
    expectOnly(above, 'GROSS_EXPOSURE_LIMIT');
    expect(above.findings[0]?.detail).toMatch(
      /gross exposure 260\.00 \(BTCUSDT 100\.00 \+ other symbols 160\.00\)/,
    );
  });

  it('maxGrossExposure: a missing price denies naming the symbol', () => {
    const noMark = evaluate({ positions: { ETHUSDT: { quantity: 1, markPrice: null } } });
    expectOnly(noMark, 'GROSS_EXPOSURE_LIMIT');
    expect(noMark.findings[0]?.detail).toMatch(/no mark price for ETHUSDT/);
    const openMarket = evaluate({
      openOrders: [openOrder({ symbol: 'XRPUSDT', price: null, clientOrderId: 'k-9' })],
    });
    expectOnly(openMarket, 'GROSS_EXPOSURE_LIMIT');
    expect(openMarket.findings[0]?.detail).toMatch(/XRPUSDT.*k-9/);
    // A flat symbol needs no price.
    expectAllow(evaluate({ positions: { ETHUSDT: { quantity: 0, markPrice: null } } }));
  });

  it('maxDailyLoss: a loss equal to the limit denies (≥), just below allows', () => {
    expectOnly(evaluate({ equity: 9_500, peakEquity: 9_500 }), 'DAILY_LOSS_LIMIT');
    expectAllow(evaluate({ equity: 9_500.01, peakEquity: 9_500.01 }));
    expectOnly(evaluate({ limits: { maxDailyLoss: 0 } }), 'DAILY_LOSS_LIMIT');
    const detail = evaluate({ equity: 9_500, peakEquity: 9_500 }).findings[0]?.detail;
    expect(detail).toMatch(/loss today 500\.00 .*risk\.limits\.maxDailyLoss 500\.00/);
  });

  it('maxDrawdownPct: a drawdown equal to the limit denies (≥), just below allows', () => {
    expectOnly(evaluate({ equity: 9_000, startOfDayEquity: 9_000 }), 'DRAWDOWN_LIMIT');
    expectAllow(evaluate({ equity: 9_001, startOfDayEquity: 9_001 }));
    expect(evaluate({ equity: 9_000, startOfDayEquity: 9_000 }).findings[0]?.detail).toMatch(
      /drawdown 10\.00%/,
    );
  });

  it('maxDailyLoss / maxDrawdownPct: unknown equity denies increasing orders with EQUITY_UNKNOWN', () => {
    expectOnly(evaluate({ equity: null }), 'EQUITY_UNKNOWN');
    expect(evaluate({ equity: null }).findings).toHaveLength(2);
    expectOnly(evaluate({ startOfDayEquity: null }), 'EQUITY_UNKNOWN');
    expectOnly(evaluate({ peakEquity: null }), 'EQUITY_UNKNOWN');
    expectOnly(evaluate({ peakEquity: 0 }), 'EQUITY_UNKNOWN');
  });

  it('maxTradesPerDay: the count equal to the limit denies (≥); a limit of 0 denies everything', () => {
    expectAllow(evaluate({ ordersToday: 99 }));
    expectOnly(evaluate({ ordersToday: 100 }), 'TRADES_PER_DAY');
    const reducing = {
      positions: { BTCUSDT: { quantity: 1, markPrice: 100 } },
      intent: { side: 'sell' as const },
    };
    expectOnly(evaluate({ ...reducing, limits: { maxTradesPerDay: 0 } }), 'TRADES_PER_DAY');
    expectOnly(evaluate({ ordersToday: NaN }), 'TRADES_PER_DAY');
  });

  it('lossCooldownSeconds: exactly the cooldown after a loss allows, earlier denies', () => {
    expectAllow(evaluate({ lastLossAt: NOW - 300_000 }));
    const inside = evaluate({ lastLossAt: NOW - 299_000 });
    expectOnly(inside, 'LOSS_COOLDOWN');
    expect(inside.findings[0]?.detail).toMatch(/299 s ago.*resume in 1 s/);
  });

  it('lossCooldownSeconds: a loss stamped just after now has just happened; a cooldown of 0 is none', () => {
    expectOnly(evaluate({ lastLossAt: NOW + 2_000 }), 'LOSS_COOLDOWN');
    expectAllow(evaluate({ lastLossAt: NOW + 2_000, limits: { lossCooldownSeconds: 0 } }));
  });

  it('maxOrdersPerMinute: the count equal to the limit denies (≥)', () => {
    expectAllow(evaluate({ ordersLastMinute: 9 }));
    expectOnly(evaluate({ ordersLastMinute: 10 }), 'ORDER_RATE');
    const reducing = {
      positions: { BTCUSDT: { quantity: 1, markPrice: 100 } },
      intent: { side: 'sell' as const },
    };
    expectOnly(evaluate({ ...reducing, ordersLastMinute: 10 }), 'ORDER_RATE');
  });

  it('maxMarketDataAgeSeconds: exactly the limit old allows, older or unknown denies, for every order', () => {
    expectAllow(evaluate({ lastPriceTime: NOW - 30_000 }));
    expectOnly(evaluate({ lastPriceTime: NOW - 30_001 }), 'STALE_MARKET_DATA');
    expectOnly(evaluate({ lastPriceTime: null }), 'STALE_MARKET_DATA');
    const reducing = {
      positions: { BTCUSDT: { quantity: 1, markPrice: 100 } },
      intent: { side: 'sell' as const },
    };
    expectOnly(evaluate({ ...reducing, lastPriceTime: NOW - 60_000 }), 'STALE_MARKET_DATA');
  });
});

describe('reducing orders pass the loss, drawdown and cooldown rules', () => {
  const long = { positions: { BTCUSDT: { quantity: 2, markPrice: 100 } }, intent: { side: 'sell' as const } };

  it('passes with the day lost, deep drawdown, unknown equity and a fresh loss', () => {
    for (const patch of [
      { equity: 5_000 },
      { equity: null, peakEquity: null, startOfDayEquity: null },
      { lastLossAt: NOW - 1 },
    ] as SnapshotPatch[]) {
      const decision = evaluate({ ...long, ...patch });
      expectAllow(decision);
      for (const rule of ['maxDailyLoss', 'maxDrawdownPct', 'lossCooldownSeconds'])
        expect(resultOf(decision, rule).detail).toMatch(/reduces exposure/);
    }
  });

  it('the same orders increasing exposure are denied', () => {
    expect(evaluate({ ...long, intent: { side: 'buy' }, equity: 5_000 }).codes).toEqual([
      'DAILY_LOSS_LIMIT',
      'DRAWDOWN_LIMIT',
    ]);
    expectOnly(
      evaluate({ ...long, intent: { side: 'sell', quantity: 5 }, lastLossAt: NOW - 1 }),
      'LOSS_COOLDOWN',
    );
  });
});

describe('duplicateIntent', () => {
  it('denies a duplicate naming the earlier order', () => {
    const decision = evaluate({ duplicateOf: 'k-earlier' });
    expectOnly(decision, 'DUPLICATE_INTENT');
    expect(decision.findings[0]?.detail).toContain('k-earlier');
  });
});

describe('increasesExposure', () => {
  it('treats exact and floating-point closes as reducing, opening and flipping as increasing', () => {
    expect(increasesExposure(0, 1)).toBe(true);
    expect(increasesExposure(0, -1)).toBe(true);
    expect(increasesExposure(2, 1)).toBe(true);
    expect(increasesExposure(2, -1)).toBe(false);
    expect(increasesExposure(2, -2)).toBe(false);
    expect(increasesExposure(0.3, -0.1 - 0.2)).toBe(false);
    expect(increasesExposure(2, -3)).toBe(true);
    expect(increasesExposure(2, -4)).toBe(true);
    expect(increasesExposure(-2, 4)).toBe(true);
    expect(increasesExposure(-2, 1)).toBe(false);
  });
});
