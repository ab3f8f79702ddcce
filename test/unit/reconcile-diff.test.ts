// The reconciliation diff, case by case: one input per drift kind and per branch of the rules, the
// default policy, sorting, and severities taken from the policy.
import { describe, expect, it } from 'vitest';
import { deriveClientOrderId } from '../../domain/orders/client-order-id.js';
import {
  DEFAULT_RECONCILE_POLICY,
  diffVenueAgainstLedger,
  KEEL_CLIENT_ORDER_ID_PATTERN,
} from '../../domain/reconcile/diff.js';
import type {
  Drift,
  LedgerFillView,
  LedgerOrderView,
  ReconcileInput,
  ReconcilePolicy,
  VenueFillView,
  VenueOrderView,
} from '../../domain/reconcile/types.js';
import { T0 } from '../helpers/clock.js';

function venueOrder(clientOrderId: string, overrides: Partial<VenueOrderView> = {}): VenueOrderView {
  return {
    clientOrderId,
    venueOrderId: `v-${clientOrderId}`,
    symbol: 'BTCUSDT',
    side: 'buy',
    status: 'open',
    quantity: 0.01,
    filledQuantity: 0,
    price: 60000,
    ...overrides,
  };
}

function ledgerOrder(clientOrderId: string, overrides: Partial<LedgerOrderView> = {}): LedgerOrderView {
  return {
    clientOrderId,
    symbol: 'BTCUSDT',
    side: 'buy',
    status: 'ACCEPTED',
    venueOrderId: `v-${clientOrderId}`,
    quantity: 0.01,
    filledQuantity: 0,
    ...overrides,
  };
}

function venueFill(
  tradeId: string,
  venueOrderId: string,
  overrides: Partial<VenueFillView> = {},
): VenueFillView {
  return {
    tradeId,
    venueOrderId,
    symbol: 'BTCUSDT',
    side: 'buy',
    price: 60000,
    quantity: 0.005,
    fee: 0.3,
    feeAsset: 'USDT',
    time: T0 + 1000,
    ...overrides,
  };
}

function ledgerFill(
  tradeId: string,
  clientOrderId: string,
  overrides: Partial<LedgerFillView> = {},
): LedgerFillView {
  return {
    tradeId,
    clientOrderId,
    symbol: 'BTCUSDT',
    side: 'buy',
    price: 60000,
    quantity: 0.005,
    time: T0 + 1000,
    ...overrides,
  };
}

interface Parts {
  venueOpen?: VenueOrderView[];
  lookups?: Record<string, VenueOrderView | null>;
  venueFills?: VenueFillView[];
  venueBalances?: Record<string, number>;
  ledgerOpen?: LedgerOrderView[];
  known?: LedgerOrderView[];
  ledgerFills?: LedgerFillView[];
  expectedBalances?: Record<string, number> | null;
  policy?: Partial<ReconcilePolicy>;
}

/** An input from parts; the venue → client order id map is built from every ledger order given. */
function input(parts: Parts = {}): ReconcileInput {
  const ledgerOrders = [...(parts.ledgerOpen ?? []), ...(parts.known ?? [])];
  return {
    account: 'paper',
    venue: {
      openOrders: parts.venueOpen ?? [],
      lookups: parts.lookups ?? {},
      fills: parts.venueFills ?? [],
      balances: parts.venueBalances ?? {},
    },
    ledger: {
      openOrders: parts.ledgerOpen ?? [],
      knownOrders: Object.fromEntries((parts.known ?? []).map((order) => [order.clientOrderId, order])),
      clientOrderIdByVenueOrderId: Object.fromEntries(
        ledgerOrders
          .filter((order) => order.venueOrderId !== null)
          .map((order): [string, string] => [order.venueOrderId ?? '', order.clientOrderId]),
      ),
      fills: parts.ledgerFills ?? [],
      expectedBalances: parts.expectedBalances === undefined ? null : parts.expectedBalances,
    },
    window: { fillsSince: T0 },
    policy: { ...DEFAULT_RECONCILE_POLICY, ...parts.policy },
  };
}

function only(parts: Parts): Drift {
  const diff = diffVenueAgainstLedger(input(parts));
  expect(diff.drifts).toHaveLength(1);
  return diff.drifts[0]!;
}

