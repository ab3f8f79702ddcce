// Property tests of the pre-trade gate over random snapshots: random desk modes, positions, open
// orders, equities and limits (absent, 'unlimited', numbers, garbage), with NaN and Infinity among
// quantities and prices. The gate must never allow what one rule denies, must depend on the
// snapshot alone, must only get stricter as limits tighten, and must fail closed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../domain/orders/types.js';
import { expectDeterministic } from '../helpers/properties.js';
import { LIMIT_KEYS } from '../helpers/risk-fixtures.js';
import {
  evaluatePreTradeRisk,
  RISK_RULE_NAMES,
  type RiskDecision,
  type RiskLimits,
  type RiskSnapshot,
} from '../../domain/risk/pre-trade.js';
import {
  DESK_MODES,
  type Limit,
  type OpenOrderExposure,
  type PositionExposure,
} from '../../domain/risk/snapshot.js';
import { T0 as NOW } from '../helpers/clock.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

// Two kinds of snapshots: wild ones (garbage numbers, absent limits, every mode; nearly always
// denied) and tame ones (sensible numbers around the limits; often allowed), so both directions of
// every property are exercised.
type Kind = 'wild' | 'tame';

const garbageArb = fc.constantFrom(0, -1, NaN, Infinity, -Infinity);

/** The tame arbitrary, with now and then something from `garbage` when wild. */
const mix = <T, U>(kind: Kind, tame: fc.Arbitrary<T>, garbage: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  kind === 'tame' ? tame : fc.oneof({ weight: 5, arbitrary: tame }, { weight: 1, arbitrary: garbage });

const pick = <T>(tame: T, wild: T, kind: Kind) => (kind === 'tame' ? tame : wild);

// Prices near 100 so collars and notional limits sometimes pass, sometimes not.
const priceArb = (kind: Kind) =>
  mix(kind, fc.double({ min: pick(99, 90, kind), max: pick(101, 110, kind), noNaN: true }), garbageArb);

const quantityArb = (kind: Kind) =>
  mix(
    kind,
    fc.oneof(fc.constantFrom(0.5, 1, 2, 3), fc.double({ min: 1e-6, max: pick(5, 20, kind), noNaN: true })),
    garbageArb,
  );

const optionalArb = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const intentArb = (kind: Kind): fc.Arbitrary<OrderIntent> =>
  fc
    .record({
      symbol: fc.constantFrom(...SYMBOLS),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('market' as const, 'limit' as const),
      quantity: quantityArb(kind),
      price: priceArb(kind),
      // Sometimes a limit order without a price, or a market order with one.
      priceMismatch: mix(kind, fc.constant(false), fc.constant(true)),
      decisionPrice: optionalArb(priceArb(kind)),
      expireAfterMs: optionalArb(mix(kind, fc.constant(60_000), garbageArb)),
    })
    .map(({ priceMismatch, price, type, ...rest }) => ({
      clientOrderId: 'k-prop',
      account: 'paper',
      timeInForce: 'GTC' as const,
      decisionTime: NOW - 1_000,
      type,
      price: (type === 'limit') !== priceMismatch ? price : undefined,
      ...rest,
    }));

const positionArb = (kind: Kind): fc.Arbitrary<PositionExposure> =>
  fc.record({
    quantity: mix(
      kind,
      fc.oneof(
        fc.constantFrom(-3, -1, 0, 1, 2, 3),
        fc.double({ min: pick(-3, -20, kind), max: pick(3, 20, kind), noNaN: true }),
      ),
      fc.constantFrom(NaN, Infinity),
    ),
    markPrice: mix(kind, priceArb(kind), fc.constant(null)),
  });

const openOrderArb = (kind: Kind): fc.Arbitrary<OpenOrderExposure> =>
  fc.record({
    clientOrderId: fc.constantFrom('k-o1', 'k-o2', 'k-o3'),
    symbol: fc.constantFrom(...SYMBOLS),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    leavesQuantity: mix(
      kind,
      fc.double({ min: 0, max: pick(2, 5, kind), noNaN: true }),
      fc.constantFrom(-1, NaN),
    ),
    price: fc.oneof({ weight: 3, arbitrary: priceArb(kind) }, { weight: 1, arbitrary: fc.constant(null) }),
  });

/** Tame limits sit mostly above `typical` (the order usually fits), wild ones anywhere in [0, typical]. */
const limitArb = (kind: Kind, typical: number): fc.Arbitrary<Limit> =>
  kind === 'tame'
    ? fc.oneof(
        { weight: 8, arbitrary: fc.double({ min: typical / 2, max: typical * 4, noNaN: true }) },
        { weight: 1, arbitrary: fc.constant('unlimited' as const) },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.double({ min: 0, max: typical, noNaN: true }) },
        { weight: 2, arbitrary: fc.constant('unlimited' as const) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, -1, Infinity) },
      );

