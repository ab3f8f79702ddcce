// Property tests of the reconciliation diff. Venue and ledger are built from one random "true"
// history (orders, fills, balances) so they agree; then random perturbations are applied, each to
// its own target, and the diff must report exactly one drift of the expected kind per perturbation
// and nothing else. Over arbitrary (also inconsistent) inputs the diff must be deterministic, leave
// its input alone, and say something readable for every drift.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderSide, type OrderStatus } from '../../domain/orders/types.js';
import { expectDeterministic } from '../helpers/properties.js';
import { DEFAULT_RECONCILE_POLICY, diffVenueAgainstLedger } from '../../domain/reconcile/diff.js';
import type {
  Drift,
  DriftKind,
  LedgerFillView,
  LedgerOrderView,
  ReconcileDiff,
  ReconcileInput,
  ReconcilePolicy,
  VenueFillView,
  VenueOrderView,
  VenueOrderStatus,
} from '../../domain/reconcile/types.js';
import { DRIFT_KINDS, DRIFT_SEVERITIES } from '../../domain/reconcile/types.js';
import { T0 } from '../helpers/clock.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'ETHBTC'] as const;
const ASSETS = ['BTC', 'ETH', 'USDT'] as const;
const FINAL_VENUE: readonly VenueOrderStatus[] = ['closed', 'canceled', 'expired', 'rejected'];
const LEDGER_FINAL: Record<Exclude<VenueOrderStatus, 'open'>, OrderStatus> = {
  closed: 'FILLED',
  canceled: 'CANCELED',
  expired: 'EXPIRED',
  rejected: 'REJECTED',
};

// ---------------------------------------------------------------------------------------------
// A consistent history.

interface OrderSpec {
  /** open: open at the venue; final: done on both sides; unsent: the ledger has not got it to the venue yet. */
  state: 'open' | 'final' | 'unsent';
  openLedgerStatus: 'ACCEPTED' | 'PARTIALLY_FILLED' | 'PENDING_CANCEL';
  unsentLedgerStatus: 'NEW' | 'SUBMITTING' | 'UNKNOWN';
  finalVenueStatus: Exclude<VenueOrderStatus, 'open'>;
  symbol: (typeof SYMBOLS)[number];
  side: OrderSide;
  quantity: number;
  price: number | null;
  /** Offsets from the window start (ms) of the order's fills; negative ones lie before the window. */
  fillOffsets: number[];
}

const orderSpecArb: fc.Arbitrary<OrderSpec> = fc.record({
  state: fc.constantFrom('open', 'final', 'unsent'),
  openLedgerStatus: fc.constantFrom('ACCEPTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL'),
  unsentLedgerStatus: fc.constantFrom('NEW', 'SUBMITTING', 'UNKNOWN'),
  finalVenueStatus: fc.constantFrom('closed', 'canceled', 'expired', 'rejected'),
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('buy', 'sell'),
  quantity: fc.constantFrom(0.001, 0.01, 0.5, 1, 3),
  price: fc.option(fc.double({ min: 0.01, max: 100_000, noNaN: true }), { nil: null }),
  fillOffsets: fc.array(fc.integer({ min: -5_000, max: 5_000 }), { maxLength: 3 }),
});

interface History {
  orders: OrderSpec[];
  balances: Record<string, number>;
  withBaseline: boolean;
  policy: ReconcilePolicy;
}

const balancesArb = fc
  .subarray([...ASSETS])
  .chain((assets) =>
    fc
      .tuple(...assets.map(() => fc.double({ min: 0, max: 1_000_000, noNaN: true })))
      .map((values) => Object.fromEntries(assets.map((asset, i) => [asset, values[i]!]))),
  );

const historyArb: fc.Arbitrary<History> = fc.record({
  orders: fc.array(orderSpecArb, { maxLength: 8 }),
  balances: balancesArb,
  withBaseline: fc.boolean(),
  policy: fc.boolean().map((adoptKeelOrders) => ({ ...DEFAULT_RECONCILE_POLICY, adoptKeelOrders })),
});

const idOf = (i: number): string => `o${i}`;

