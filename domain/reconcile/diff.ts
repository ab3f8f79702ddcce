// The pure heart of reconciliation: given what the venue holds and what the ledger believes for
// one account, classify every difference as a drift with a severity and a proposed action. No I/O,
// no clock, no randomness: the same input always yields the same, deterministically ordered, drifts.
import type { OrderStatus } from '../orders/types.js';
import { TERMINAL_STATUSES } from '../orders/types.js';
import type {
  Drift,
  DriftKind,
  DriftSeverity,
  LedgerFillView,
  LedgerOrderView,
  ReconcileDiff,
  ReconcileInput,
  ReconcilePolicy,
  VenueFillView,
  VenueOrderView,
} from './types.js';
import { DRIFT_KINDS, DRIFT_SEVERITIES } from './types.js';

/**
 * The client order ids Keel itself produces, and nothing else:
 * - derived ids (domain/orders/client-order-id.ts): `k-<14 base-36 hash chars>-<sequence in decimal>`;
 * - a burn-in's order placed again after a halt (domain/burn-in/halt-replacement.ts): a derived id
 *   with `.h<n>`, or `k-<14 base-36 hash chars>-h<n>`;
 * - manual CLI ids (cli/commands/order.ts): `m-<epoch ms in base 36>-<6 hex chars>`.
 * An id an operator typed by hand with --client-order-id cannot be told apart from a foreign one.
 */
export const KEEL_CLIENT_ORDER_ID_PATTERN =
  '^(?:k-[0-9a-z]{14}-(?:0|[1-9][0-9]*)(?:\\.h[1-9][0-9]*)?|k-[0-9a-z]{14}-h[1-9][0-9]*|m-[0-9a-z]+-[0-9a-f]{6})$';

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

export const DEFAULT_RECONCILE_POLICY: ReconcilePolicy = deepFreeze({
  adoptKeelOrders: false,
  keelClientOrderIdPattern: KEEL_CLIENT_ORDER_ID_PATTERN,
  balanceTolerance: { absolute: 1e-8, relative: 1e-9 },
  balanceCriticalRelative: 0.001,
  severities: {
    // Unknown exposure at the venue.
    ORPHAN_VENUE_ORDER: 'critical',
    MISSING_ORDER: 'warn',
    STATUS_MISMATCH: 'warn',
    MISSED_FILL: 'warn',
    // The ledger holds a position the venue never executed.
    PHANTOM_FILL: 'critical',
  },
});

/** Ledger statuses for an order the venue may not have acknowledged yet. */
const NOT_YET_ACKNOWLEDGED: readonly OrderStatus[] = ['NEW', 'SUBMITTING', 'UNKNOWN'];