const MANUAL_ID = 'm-lq0x3k2a-a1b2c3';
const DERIVED_ID = deriveClientOrderId({ runId: 'run-1', strategy: 'mean-revert', sequence: 7 });

describe('DEFAULT_RECONCILE_POLICY', () => {
  it('has the agreed values', () => {
    expect(DEFAULT_RECONCILE_POLICY).toEqual({
      adoptKeelOrders: false,
      keelClientOrderIdPattern: KEEL_CLIENT_ORDER_ID_PATTERN,
      balanceTolerance: { absolute: 1e-8, relative: 1e-9 },
      balanceCriticalRelative: 0.001,
      severities: {
        ORPHAN_VENUE_ORDER: 'critical',
        MISSING_ORDER: 'warn',
        STATUS_MISMATCH: 'warn',
        MISSED_FILL: 'warn',
        PHANTOM_FILL: 'critical',
      },
    });
  });

  it('is frozen, nested objects included', () => {
    expect(Object.isFrozen(DEFAULT_RECONCILE_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RECONCILE_POLICY.severities)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RECONCILE_POLICY.balanceTolerance)).toBe(true);
  });

  it('matches the ids Keel produces and nothing else', () => {
    const pattern = new RegExp(DEFAULT_RECONCILE_POLICY.keelClientOrderIdPattern);
    for (const sequence of [0, 1, 42, Number.MAX_SAFE_INTEGER])
      expect(deriveClientOrderId({ runId: 'r', strategy: 's', sequence })).toMatch(pattern);
    expect(`m-${T0.toString(36)}-0f9a3c`).toMatch(pattern);
    expect(MANUAL_ID).toMatch(pattern);
    for (const foreign of [
      'web_1234567890',
      'x-AB12CD34',
      'm-abc-0f9a3',
      'm-abc-0f9a3cd',
      'm-ABC-0f9a3c',
      'k-short-1',
      `${DERIVED_ID}x`,
      `x${DERIVED_ID}`,
      'k-0123456789abcd-01',
      'gate-1',
      '',
    ])
      expect(foreign).not.toMatch(pattern);
  });
});