/** Venue and ledger in full agreement. */
function consistentInput(history: History): ReconcileInput {
  const input: ReconcileInput = {
    account: 'paper',
    venue: { openOrders: [], lookups: {}, fills: [], balances: { ...history.balances } },
    ledger: {
      openOrders: [],
      knownOrders: {},
      clientOrderIdByVenueOrderId: {},
      fills: [],
      expectedBalances: history.withBaseline ? { ...history.balances } : null,
    },
    window: { fillsSince: T0 },
    policy: history.policy,
  };
  history.orders.forEach((spec, i) => {
    const clientOrderId = idOf(i);
    const venueOrderId = `v${i}`;
    const fills = spec.state === 'unsent' ? [] : spec.fillOffsets;
    const fillQuantity = spec.quantity / 4;
    const filledQuantity = fills.length * fillQuantity;
    const ledgerStatus: OrderStatus =
      spec.state === 'open'
        ? spec.openLedgerStatus
        : spec.state === 'final'
          ? LEDGER_FINAL[spec.finalVenueStatus]
          : spec.unsentLedgerStatus;
    const ledgerOrder: LedgerOrderView = {
      clientOrderId,
      symbol: spec.symbol,
      side: spec.side,
      status: ledgerStatus,
      venueOrderId: spec.state === 'unsent' ? null : venueOrderId,
      quantity: spec.quantity,
      filledQuantity,
    };
    const venueOrder: VenueOrderView = {
      clientOrderId,
      venueOrderId,
      symbol: spec.symbol,
      side: spec.side,
      status: spec.state === 'final' ? spec.finalVenueStatus : 'open',
      quantity: spec.quantity,
      filledQuantity,
      price: spec.price,
    };
    if (spec.state === 'unsent') {
      input.ledger.openOrders.push(ledgerOrder);
      input.venue.lookups[clientOrderId] = null;
      return;
    }
    input.ledger.clientOrderIdByVenueOrderId[venueOrderId] = clientOrderId;
    if (spec.state === 'open') {
      input.ledger.openOrders.push(ledgerOrder);
      input.venue.openOrders.push(venueOrder);
      input.ledger.knownOrders[clientOrderId] = ledgerOrder;
    } else if (fills.length > 0) {
      input.ledger.knownOrders[clientOrderId] = ledgerOrder;
    }
    fills.forEach((offset, j) => {
      const tradeId = `t${i}-${j}`;
      const price = spec.price ?? 100;
      const common = { tradeId, symbol: spec.symbol, side: spec.side, price, quantity: fillQuantity };
      input.venue.fills.push({ ...common, venueOrderId, fee: 0.01, feeAsset: 'USDT', time: T0 + offset });
      input.ledger.fills.push({ ...common, clientOrderId, time: T0 + offset });
    });
  });
  return input;
}

// ---------------------------------------------------------------------------------------------
// Perturbations, each on its own target.

interface Perturbations {
  dropLedgerFill: number | null;
  phantomFill: { order: number; quantity: number } | null;
  removeLedgerOrder: number | null;
  finalAtVenue: { order: number; status: Exclude<VenueOrderStatus, 'open'> } | null;
  /** An order the ledger holds as accepted is unknown to the venue. */
  venueForgets: number | null;
  changeBalance: { asset: number; delta: number } | null;
}

const perturbationsArb: fc.Arbitrary<Perturbations> = fc.record({
  dropLedgerFill: fc.option(fc.nat(), { nil: null }),
  phantomFill: fc.option(fc.record({ order: fc.nat(), quantity: fc.constantFrom(0.001, 0.2) }), {
    nil: null,
  }),
  removeLedgerOrder: fc.option(fc.nat(), { nil: null }),
  finalAtVenue: fc.option(
    fc.record({ order: fc.nat(), status: fc.constantFrom('closed', 'canceled', 'expired', 'rejected') }),
    { nil: null },
  ),
  venueForgets: fc.option(fc.nat(), { nil: null }),
  changeBalance: fc.option(
    fc.record({
      asset: fc.nat(),
      delta: fc.oneof(
        fc.double({ min: 1, max: 1_000, noNaN: true }),
        fc.double({ min: -1_000, max: -1, noNaN: true }),
      ),
    }),
    { nil: null },
  ),
});

const keyOf = (kind: DriftKind, id: string | null): string => `${kind}:${id ?? '-'}`;

function driftKey(drift: Drift): string {
  const id =
    drift.kind === 'MISSED_FILL' || drift.kind === 'PHANTOM_FILL'
      ? drift.tradeId
      : drift.kind === 'BALANCE_MISMATCH'
        ? drift.asset
        : drift.clientOrderId;
  return keyOf(drift.kind, id);
}