const limitsArb = (kind: Kind): fc.Arbitrary<RiskLimits> =>
  fc.record({
    maxOrderQuantity: limitArb(kind, pick(5, 30, kind)),
    maxOrderNotional: limitArb(kind, pick(500, 3_000, kind)),
    priceCollarBps: limitArb(kind, pick(200, 3_000, kind)),
    maxPositionNotional: limitArb(kind, pick(1_000, 5_000, kind)),
    maxGrossExposure: limitArb(kind, pick(2_000, 10_000, kind)),
    maxDailyLoss: limitArb(kind, pick(300, 2_000, kind)),
    maxDrawdownPct: limitArb(kind, pick(10, 50, kind)),
    maxTradesPerDay: limitArb(kind, pick(100, 200, kind)),
    // A tame cooldown is short, so recent losses sometimes still block.
    lossCooldownSeconds: kind === 'tame' ? fc.double({ min: 0, max: 120, noNaN: true }) : limitArb(kind, 600),
    maxOrdersPerMinute: limitArb(kind, pick(10, 20, kind)),
    maxMarketDataAgeSeconds: limitArb(kind, pick(30, 60, kind)),
  });

const equityArb = (kind: Kind, min: number, max: number) =>
  mix(kind, fc.double({ min, max, noNaN: true }), fc.constantFrom(null, 0, NaN));

const snapshotOf = (kind: Kind): fc.Arbitrary<RiskSnapshot> =>
  fc.record({
    intent: intentArb(kind),
    now: fc.constant(NOW),
    deskMode:
      kind === 'tame'
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constant('ACTIVE' as const) },
            { weight: 1, arbitrary: fc.constant('CLOSE_ONLY' as const) },
          )
        : fc.constantFrom(...DESK_MODES),
    instrumentKnown: mix(kind, fc.constant(true), fc.constant(false)),
    lastPrice: mix(kind, priceArb(kind), fc.constant(null)),
    lastPriceTime: mix(
      kind,
      fc.integer({ min: NOW - pick(40_000, 90_000, kind), max: NOW }),
      fc.constant(null),
    ),
    positions: fc.dictionary(fc.constantFrom(...SYMBOLS), positionArb(kind), { maxKeys: 3 }),
    openOrders: fc.array(openOrderArb(kind), { maxLength: pick(2, 4, kind) }),
    equity: equityArb(kind, pick(9_700, 8_000, kind), pick(10_300, 12_000, kind)),
    peakEquity: equityArb(kind, pick(10_000, 8_000, kind), pick(10_500, 12_000, kind)),
    startOfDayEquity: equityArb(kind, pick(9_900, 8_000, kind), pick(10_200, 12_000, kind)),
    ordersToday: fc.integer({ min: 0, max: pick(80, 250, kind) }),
    ordersLastMinute: fc.integer({ min: 0, max: pick(8, 25, kind) }),
    lastLossAt: fc.oneof(fc.constant(null), fc.integer({ min: NOW - 900_000, max: NOW })),
    duplicateOf: mix(kind, fc.constant(null), fc.constant('k-0')),
    limits: limitsArb(kind),
  });

const snapshotArb: fc.Arbitrary<RiskSnapshot> = fc.oneof(snapshotOf('wild'), snapshotOf('tame'));

const withLimit = (snapshot: RiskSnapshot, key: keyof RiskLimits, limit: Limit): RiskSnapshot => ({
  ...snapshot,
  limits: { ...snapshot.limits, [key]: limit },
});

const numericLimitKeys = (snapshot: RiskSnapshot) =>
  LIMIT_KEYS.filter((key) => {
    const limit = snapshot.limits[key];
    return typeof limit === 'number' && Number.isFinite(limit) && limit >= 0;
  });

const verdictOf = (decision: RiskDecision, rule: string) =>
  decision.results.find((result) => result.rule === rule)?.verdict;

const intentCarriesNaN = ({ quantity, price, decisionPrice, expireAfterMs }: OrderIntent) =>
  [quantity, price, decisionPrice, expireAfterMs].some((value) => Number.isNaN(value));

const RUNS = { numRuns: 400 };