/** Own-property lookup: records come from JSON, and keys like `constructor` must not hit the prototype. */
function own<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numbers for sentences: finite values as JavaScript prints them, floating noise rounded off. */
function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** ['a', 'b', 'c'] → 'a, b and c'. */
function listWords(words: readonly string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function instant(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${num(ms)} ms`;
}

function describeVenueOrder(order: VenueOrderView): string {
  const price = order.price === null ? 'market' : num(order.price);
  return `${order.side} ${num(order.quantity)} ${order.symbol} @ ${price}, filled ${num(order.filledQuantity)}`;
}

function describeLedgerOrder(order: LedgerOrderView): string {
  return `${order.side} ${num(order.quantity)} ${order.symbol}, filled ${num(order.filledQuantity)}`;
}

function describeFill(fill: VenueFillView | LedgerFillView): string {
  return `${fill.side} ${num(fill.quantity)} ${fill.symbol} @ ${num(fill.price)}`;
}

/** Compiles the policy's pattern; an invalid one matches nothing (orphans are then cancelled, never adopted). */
function keelIdMatcher(pattern: string): { test: (id: string) => boolean; invalid: boolean } {
  try {
    const regex = new RegExp(pattern);
    return { test: (id) => regex.test(id), invalid: false };
  } catch {
    return { test: () => false, invalid: true };
  }
}

function severityRank(severity: DriftSeverity): number {
  return DRIFT_SEVERITIES.indexOf(severity);
}

function kindRank(kind: DriftKind): number {
  return DRIFT_KINDS.indexOf(kind);
}

function compareDrifts(a: Drift, b: Drift): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.clientOrderId ?? '', b.clientOrderId ?? '') ||
    compareText(a.tradeId ?? '', b.tradeId ?? '') ||
    compareText(a.asset ?? '', b.asset ?? '')
  );
}

function drift(
  fields: Pick<Drift, 'kind' | 'severity' | 'detail' | 'action' | 'facts'> & Partial<Drift>,
): Drift {
  return {
    clientOrderId: null,
    symbol: null,
    tradeId: null,
    asset: null,
    ...fields,
  };
}

/**
 * Classifies every difference between the venue's and the ledger's view of one account.
 * Never throws on empty or inconsistent inputs; assumes numbers are finite.
 */
export function diffVenueAgainstLedger(input: ReconcileInput): ReconcileDiff {
  const { venue, ledger, window, policy } = input;
  const drifts: Drift[] = [];

  const ledgerOpen = new Map<string, LedgerOrderView>();
  for (const order of ledger.openOrders)
    if (!ledgerOpen.has(order.clientOrderId)) ledgerOpen.set(order.clientOrderId, order);
  const venueOpen = new Map<string, VenueOrderView>();
  for (const order of venue.openOrders)
    if (!venueOpen.has(order.clientOrderId)) venueOpen.set(order.clientOrderId, order);

  // 1 and 2a: every order open at the venue.
  let matcher: ReturnType<typeof keelIdMatcher> | null = null;
  for (const order of venueOpen.values()) {
    const id = order.clientOrderId;
    const ledgerOrder = ledgerOpen.get(id) ?? own(ledger.knownOrders, id);
    if (ledgerOrder === undefined) {
      matcher ??= keelIdMatcher(policy.keelClientOrderIdPattern);
      const adopt = policy.adoptKeelOrders && matcher.test(id);
      const what = `order ${id} is open at the venue (${describeVenueOrder(order)}) but unknown to the ledger`;
      const why = adopt
        ? 'its id is Keel’s: adopt it into the ledger'
        : policy.adoptKeelOrders && matcher.invalid
          ? `the policy’s Keel id pattern ${JSON.stringify(policy.keelClientOrderIdPattern)} is invalid, so it cannot be adopted: cancel it`
          : 'cancel it';
      drifts.push(
        drift({
          kind: 'ORPHAN_VENUE_ORDER',
          // Adoption repairs it through the normal order path (risk gate included): no halt.
          severity: adopt ? 'warn' : policy.severities.ORPHAN_VENUE_ORDER,
          detail: `${what}: ${why}`,
          action: adopt ? 'ADOPT_ORDER' : 'CANCEL_AT_VENUE',
          clientOrderId: id,
          symbol: order.symbol,
          facts: { venue: { ...order } },
        }),
      );
      continue;
    }
    drifts.push(...venueOpenAgainstLedger(order, ledgerOrder, policy));
  }

  // 2b: ledger open orders the venue does not list as open.
  for (const order of ledgerOpen.values()) {
    const id = order.clientOrderId;
    if (venueOpen.has(id)) continue;
    const lookup = own(venue.lookups, id);
    if (lookup === undefined) {
      drifts.push(
        drift({
          kind: 'MISSING_ORDER',
          severity: policy.severities.MISSING_ORDER,
          detail:
            `order ${id} is ${order.status} in the ledger (${describeLedgerOrder(order)}) but not open at the venue, ` +
            'and the venue was not asked about it: look it up',
          action: 'LOOKUP_ORDER',
          clientOrderId: id,
          symbol: order.symbol,
          facts: { ledger: { ...order }, venue: 'not looked up' },
        }),
      );
    } else if (lookup === null) {
      // NEW / SUBMITTING / UNKNOWN: the order workflow is still resolving whether it reached the venue.
      if (NOT_YET_ACKNOWLEDGED.includes(order.status)) continue;
      drifts.push(
        drift({
          kind: 'MISSING_ORDER',
          severity: policy.severities.MISSING_ORDER,
          detail:
            `order ${id} is ${order.status} in the ledger (${describeLedgerOrder(order)}) ` +
            'but the venue has never seen it: look it up',
          action: 'LOOKUP_ORDER',
          clientOrderId: id,
          symbol: order.symbol,
          facts: { ledger: { ...order }, venue: null },
        }),
      );
    } else if (lookup.status === 'open') {
      // The lookup says open although the open-order listing did not: treat it as open.
      drifts.push(...venueOpenAgainstLedger(lookup, order, policy));
    } else {
      drifts.push(
        drift({
          kind: 'STATUS_MISMATCH',
          severity: policy.severities.STATUS_MISMATCH,
          detail:
            `order ${id} is ${order.status} in the ledger (${describeLedgerOrder(order)}) ` +
            `but ${lookup.status} at the venue (${describeVenueOrder(lookup)}): look it up and record the venue’s state`,
          action: 'LOOKUP_ORDER',
          clientOrderId: id,
          symbol: order.symbol,
          facts: {
            ledgerStatus: order.status,
            venueStatus: lookup.status,
            ledger: { ...order },
            venue: { ...lookup },
          },
        }),
      );
    }
  }

  // 3 and 4: fills. A fill is reported when it lies in the window on its own side and its trade id
  // is nowhere on the other side (the other side's copy may carry a time just outside the window).
  const venueOrderToClient = venueOrderIdIndex(input, ledgerOpen);
  // Venues number trades per symbol (Binance) or per account: a fill is its symbol and trade id.
  const fillKey = (fill: { symbol: string; tradeId: string }) => `${fill.symbol}\u0000${fill.tradeId}`;
  const ledgerTradeIds = new Set(ledger.fills.map(fillKey));
  const venueTradeIds = new Set(venue.fills.map(fillKey));
  const missedFills: Drift[] = [];
  const missedFillViews: VenueFillView[] = [];
  const phantomFills: Drift[] = [];
  const seenMissed = new Set<string>();
  for (const fill of venue.fills) {
    if (fill.time < window.fillsSince || ledgerTradeIds.has(fillKey(fill)) || seenMissed.has(fillKey(fill)))
      continue;
    seenMissed.add(fillKey(fill));
    missedFillViews.push(fill);
    const clientOrderId = venueOrderToClient.get(fill.venueOrderId) ?? null;
    const trade = `venue trade ${fill.tradeId} (${describeFill(fill)}, fee ${num(fill.fee)} ${fill.feeAsset}, venue order ${fill.venueOrderId})`;
    missedFills.push(
      drift({
        kind: 'MISSED_FILL',
        severity: clientOrderId === null ? 'critical' : policy.severities.MISSED_FILL,
        detail:
          clientOrderId === null
            ? `${trade} belongs to an order the ledger does not know, so it cannot be adopted: halt the desk`
            : `${trade} of order ${clientOrderId} is missing from the ledger: adopt it`,
        action: clientOrderId === null ? 'HALT_DESK' : 'ADOPT_FILL',
        clientOrderId,
        symbol: fill.symbol,
        tradeId: fill.tradeId,
        facts: { venue: { ...fill } },
      }),
    );
  }
  const seenPhantom = new Set<string>();
  for (const fill of ledger.fills) {
    if (fill.time < window.fillsSince || venueTradeIds.has(fillKey(fill)) || seenPhantom.has(fillKey(fill)))
      continue;
    seenPhantom.add(fillKey(fill));
    phantomFills.push(
      drift({
        kind: 'PHANTOM_FILL',
        severity: policy.severities.PHANTOM_FILL,
        detail:
          `ledger trade ${fill.tradeId} of order ${fill.clientOrderId} (${describeFill(fill)}) ` +
          `is not among the venue’s fills since ${instant(window.fillsSince)}: halt the desk`,
        action: 'HALT_DESK',
        clientOrderId: fill.clientOrderId,
        symbol: fill.symbol,
        tradeId: fill.tradeId,
        facts: { ledger: { ...fill } },
      }),
    );
  }
  drifts.push(...missedFills, ...phantomFills);

  // 5: balances, only against a known baseline.
  if (ledger.expectedBalances !== null) {
    const expectedBalances = ledger.expectedBalances;
    const openSymbols = [
      ...venueOpen.values(),
      ...[...ledgerOpen.values()].filter((order) => !venueOpen.has(order.clientOrderId)),
    ].map((order) => order.symbol);
    const assets = [...new Set([...Object.keys(venue.balances), ...Object.keys(expectedBalances)])].sort(
      compareText,
    );
    for (const asset of assets) {
      const venueBalance = own(venue.balances, asset) ?? 0;
      const expected = own(expectedBalances, asset) ?? 0;
      const difference = venueBalance - expected;
      const tolerance = Math.max(
        policy.balanceTolerance.absolute,
        policy.balanceTolerance.relative * Math.abs(expected),
      );
      if (!(Math.abs(difference) > tolerance)) continue;
      // What the missed fills (adopted by this run) and phantom fills do to this asset: when they
      // account for the whole difference, the ledger is merely behind, not wrong.
      const fillEffect = (
        fill: { symbol: string; side: string; price: number; quantity: number },
        fee: number,
        feeAsset: string,
      ) =>
        (fill.symbol.startsWith(asset) ? (fill.side === 'buy' ? 1 : -1) * fill.quantity : 0) +
        (fill.symbol.endsWith(asset) ? (fill.side === 'buy' ? -1 : 1) * fill.price * fill.quantity : 0) -
        (feeAsset === asset ? fee : 0);
      const missedEffect = missedFillViews.reduce(
        (sum, fill) => sum + fillEffect(fill, fill.fee, fill.feeAsset),
        0,
      );
      const phantomEffect = phantomFills.reduce((sum, d) => {
        const fill = d.facts.ledger as LedgerFillView;
        return sum + fillEffect(fill, 0, '');
      }, 0);
      const unexplained = difference - missedEffect + phantomEffect;
      const explainedByFills =
        (missedEffect !== 0 || phantomEffect !== 0) &&
        Math.abs(unexplained) <= Math.max(tolerance, 1e-6 * Math.abs(difference));
      const involves = (symbol: string): boolean => symbol.startsWith(asset) || symbol.endsWith(asset);
      const explainedBy = {
        missedFills: missedFillViews.filter((fill) => involves(fill.symbol) || fill.feeAsset === asset)
          .length,
        phantomFills: phantomFills.filter((d) => d.symbol !== null && involves(d.symbol)).length,
        openOrders: openSymbols.filter(involves).length,
      };
      // While orders are in flight or fills unrecorded, a snapshot of balances and fills is never
      // quite simultaneous: warn, and leave the verdict to a quiet moment (a later run).
      const inFlight = explainedBy.missedFills + explainedBy.phantomFills + explainedBy.openOrders > 0;
      const critical =
        !explainedByFills &&
        !inFlight &&
        Math.abs(difference) >
          policy.balanceCriticalRelative * Math.max(Math.abs(expected), policy.balanceTolerance.absolute);
      const reasons = [
        explainedBy.missedFills > 0 ? plural(explainedBy.missedFills, 'missed fill') : null,
        explainedBy.phantomFills > 0 ? plural(explainedBy.phantomFills, 'phantom fill') : null,
        explainedBy.openOrders > 0 ? plural(explainedBy.openOrders, 'open order') : null,
      ].filter((reason): reason is string => reason !== null);
      const note =
        reasons.length === 0 ? '' : ` (may be explained by ${listWords(reasons)} involving ${asset})`;
      const sign = difference > 0 ? '+' : '';
      if (explainedByFills) {
        drifts.push(
          drift({
            kind: 'BALANCE_MISMATCH',
            severity: 'info',
            detail:
              `${asset} balance at the venue is ${num(venueBalance)}, the ledger expects ${num(expected)}: ` +
              `the difference ${sign}${num(difference)} is exactly the fills the ledger has not recorded yet`,
            action: 'NONE',
            asset,
            facts: {
              venue: venueBalance,
              expected,
              difference,
              tolerance,
              explainedBy,
              missedEffect,
              phantomEffect,
            },
          }),
        );
        continue;
      }
      drifts.push(
        drift({
          kind: 'BALANCE_MISMATCH',
          severity: critical ? 'critical' : 'warn',
          detail:
            `${asset} balance at the venue is ${num(venueBalance)} but the ledger expects ${num(expected)} ` +
            `(difference ${sign}${num(difference)}, tolerance ${num(tolerance)})${note}: ` +
            (critical ? 'halt the desk' : 'nothing to do automatically'),
          action: critical ? 'HALT_DESK' : 'NONE',
          asset,
          facts: { venue: venueBalance, expected, difference, tolerance, explainedBy },
        }),
      );
    }
  }

  drifts.sort(compareDrifts);
  let worst: DriftSeverity | null = null;
  for (const { severity } of drifts)
    if (worst === null || severityRank(severity) > severityRank(worst)) worst = severity;
  return { drifts, worst, critical: drifts.some((d) => d.severity === 'critical') };
}

/** An order open at the venue against the ledger's view of it (open or terminal). */
function venueOpenAgainstLedger(
  venueOrder: VenueOrderView,
  ledgerOrder: LedgerOrderView,
  policy: ReconcilePolicy,
): Drift[] {
  const id = venueOrder.clientOrderId;
  const facts = {
    ledgerStatus: ledgerOrder.status,
    venueStatus: venueOrder.status,
    ledger: { ...ledgerOrder },
    venue: { ...venueOrder },
  };
  if (NOT_YET_ACKNOWLEDGED.includes(ledgerOrder.status)) {
    return [
      drift({
        kind: 'STATUS_MISMATCH',
        severity: policy.severities.STATUS_MISMATCH,
        detail:
          `order ${id} is open at the venue (${describeVenueOrder(venueOrder)}) ` +
          `but still ${ledgerOrder.status} in the ledger, which has not seen the acceptance: look it up`,
        action: 'LOOKUP_ORDER',
        clientOrderId: id,
        symbol: venueOrder.symbol,
        facts,
      }),
    ];
  }
  if (TERMINAL_STATUSES.includes(ledgerOrder.status)) {
    // The ledger is done with the order but it still works at the venue: the ledger cannot reopen
    // it, so bring the venue in line (cancelling an order that has just ended is harmless).
    return [
      drift({
        kind: 'STATUS_MISMATCH',
        severity: policy.severities.STATUS_MISMATCH,
        detail:
          `order ${id} is open at the venue (${describeVenueOrder(venueOrder)}) ` +
          `but ${ledgerOrder.status} in the ledger: cancel it`,
        action: 'CANCEL_AT_VENUE',
        clientOrderId: id,
        symbol: venueOrder.symbol,
        facts,
      }),
    ];
  }
  // ACCEPTED / PARTIALLY_FILLED / PENDING_CANCEL and open: consistent. A fill quantity ahead of the
  // ledger's shows up as MISSED_FILL drifts from the fills themselves.
  return [];
}

/**
 * Venue order id → client order id of a ledger order: the ledger's own map first, then the venue
 * order ids on the ledger's order views, then the venue's order views whose client order id is a
 * ledger order (an order the ledger holds as UNKNOWN may not have its venue id recorded yet).
 */
function venueOrderIdIndex(
  input: ReconcileInput,
  ledgerOpen: Map<string, LedgerOrderView>,
): Map<string, string> {
  const { venue, ledger } = input;
  const index = new Map<string, string>();
  const add = (venueOrderId: string | null, clientOrderId: string): void => {
    if (venueOrderId !== null && !index.has(venueOrderId)) index.set(venueOrderId, clientOrderId);
  };
  for (const [venueOrderId, clientOrderId] of Object.entries(ledger.clientOrderIdByVenueOrderId))
    add(venueOrderId, clientOrderId);
  const ledgerOrders = [...ledgerOpen.values(), ...Object.values(ledger.knownOrders)];
  for (const order of ledgerOrders) add(order.venueOrderId, order.clientOrderId);
  const isLedgerOrder = (id: string): boolean => ledgerOpen.has(id) || Object.hasOwn(ledger.knownOrders, id);
  const venueOrders = [
    ...venue.openOrders,
    ...Object.values(venue.lookups).filter((order): order is VenueOrderView => order !== null),
  ];
  for (const order of venueOrders)
    if (isLedgerOrder(order.clientOrderId)) add(order.venueOrderId, order.clientOrderId);
  return index;
}