/** Applies the perturbations that have a target and returns the drifts they must produce. */
function perturb(input: ReconcileInput, p: Perturbations): Set<string> {
  const expected = new Set<string>();
  const { venue, ledger } = input;

  if (p.dropLedgerFill !== null && ledger.fills.length > 0) {
    // Any fill, before the window too: only a dropped fill inside the window is a drift.
    const dropped = ledger.fills[p.dropLedgerFill % ledger.fills.length]!;
    ledger.fills = ledger.fills.filter((fill) => fill !== dropped);
    if (dropped.time >= input.window.fillsSince) expected.add(keyOf('MISSED_FILL', dropped.tradeId));
  }

  if (p.phantomFill !== null) {
    const orders = Object.values(ledger.knownOrders);
    if (orders.length > 0) {
      const order = orders[p.phantomFill.order % orders.length]!;
      const phantom: LedgerFillView = {
        tradeId: `phantom-${order.clientOrderId}`,
        clientOrderId: order.clientOrderId,
        symbol: order.symbol,
        side: order.side,
        price: 100,
        quantity: p.phantomFill.quantity,
        time: input.window.fillsSince + 1,
      };
      ledger.fills.push(phantom);
      expected.add(keyOf('PHANTOM_FILL', phantom.tradeId));
    }
  }

  // Order perturbations touch distinct venue-open orders.
  const openIds = venue.openOrders.map((order) => order.clientOrderId);
  let removed: string | null = null;
  if (p.removeLedgerOrder !== null && openIds.length > 0) {
    removed = openIds[p.removeLedgerOrder % openIds.length]!;
    const id = removed;
    ledger.openOrders = ledger.openOrders.filter((order) => order.clientOrderId !== id);
    delete ledger.knownOrders[id];
    for (const [venueOrderId, clientOrderId] of Object.entries(ledger.clientOrderIdByVenueOrderId))
      if (clientOrderId === id) delete ledger.clientOrderIdByVenueOrderId[venueOrderId];
    expected.add(keyOf('ORPHAN_VENUE_ORDER', id));
  }
  let madeFinal: string | null = null;
  if (p.finalAtVenue !== null) {
    const candidates = openIds.filter((id) => id !== removed);
    if (candidates.length > 0) {
      const id = candidates[p.finalAtVenue.order % candidates.length]!;
      madeFinal = id;
      const order = venue.openOrders.find((o) => o.clientOrderId === id)!;
      venue.openOrders = venue.openOrders.filter((o) => o !== order);
      venue.lookups[id] = { ...order, status: p.finalAtVenue.status };
      expected.add(keyOf('STATUS_MISMATCH', id));
    }
  }
  if (p.venueForgets !== null) {
    const candidates = openIds.filter((id) => id !== removed && id !== madeFinal);
    if (candidates.length > 0) {
      const id = candidates[p.venueForgets % candidates.length]!;
      venue.openOrders = venue.openOrders.filter((o) => o.clientOrderId !== id);
      venue.lookups[id] = null;
      expected.add(keyOf('MISSING_ORDER', id));
    }
  }

  if (p.changeBalance !== null) {
    const asset = ASSETS[p.changeBalance.asset % ASSETS.length]!;
    venue.balances[asset] = (venue.balances[asset] ?? 0) + p.changeBalance.delta;
    if (ledger.expectedBalances !== null) expected.add(keyOf('BALANCE_MISMATCH', asset));
  }
  return expected;
}

// ---------------------------------------------------------------------------------------------
// Arbitrary, possibly inconsistent, inputs.

const idArb = fc.constantFrom(
  'a',
  'b',
  'c',
  'm-lq0x3k2a-a1b2c3',
  'k-0123456789abcd-7',
  'constructor',
  '__proto__',
);
const venueIdArb = fc.constantFrom('v1', 'v2', 'v3', 'toString');
const numberArb = fc.double({ min: -1e9, max: 1e9, noNaN: true });
const positiveArb = fc.double({ min: 0, max: 1e6, noNaN: true });
const symbolArb = fc.constantFrom(...SYMBOLS, 'X');
const sideArb = fc.constantFrom<OrderSide>('buy', 'sell');
const timeArb = fc.integer({ min: T0 - 10_000, max: T0 + 10_000 });