describe('pre-trade gate over random snapshots', () => {
  it('allows iff every rule passes, and reports exactly the denying rules', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const decision = evaluatePreTradeRisk(snapshot);
        expect(decision.results.map((result) => result.rule)).toEqual([...RISK_RULE_NAMES]);
        const denies = decision.results.filter((result) => result.verdict === 'DENY');
        expect(decision.decision).toBe(denies.length === 0 ? 'ALLOW' : 'DENY');
        expect(decision.findings).toEqual(
          denies.map((result) => ({ code: result.code, detail: result.detail })),
        );
        expect(decision.codes).toEqual([...new Set(denies.map((result) => result.code))]);
        for (const result of decision.results) expect(result.code === null).toBe(result.verdict === 'PASS');
      }),
      RUNS,
    );
  });

  it('is deterministic: twice, and on a structured clone, the same decision', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => expectDeterministic(evaluatePreTradeRisk, snapshot)),
      RUNS,
    );
  });

  // Tightening is lowering for every limit but the loss cooldown, where a longer cooldown is stricter.
  it('tightening any one numeric limit never turns a deny into an allow (per rule and overall)', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('scale', 'extreme', 'negative'),
        (snapshot, factor, how) => {
          const before = evaluatePreTradeRisk(snapshot);
          for (const key of numericLimitKeys(snapshot)) {
            const limit = snapshot.limits[key] as number;
            const higherIsTighter = key === 'lossCooldownSeconds';
            const tightened =
              how === 'negative'
                ? -1 - limit
                : higherIsTighter
                  ? how === 'scale'
                    ? limit + factor * 1_000
                    : 1e12
                  : how === 'scale'
                    ? limit * factor
                    : 0;
            const after = evaluatePreTradeRisk(withLimit(snapshot, key, tightened));
            if (before.decision === 'DENY') expect(after.decision).toBe('DENY');
            for (const rule of RISK_RULE_NAMES)
              if (verdictOf(before, rule) === 'DENY') expect(verdictOf(after, rule)).toBe('DENY');
          }
        },
      ),
      RUNS,
    );
  });

  it('HALTED always denies with DESK_HALTED', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const decision = evaluatePreTradeRisk({ ...snapshot, deskMode: 'HALTED' });
        expect(decision.decision).toBe('DENY');
        expect(decision.codes).toContain('DESK_HALTED');
      }),
      RUNS,
    );
  });

  it('an absent limit always denies with LIMIT_NOT_CONFIGURED', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...LIMIT_KEYS), (snapshot, key) => {
        const before = evaluatePreTradeRisk(snapshot);
        const after = evaluatePreTradeRisk(withLimit(snapshot, key, undefined));
        expect(after.decision).toBe('DENY');
        expect(after.codes).toContain('LIMIT_NOT_CONFIGURED');
        // The absent limit only adds denies: no rule that denied before passes now.
        for (const rule of RISK_RULE_NAMES) {
          const was = verdictOf(before, rule);
          if (was === 'DENY') expect(verdictOf(after, rule)).toBe('DENY');
        }
        expect(after.findings.length).toBeGreaterThanOrEqual(before.findings.length);
      }),
      RUNS,
    );
  });

  it("details never print 'NaN' or 'undefined', except NaN the intent itself carried, in INVALID_NUMBERS", () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const decision = evaluatePreTradeRisk(snapshot);
        const carriesNaN = intentCarriesNaN(snapshot.intent);
        for (const result of decision.results) {
          expect(result.detail).not.toContain('undefined');
          if (result.code === 'INVALID_NUMBERS' && carriesNaN) continue;
          expect(result.detail).not.toContain('NaN');
        }
        if (carriesNaN) expect(decision.codes).toContain('INVALID_NUMBERS');
      }),
      RUNS,
    );
  });

  it('CLOSE_ONLY lets through only orders that, with open orders on their side, reduce without flipping', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const closeOnly = { ...snapshot, deskMode: 'CLOSE_ONLY' as const };
        if (verdictOf(evaluatePreTradeRisk(closeOnly), 'deskMode') !== 'PASS') return;
        const { intent } = closeOnly;
        const position = Object.hasOwn(closeOnly.positions, intent.symbol)
          ? (closeOnly.positions[intent.symbol]?.quantity ?? 0)
          : 0;
        const sign = intent.side === 'buy' ? 1 : -1;
        const open = closeOnly.openOrders
          .filter((order) => order.symbol === intent.symbol && order.side === intent.side)
          .reduce((sum, order) => sum + order.leavesQuantity, 0);
        const after = position + sign * (intent.quantity + open);
        expect(position).not.toBe(0);
        expect(Math.sign(sign)).toBe(-Math.sign(position));
        expect(Math.abs(after)).toBeLessThanOrEqual(Math.abs(position) * (1 + 1e-9));
        expect(Math.sign(after) === Math.sign(position) || Math.abs(after) <= Math.abs(position) * 2e-9).toBe(
          true,
        );
      }),
      RUNS,
    );
  });

  it('the generator reaches allows and every deny code (the properties above are not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const decision = evaluatePreTradeRisk(snapshot);
        if (decision.decision === 'ALLOW') seen.add('ALLOW');
        if (decision.decision === 'ALLOW' && snapshot.deskMode === 'CLOSE_ONLY') seen.add('ALLOW_CLOSE_ONLY');
        for (const code of decision.codes) seen.add(code);
      }),
      { numRuns: 3_000, seed: 42 },
    );
    expect([...seen].sort()).toEqual(
      [
        'ALLOW',
        'ALLOW_CLOSE_ONLY',
        'INVALID_NUMBERS',
        'UNKNOWN_INSTRUMENT',
        'DESK_HALTED',
        'DESK_CLOSE_ONLY',
        'NO_REFERENCE_PRICE',
        'MAX_ORDER_QUANTITY',
        'MAX_ORDER_NOTIONAL',
        'PRICE_COLLAR',
        'POSITION_LIMIT',
        'GROSS_EXPOSURE_LIMIT',
        'DAILY_LOSS_LIMIT',
        'DRAWDOWN_LIMIT',
        'EQUITY_UNKNOWN',
        'TRADES_PER_DAY',
        'LOSS_COOLDOWN',
        'ORDER_RATE',
        'STALE_MARKET_DATA',
        'DUPLICATE_INTENT',
        'LIMIT_NOT_CONFIGURED',
      ].sort(),
    );
  });
});