describe('diffVenueAgainstLedger', () => {
  it('finds nothing in an empty input', () => {
    expect(diffVenueAgainstLedger(input())).toEqual({ drifts: [], worst: null, critical: false });
    expect(diffVenueAgainstLedger(input({ expectedBalances: {} }))).toEqual({
      drifts: [],
      worst: null,
      critical: false,
    });
  });

  it('finds nothing when venue and ledger agree', () => {
    const open = ledgerOrder('a', { status: 'PARTIALLY_FILLED', filledQuantity: 0.005 });
    const pending = ledgerOrder('b', { status: 'PENDING_CANCEL', symbol: 'ETHUSDT' });
    const done = ledgerOrder('c', { status: 'FILLED', quantity: 0.002, filledQuantity: 0.002 });
    const diff = diffVenueAgainstLedger(
      input({
        venueOpen: [
          venueOrder('a', { filledQuantity: 0.005 }),
          venueOrder('b', { symbol: 'ETHUSDT', price: 3000 }),
        ],
        ledgerOpen: [open, pending],
        known: [done],
        venueFills: [venueFill('t1', 'v-a'), venueFill('t2', 'v-c', { quantity: 0.002 })],
        ledgerFills: [ledgerFill('t1', 'a'), ledgerFill('t2', 'c', { quantity: 0.002 })],
        venueBalances: { BTC: 1.5, USDT: 10_000 },
        expectedBalances: { BTC: 1.5, USDT: 10_000, ETH: 0 },
      }),
    );
    expect(diff).toEqual({ drifts: [], worst: null, critical: false });
  });

  describe('ORPHAN_VENUE_ORDER', () => {
    it('cancels an order unknown to the ledger', () => {
      const drift = only({ venueOpen: [venueOrder('x-foreign')] });
      expect(drift).toMatchObject({
        kind: 'ORPHAN_VENUE_ORDER',
        severity: 'critical',
        action: 'CANCEL_AT_VENUE',
        clientOrderId: 'x-foreign',
        symbol: 'BTCUSDT',
        tradeId: null,
        asset: null,
      });
      expect(drift.detail).toBe(
        'order x-foreign is open at the venue (buy 0.01 BTCUSDT @ 60000, filled 0) but unknown to the ledger: cancel it',
      );
      expect(drift.facts).toEqual({ venue: venueOrder('x-foreign') });
    });

    it('cancels a Keel-looking orphan when the policy does not adopt', () => {
      expect(only({ venueOpen: [venueOrder(MANUAL_ID)] }).action).toBe('CANCEL_AT_VENUE');
    });

    it('adopts a Keel orphan when the policy allows it, and still cancels a foreign one', () => {
      const diff = diffVenueAgainstLedger(
        input({
          venueOpen: [venueOrder(MANUAL_ID), venueOrder(DERIVED_ID), venueOrder('web_123', { price: null })],
          policy: { adoptKeelOrders: true },
        }),
      );
      const actions = Object.fromEntries(
        diff.drifts.map((d): [string, string] => [d.clientOrderId ?? '', d.action]),
      );
      expect(actions).toEqual({
        [MANUAL_ID]: 'ADOPT_ORDER',
        [DERIVED_ID]: 'ADOPT_ORDER',
        web_123: 'CANCEL_AT_VENUE',
      });
      expect(diff.drifts.find((d) => d.clientOrderId === MANUAL_ID)?.detail).toMatch(
        /adopt it into the ledger$/,
      );
      expect(diff.drifts.find((d) => d.clientOrderId === 'web_123')?.detail).toContain('@ market');
      // Adopted ones are repaired (warn); a foreign one is unknown exposure (critical).
      expect(Object.fromEntries(diff.drifts.map((d) => [d.clientOrderId, d.severity]))).toEqual({
        [MANUAL_ID]: 'warn',
        [DERIVED_ID]: 'warn',
        web_123: 'critical',
      });
    });

    it('uses the policy pattern', () => {
      const drift = only({
        venueOpen: [venueOrder('web_123')],
        policy: { adoptKeelOrders: true, keelClientOrderIdPattern: '^web_' },
      });
      expect(drift.action).toBe('ADOPT_ORDER');
      expect(drift.severity).toBe('warn'); // adoption repairs it: no halt
    });

    it('cancels, and says why, when the policy pattern is not a valid regular expression', () => {
      const drift = only({
        venueOpen: [venueOrder(MANUAL_ID)],
        policy: { adoptKeelOrders: true, keelClientOrderIdPattern: '(' },
      });
      expect(drift.action).toBe('CANCEL_AT_VENUE');
      expect(drift.detail).toContain('is invalid');
    });

    it('is no orphan when the ledger knows the order, whatever its status', () => {
      const known = ledgerOrder('a', { status: 'ACCEPTED' });
      expect(diffVenueAgainstLedger(input({ venueOpen: [venueOrder('a')], known: [known] })).drifts).toEqual(
        [],
      );
    });
  });

  describe('ledger open orders', () => {
    it('venue open, ledger SUBMITTING → STATUS_MISMATCH, look it up', () => {
      const drift = only({
        venueOpen: [venueOrder('a')],
        ledgerOpen: [ledgerOrder('a', { status: 'SUBMITTING', venueOrderId: null })],
      });
      expect(drift).toMatchObject({
        kind: 'STATUS_MISMATCH',
        severity: 'warn',
        action: 'LOOKUP_ORDER',
        clientOrderId: 'a',
        symbol: 'BTCUSDT',
      });
      expect(drift.facts).toMatchObject({ ledgerStatus: 'SUBMITTING', venueStatus: 'open' });
      expect(drift.detail).toContain('still SUBMITTING in the ledger');
    });

    it.each(['NEW', 'UNKNOWN'] as const)('venue open, ledger %s → STATUS_MISMATCH', (status) => {
      const drift = only({ venueOpen: [venueOrder('a')], ledgerOpen: [ledgerOrder('a', { status })] });
      expect(drift).toMatchObject({ kind: 'STATUS_MISMATCH', action: 'LOOKUP_ORDER' });
    });

    it.each(['ACCEPTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL'] as const)(
      'venue open, ledger %s → consistent',
      (status) => {
        const diff = diffVenueAgainstLedger(
          input({ venueOpen: [venueOrder('a')], ledgerOpen: [ledgerOrder('a', { status })] }),
        );
        expect(diff.drifts).toEqual([]);
      },
    );

    it('a venue fill quantity ahead of the ledger is reported through the missed fill only', () => {
      const diff = diffVenueAgainstLedger(
        input({
          venueOpen: [venueOrder('a', { filledQuantity: 0.005 })],
          ledgerOpen: [ledgerOrder('a')],
          venueFills: [venueFill('t1', 'v-a')],
        }),
      );
      expect(diff.drifts.map((d) => [d.kind, d.tradeId])).toEqual([['MISSED_FILL', 't1']]);
    });

    it('venue open, ledger terminal → STATUS_MISMATCH, cancel at the venue', () => {
      const drift = only({ venueOpen: [venueOrder('a')], known: [ledgerOrder('a', { status: 'CANCELED' })] });
      expect(drift).toMatchObject({ kind: 'STATUS_MISMATCH', action: 'CANCEL_AT_VENUE', clientOrderId: 'a' });
      expect(drift.facts).toMatchObject({ ledgerStatus: 'CANCELED', venueStatus: 'open' });
    });

    it('not looked up → MISSING_ORDER, look it up', () => {
      const drift = only({ ledgerOpen: [ledgerOrder('a', { status: 'NEW', venueOrderId: null })] });
      expect(drift).toMatchObject({
        kind: 'MISSING_ORDER',
        severity: 'warn',
        action: 'LOOKUP_ORDER',
        clientOrderId: 'a',
      });
      expect(drift.detail).toContain('not asked');
    });

    it.each(['NEW', 'SUBMITTING', 'UNKNOWN'] as const)(
      'ledger %s, never seen by the venue → no drift',
      (status) => {
        const diff = diffVenueAgainstLedger(
          input({ ledgerOpen: [ledgerOrder('a', { status, venueOrderId: null })], lookups: { a: null } }),
        );
        expect(diff.drifts).toEqual([]);
      },
    );

    it.each(['ACCEPTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL'] as const)(
      'ledger %s, never seen by the venue → MISSING_ORDER',
      (status) => {
        const drift = only({ ledgerOpen: [ledgerOrder('a', { status })], lookups: { a: null } });
        expect(drift).toMatchObject({ kind: 'MISSING_ORDER', action: 'LOOKUP_ORDER', clientOrderId: 'a' });
        expect(drift.detail).toContain(`${status} in the ledger`);
        expect(drift.detail).toContain('never seen it');
      },
    );

    it.each(['closed', 'canceled', 'expired', 'rejected'] as const)(
      'ledger open, venue %s → STATUS_MISMATCH with both statuses',
      (status) => {
        const drift = only({
          ledgerOpen: [ledgerOrder('a', { status: 'PARTIALLY_FILLED', filledQuantity: 0.004 })],
          lookups: { a: venueOrder('a', { status, filledQuantity: 0.004 }) },
        });
        expect(drift).toMatchObject({
          kind: 'STATUS_MISMATCH',
          severity: 'warn',
          action: 'LOOKUP_ORDER',
          clientOrderId: 'a',
        });
        expect(drift.facts).toMatchObject({ ledgerStatus: 'PARTIALLY_FILLED', venueStatus: status });
        expect(drift.detail).toContain(`PARTIALLY_FILLED in the ledger`);
        expect(drift.detail).toContain(`but ${status} at the venue`);
      },
    );

    it('a lookup answering open is treated like an open order', () => {
      const diff = diffVenueAgainstLedger(
        input({ ledgerOpen: [ledgerOrder('a')], lookups: { a: venueOrder('a') } }),
      );
      expect(diff.drifts).toEqual([]);
    });
  });

  describe('fills', () => {
    it('a trade id is per symbol: the same number on two symbols is two fills', () => {
      const drift = only({
        known: [
          ledgerOrder('a', { status: 'FILLED' }),
          ledgerOrder('b', { status: 'FILLED', symbol: 'ETHUSDT' }),
        ],
        venueFills: [venueFill('7', 'v-a'), venueFill('7', 'v-b', { symbol: 'ETHUSDT' })],
        ledgerFills: [ledgerFill('7', 'a')],
      });
      expect(drift).toMatchObject({
        kind: 'MISSED_FILL',
        tradeId: '7',
        symbol: 'ETHUSDT',
        clientOrderId: 'b',
      });
    });

    it('missed fill of a known order → ADOPT_FILL with the policy severity', () => {
      const drift = only({
        venueOpen: [venueOrder('a', { filledQuantity: 0.005 })],
        ledgerOpen: [ledgerOrder('a')],
        venueFills: [venueFill('t1', 'v-a')],
      });
      expect(drift).toMatchObject({
        kind: 'MISSED_FILL',
        severity: 'warn',
        action: 'ADOPT_FILL',
        clientOrderId: 'a',
        tradeId: 't1',
        symbol: 'BTCUSDT',
      });
      expect(drift.detail).toBe(
        'venue trade t1 (buy 0.005 BTCUSDT @ 60000, fee 0.3 USDT, venue order v-a) of order a is missing from the ledger: adopt it',
      );
    });

    it('missed fill of an order the ledger does not know → critical, halt the desk', () => {
      const diff = diffVenueAgainstLedger(input({ venueFills: [venueFill('t9', 'v-ghost')] }));
      expect(diff.drifts).toHaveLength(1);
      expect(diff.drifts[0]).toMatchObject({
        kind: 'MISSED_FILL',
        severity: 'critical',
        action: 'HALT_DESK',
        clientOrderId: null,
        tradeId: 't9',
      });
      expect(diff.drifts[0]!.detail).toContain('does not know');
      expect(diff).toMatchObject({ worst: 'critical', critical: true });
    });

    it('finds the order of a missed fill through the venue view when the ledger lacks its venue id', () => {
      const drift = only({
        venueOpen: [venueOrder('a', { venueOrderId: 'v-77' })],
        ledgerOpen: [ledgerOrder('a', { status: 'PENDING_CANCEL', venueOrderId: null })],
        venueFills: [venueFill('t1', 'v-77')],
      });
      expect(drift).toMatchObject({ kind: 'MISSED_FILL', action: 'ADOPT_FILL', clientOrderId: 'a' });
    });

    it('phantom fill → HALT_DESK with the policy severity', () => {
      const drift = only({
        known: [ledgerOrder('a', { status: 'FILLED' })],
        ledgerFills: [ledgerFill('t5', 'a')],
      });
      expect(drift).toMatchObject({
        kind: 'PHANTOM_FILL',
        severity: 'critical',
        action: 'HALT_DESK',
        clientOrderId: 'a',
        tradeId: 't5',
        symbol: 'BTCUSDT',
      });
      expect(drift.detail).toBe(
        `ledger trade t5 of order a (buy 0.005 BTCUSDT @ 60000) is not among the venue’s fills since ${new Date(T0).toISOString()}: halt the desk`,
      );
    });

    it('ignores fills before the window on their own side', () => {
      const diff = diffVenueAgainstLedger(
        input({
          venueFills: [venueFill('old-v', 'v-x', { time: T0 - 1 })],
          ledgerFills: [ledgerFill('old-l', 'a', { time: T0 - 1 })],
        }),
      );
      expect(diff.drifts).toEqual([]);
    });

    it('matches a fill whose other copy lies just outside the window', () => {
      const diff = diffVenueAgainstLedger(
        input({
          known: [ledgerOrder('a', { status: 'FILLED' })],
          venueFills: [venueFill('t1', 'v-a', { time: T0 })],
          ledgerFills: [ledgerFill('t1', 'a', { time: T0 - 5 })],
        }),
      );
      expect(diff.drifts).toEqual([]);
    });
  });

  describe('BALANCE_MISMATCH', () => {
    it('nothing within tolerance', () => {
      const diff = diffVenueAgainstLedger(
        input({
          venueBalances: { BTC: 1 + 5e-9, USDT: 1e9 + 0.5 },
          expectedBalances: { BTC: 1, USDT: 1e9, ETH: 5e-9 },
        }),
      );
      expect(diff.drifts).toEqual([]);
    });

    it('nothing when the expected balances are unknown', () => {
      const diff = diffVenueAgainstLedger(input({ venueBalances: { BTC: 5 }, expectedBalances: null }));
      expect(diff.drifts).toEqual([]);
    });

    it('warns on a small difference', () => {
      const drift = only({ venueBalances: { USDT: 10_000.5 }, expectedBalances: { USDT: 10_000 } });
      expect(drift).toMatchObject({
        kind: 'BALANCE_MISMATCH',
        severity: 'warn',
        action: 'NONE',
        asset: 'USDT',
        clientOrderId: null,
        tradeId: null,
        symbol: null,
      });
      expect(drift.facts).toMatchObject({ venue: 10_000.5, expected: 10_000, difference: 0.5 });
      expect(drift.detail).toBe(
        'USDT balance at the venue is 10000.5 but the ledger expects 10000 (difference +0.5, tolerance 0.00001): nothing to do automatically',
      );
    });

    it('is critical above the critical share, and when the asset is missing on one side', () => {
      const diff = diffVenueAgainstLedger(
        input({ venueBalances: { USDT: 9_000, ETH: 2 }, expectedBalances: { USDT: 10_000, BTC: 0.5 } }),
      );
      expect(diff.drifts.map((d) => [d.asset, d.severity, d.action, d.facts.difference])).toEqual([
        ['BTC', 'critical', 'HALT_DESK', -0.5],
        ['ETH', 'critical', 'HALT_DESK', 2],
        ['USDT', 'critical', 'HALT_DESK', -1000],
      ]);
      expect(diff.drifts[0]!.detail).toContain('is 0 but the ledger expects 0.5 (difference -0.5');
      expect(diff).toMatchObject({ worst: 'critical', critical: true });
    });

    it('notes what may explain a difference, and still reports it', () => {
      const diff = diffVenueAgainstLedger(
        input({
          venueOpen: [venueOrder('a'), venueOrder('b', { symbol: 'ETHBTC', price: 0.05 })],
          ledgerOpen: [ledgerOrder('a'), ledgerOrder('b', { symbol: 'ETHBTC' })],
          venueFills: [venueFill('t1', 'v-a'), venueFill('t2', 'v-a')],
          // More than the two missed fills account for: still a real difference.
          venueBalances: { BTC: 1.03, USDT: 9_500, ETH: 3 },
          expectedBalances: { BTC: 1, USDT: 10_000, ETH: 3.5 },
        }),
      );
      const balance = (asset: string) =>
        diff.drifts.find((d) => d.kind === 'BALANCE_MISMATCH' && d.asset === asset)!;
      expect(balance('BTC').detail).toContain(
        '(may be explained by 2 missed fills and 2 open orders involving BTC)',
      );
      expect(balance('USDT').detail).toContain(
        '(may be explained by 2 missed fills and 1 open order involving USDT)',
      );
      expect(balance('ETH').detail).toContain('(may be explained by 1 open order involving ETH)');
      expect(balance('BTC').facts.explainedBy).toEqual({ missedFills: 2, phantomFills: 0, openOrders: 2 });
      // Orders in flight and unrecorded fills: not critical, a quiet run will tell.
      expect(balance('BTC').severity).toBe('warn');
    });

    it('a difference the missed fills account for exactly is info: the ledger is behind, not wrong', () => {
      const diff = diffVenueAgainstLedger(
        input({
          known: [ledgerOrder('a', { status: 'FILLED' })],
          venueFills: [venueFill('t2', 'v-a', { feeAsset: 'BNB', fee: 0.001 })],
          venueBalances: { BNB: 0.999 },
          expectedBalances: { BNB: 1 },
        }),
      );
      const balance = diff.drifts.find((d) => d.kind === 'BALANCE_MISMATCH' && d.asset === 'BNB')!;
      expect(balance).toMatchObject({ severity: 'info', action: 'NONE' });
      expect(balance.detail).toContain('exactly the fills the ledger has not recorded yet');
    });

    it('counts phantom fills and fee assets as explanations', () => {
      const diff = diffVenueAgainstLedger(
        input({
          known: [ledgerOrder('a', { status: 'FILLED' })],
          ledgerFills: [ledgerFill('t1', 'a')],
          venueFills: [venueFill('t2', 'v-a', { feeAsset: 'BNB', fee: 0.001 })],
          venueBalances: { BNB: 0.998, BTC: 1.1 },
          expectedBalances: { BNB: 1, BTC: 1.005 },
        }),
      );
      const balance = (asset: string) =>
        diff.drifts.find((d) => d.kind === 'BALANCE_MISMATCH' && d.asset === asset)!;
      expect(balance('BNB').detail).toContain('(may be explained by 1 missed fill involving BNB)');
      expect(balance('BTC').detail).toContain(
        '(may be explained by 1 missed fill and 1 phantom fill involving BTC)',
      );
    });
  });

  it('sorts by kind, then client order id, trade id and asset', () => {
    const diff = diffVenueAgainstLedger(
      input({
        venueOpen: [venueOrder('z-orphan'), venueOrder('b-orphan'), venueOrder('s')],
        ledgerOpen: [
          ledgerOrder('s', { status: 'NEW' }),
          ledgerOrder('m2', { status: 'ACCEPTED' }),
          ledgerOrder('m1', { status: 'ACCEPTED' }),
        ],
        lookups: { m1: null },
        known: [ledgerOrder('k', { status: 'FILLED' })],
        venueFills: [venueFill('t3', 'v-k'), venueFill('t2', 'v-ghost'), venueFill('t1', 'v-k')],
        ledgerFills: [ledgerFill('p2', 'k'), ledgerFill('p1', 'k')],
        venueBalances: { USDT: 1, BTC: 1 },
        expectedBalances: { USDT: 2, BTC: 2, ETH: 1 },
      }),
    );
    expect(diff.drifts.map((d) => [d.kind, d.clientOrderId ?? d.asset, d.tradeId])).toEqual([
      ['ORPHAN_VENUE_ORDER', 'b-orphan', null],
      ['ORPHAN_VENUE_ORDER', 'z-orphan', null],
      ['MISSING_ORDER', 'm1', null],
      ['MISSING_ORDER', 'm2', null],
      ['STATUS_MISMATCH', 's', null],
      ['MISSED_FILL', null, 't2'],
      ['MISSED_FILL', 'k', 't1'],
      ['MISSED_FILL', 'k', 't3'],
      ['PHANTOM_FILL', 'k', 'p1'],
      ['PHANTOM_FILL', 'k', 'p2'],
      ['BALANCE_MISMATCH', 'BTC', null],
      ['BALANCE_MISMATCH', 'ETH', null],
      ['BALANCE_MISMATCH', 'USDT', null],
    ]);
  });

  it('takes severities from the policy', () => {
    const severities = {
      ORPHAN_VENUE_ORDER: 'info',
      MISSING_ORDER: 'critical',
      STATUS_MISMATCH: 'info',
      MISSED_FILL: 'critical',
      PHANTOM_FILL: 'warn',
    } as const;
    const parts: Parts = {
      venueOpen: [venueOrder('orphan'), venueOrder('s')],
      ledgerOpen: [ledgerOrder('s', { status: 'SUBMITTING' }), ledgerOrder('m')],
      known: [ledgerOrder('k', { status: 'FILLED' })],
      venueFills: [venueFill('t1', 'v-k')],
      ledgerFills: [ledgerFill('p1', 'k')],
      policy: { severities },
    };
    const diff = diffVenueAgainstLedger(input(parts));
    expect(Object.fromEntries(diff.drifts.map((d) => [d.kind, d.severity]))).toEqual(severities);
    expect(diff).toMatchObject({ worst: 'critical', critical: true });

    const mild = diffVenueAgainstLedger(
      input({
        ...parts,
        policy: { severities: { ...severities, MISSING_ORDER: 'warn', MISSED_FILL: 'warn' } },
      }),
    );
    expect(mild).toMatchObject({ worst: 'warn', critical: false });

    const quiet = diffVenueAgainstLedger(
      input({ venueOpen: [venueOrder('orphan')], policy: { severities: { ...severities } } }),
    );
    expect(quiet).toMatchObject({ worst: 'info', critical: false });
  });

  it('keeps the critical threshold and tolerance from the policy', () => {
    const parts: Parts = { venueBalances: { USDT: 10_000.5 }, expectedBalances: { USDT: 10_000 } };
    expect(only({ ...parts, policy: { balanceCriticalRelative: 0.00001 } }).severity).toBe('critical');
    expect(
      diffVenueAgainstLedger(input({ ...parts, policy: { balanceTolerance: { absolute: 1, relative: 0 } } }))
        .drifts,
    ).toEqual([]);
  });

  it('reads records by own keys only', () => {
    const diff = diffVenueAgainstLedger(
      input({
        venueOpen: [venueOrder('constructor')],
        ledgerOpen: [ledgerOrder('toString')],
        venueBalances: { hasOwnProperty: 1 },
        expectedBalances: { hasOwnProperty: 1 },
      }),
    );
    expect(diff.drifts.map((d) => [d.kind, d.clientOrderId])).toEqual([
      ['ORPHAN_VENUE_ORDER', 'constructor'],
      ['MISSING_ORDER', 'toString'],
    ]);
  });
});