const venueOrderArb: fc.Arbitrary<VenueOrderView> = fc.record({
  clientOrderId: idArb,
  venueOrderId: venueIdArb,
  symbol: symbolArb,
  side: sideArb,
  status: fc.constantFrom<VenueOrderStatus>('open', ...FINAL_VENUE),
  quantity: positiveArb,
  filledQuantity: positiveArb,
  price: fc.option(positiveArb, { nil: null }),
});

const ledgerOrderArb: fc.Arbitrary<LedgerOrderView> = fc.record({
  clientOrderId: idArb,
  symbol: symbolArb,
  side: sideArb,
  status: fc.constantFrom<OrderStatus>(...ORDER_STATUSES),
  venueOrderId: fc.option(venueIdArb, { nil: null }),
  quantity: positiveArb,
  filledQuantity: positiveArb,
});

const tradeIdArb = fc.constantFrom('t1', 't2', 't3', 't4', 'valueOf');

const venueFillArb: fc.Arbitrary<VenueFillView> = fc.record({
  tradeId: tradeIdArb,
  venueOrderId: venueIdArb,
  symbol: symbolArb,
  side: sideArb,
  price: positiveArb,
  quantity: positiveArb,
  fee: positiveArb,
  feeAsset: fc.constantFrom(...ASSETS, 'BNB'),
  time: timeArb,
});

const ledgerFillArb: fc.Arbitrary<LedgerFillView> = fc.record({
  tradeId: tradeIdArb,
  clientOrderId: idArb,
  symbol: symbolArb,
  side: sideArb,
  price: positiveArb,
  quantity: positiveArb,
  time: timeArb,
});

const assetArb = fc.constantFrom(...ASSETS, 'BNB', 'hasOwnProperty');
const balanceRecordArb = fc
  .array(fc.tuple(assetArb, numberArb), { maxLength: 5 })
  .map((entries) => Object.fromEntries(entries));
const severityArb = fc.constantFrom(...DRIFT_SEVERITIES);

const policyArb: fc.Arbitrary<ReconcilePolicy> = fc.record({
  adoptKeelOrders: fc.boolean(),
  keelClientOrderIdPattern: fc.constantFrom(
    DEFAULT_RECONCILE_POLICY.keelClientOrderIdPattern,
    '^[a-c]$',
    '(',
  ),
  balanceTolerance: fc.record({
    absolute: fc.constantFrom(0, 1e-8, 1),
    relative: fc.constantFrom(0, 1e-9, 0.01),
  }),
  balanceCriticalRelative: fc.constantFrom(0, 0.001, 0.5),
  severities: fc.record({
    ORPHAN_VENUE_ORDER: severityArb,
    MISSING_ORDER: severityArb,
    STATUS_MISMATCH: severityArb,
    MISSED_FILL: severityArb,
    PHANTOM_FILL: severityArb,
  }),
});

const chaosInputArb: fc.Arbitrary<ReconcileInput> = fc.record({
  account: fc.constant('paper'),
  venue: fc.record({
    openOrders: fc.array(venueOrderArb, { maxLength: 5 }),
    lookups: fc
      .array(fc.tuple(idArb, fc.option(venueOrderArb, { nil: null })), { maxLength: 4 })
      .map((entries) => Object.fromEntries(entries)),
    fills: fc.array(venueFillArb, { maxLength: 5 }),
    balances: balanceRecordArb,
  }),
  ledger: fc.record({
    openOrders: fc.array(ledgerOrderArb, { maxLength: 5 }),
    knownOrders: fc
      .array(ledgerOrderArb, { maxLength: 4 })
      .map((orders) => Object.fromEntries(orders.map((order) => [order.clientOrderId, order]))),
    clientOrderIdByVenueOrderId: fc
      .array(fc.tuple(venueIdArb, idArb), { maxLength: 4 })
      .map((entries) => Object.fromEntries(entries)),
    fills: fc.array(ledgerFillArb, { maxLength: 5 }),
    expectedBalances: fc.option(balanceRecordArb, { nil: null }),
  }),
  window: fc.record({ fillsSince: timeArb }),
  policy: policyArb,
});

const perturbedInputArb: fc.Arbitrary<ReconcileInput> = fc
  .tuple(historyArb, perturbationsArb)
  .map(([history, p]) => {
    const input = consistentInput(history);
    perturb(input, p);
    return input;
  });

const anyInputArb = fc.oneof(chaosInputArb, perturbedInputArb);

// ---------------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function sortKey(drift: Drift): [number, string, string, string] {
  return [DRIFT_KINDS.indexOf(drift.kind), drift.clientOrderId ?? '', drift.tradeId ?? '', drift.asset ?? ''];
}

function compareKeys(a: [number, string, string, string], b: [number, string, string, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  for (let i = 1; i < 4; i++) if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string) ? -1 : 1;
  return 0;
}

function checkInvariants(diff: ReconcileDiff): void {
  for (const drift of diff.drifts) {
    expect(drift.detail.length).toBeGreaterThan(0);
    expect(drift.detail).not.toMatch(/NaN|undefined/);
    expect(DRIFT_KINDS).toContain(drift.kind);
    expect(DRIFT_SEVERITIES).toContain(drift.severity);
  }
  expect(diff.critical).toBe(diff.drifts.some((drift) => drift.severity === 'critical'));
  const ranks = diff.drifts.map((drift) => DRIFT_SEVERITIES.indexOf(drift.severity));
  expect(diff.worst).toBe(ranks.length === 0 ? null : DRIFT_SEVERITIES[Math.max(...ranks)]);
  for (let i = 1; i < diff.drifts.length; i++)
    expect(compareKeys(sortKey(diff.drifts[i - 1]!), sortKey(diff.drifts[i]!))).toBeLessThanOrEqual(0);
}

describe('diffVenueAgainstLedger properties', () => {
  it('finds nothing when venue and ledger come from the same history', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const diff = diffVenueAgainstLedger(consistentInput(history));
        expect(diff).toEqual({ drifts: [], worst: null, critical: false });
      }),
      { numRuns: 300 },
    );
  });

  it('reports exactly one drift of the expected kind per perturbation, and nothing else', () => {
    fc.assert(
      fc.property(historyArb, perturbationsArb, (history, p) => {
        const input = consistentInput(history);
        const expected = perturb(input, p);
        const diff = diffVenueAgainstLedger(input);
        expect(diff.drifts.map(driftKey).sort()).toEqual([...expected].sort());
        checkInvariants(diff);
      }),
      { numRuns: 500 },
    );
  });

  it('proposes the action the rules ask for each perturbation', () => {
    fc.assert(
      fc.property(historyArb, perturbationsArb, (history, p) => {
        const input = consistentInput(history);
        perturb(input, p);
        for (const drift of diffVenueAgainstLedger(input).drifts) {
          switch (drift.kind) {
            case 'ORPHAN_VENUE_ORDER':
              // Test ids (o0, o1, …) are not Keel's: never adopted.
              expect(drift.action).toBe('CANCEL_AT_VENUE');
              break;
            case 'STATUS_MISMATCH':
            case 'MISSING_ORDER':
              expect(drift.action).toBe('LOOKUP_ORDER');
              break;
            case 'MISSED_FILL':
              // A missed fill of an order the ledger lost altogether cannot be adopted.
              expect(drift.action).toBe(drift.clientOrderId === null ? 'HALT_DESK' : 'ADOPT_FILL');
              expect(drift.severity).toBe(drift.clientOrderId === null ? 'critical' : 'warn');
              break;
            case 'PHANTOM_FILL':
              expect(drift).toMatchObject({ action: 'HALT_DESK', severity: 'critical' });
              break;
            case 'BALANCE_MISMATCH':
              expect(drift.action).toBe(drift.severity === 'critical' ? 'HALT_DESK' : 'NONE');
              break;
            default:
              throw new Error(`unexpected drift ${JSON.stringify(drift)}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same or a cloned input gives a deep-equal result', () => {
    fc.assert(
      fc.property(anyInputArb, (input) => expectDeterministic(diffVenueAgainstLedger, input)),
      { numRuns: 300 },
    );
  });

  it('never mutates its input', () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const before = structuredClone(input);
        const diff = diffVenueAgainstLedger(deepFreeze(input));
        expect(input).toEqual(before);
        // Facts are copies: editing them leaves the input alone.
        for (const drift of diff.drifts)
          for (const fact of Object.values(drift.facts))
            if (typeof fact === 'object' && fact !== null) expect(Object.isFrozen(fact)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, explains every drift readably, and keeps worst, critical and the order consistent', () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        checkInvariants(diffVenueAgainstLedger(input));
      }),
      { numRuns: 500 },
    );
  });
});
