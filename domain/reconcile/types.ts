import type { OrderSide, OrderStatus } from '../orders/types.js';

/**
 * Reconciliation compares what the venue holds with what the ledger believes, for one account.
 * Plain data in and out: the activities gather both sides, the pure diff classifies every
 * difference, the workflow acts on the proposed actions.
 */

export const DRIFT_KINDS = [
  'ORPHAN_VENUE_ORDER',
  'MISSING_ORDER',
  'STATUS_MISMATCH',
  'MISSED_FILL',
  'PHANTOM_FILL',
  'BALANCE_MISMATCH',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_SEVERITIES = ['info', 'warn', 'critical'] as const;
export type DriftSeverity = (typeof DRIFT_SEVERITIES)[number];

export const DRIFT_ACTIONS = [
  /** Cancel an order open at the venue that Keel does not know. */
  'CANCEL_AT_VENUE',
  /** Take an order open at the venue into the ledger (its client order id is Keel's and the policy allows it). */
  'ADOPT_ORDER',
  /** Ask the venue for an order by client order id and bring the ledger in line with the answer. */
  'LOOKUP_ORDER',
  /** Record a venue fill the ledger lacks (through the order's workflow when it still runs). */
  'ADOPT_FILL',
  /** Nothing can be repaired automatically: halt the desk and let an operator look. */
  'HALT_DESK',
  /** Informational: nothing to do. */
  'NONE',
] as const;
export type DriftAction = (typeof DRIFT_ACTIONS)[number];

export type VenueOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

/** An order as the venue reports it. */
export interface VenueOrderView {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: OrderSide;
  status: VenueOrderStatus;
  quantity: number;
  filledQuantity: number;
  price: number | null;
}

/** An execution as the venue reports it. */
export interface VenueFillView {
  tradeId: string;
  venueOrderId: string;
  symbol: string;
  side: OrderSide;
  price: number;
  quantity: number;
  fee: number;
  feeAsset: string;
  time: number;
}

/** An order as the ledger holds it. */
export interface LedgerOrderView {
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  status: OrderStatus;
  venueOrderId: string | null;
  quantity: number;
  filledQuantity: number;
}

/** A fill as the ledger holds it. */
export interface LedgerFillView {
  tradeId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  price: number;
  quantity: number;
  time: number;
}

export interface ReconcileInput {
  account: string;
  venue: {
    /** Every order open at the venue for the account. */
    openOrders: VenueOrderView[];
    /**
     * The venue's answer for each ledger-open order that is not among `openOrders`, by client order
     * id: the order in its current (closed / canceled / …) state, or null when the venue never saw it.
     */
    lookups: Record<string, VenueOrderView | null>;
    /** The venue's fills in the window (time >= window.fillsSince). */
    fills: VenueFillView[];
    /** Total (free + locked) balance per asset. */
    balances: Record<string, number>;
  };
  ledger: {
    /** Orders the ledger holds as not terminal (NEW, SUBMITTING, UNKNOWN, ACCEPTED, PARTIALLY_FILLED, PENDING_CANCEL). */
    openOrders: LedgerOrderView[];
    /** Every ledger order referenced by a venue open order or a venue fill, whatever its status, by client order id. */
    knownOrders: Record<string, LedgerOrderView>;
    /** Venue order id → client order id for the ledger's orders (fills name orders by the venue's id). */
    clientOrderIdByVenueOrderId: Record<string, string>;
    /** The ledger's fills in the window (time >= window.fillsSince). */
    fills: LedgerFillView[];
    /** What each asset's venue balance should be from the ledger's point of view; null when unknown (no baseline yet). */
    expectedBalances: Record<string, number> | null;
  };
  window: { fillsSince: number };
  policy: ReconcilePolicy;
}

export interface ReconcilePolicy {
  /** Adopt an orphan venue order whose client order id matches Keel's pattern, instead of cancelling it. */
  adoptKeelOrders: boolean;
  /** Keel's client order ids match this (source of a RegExp). */
  keelClientOrderIdPattern: string;
  /** Balance differences up to max(absolute, relative × |expected|) are rounding, not drift. */
  balanceTolerance: { absolute: number; relative: number };
  /** A balance difference above this share of |expected| (or of the absolute tolerance when expected is 0) is critical, below it warn. */
  balanceCriticalRelative: number;
  /** Severity of each kind that has no threshold of its own. */
  severities: Record<Exclude<DriftKind, 'BALANCE_MISMATCH'>, DriftSeverity>;
}

export interface Drift {
  kind: DriftKind;
  severity: DriftSeverity;
  /** What was found, in words an operator can act on (numbers included). */
  detail: string;
  action: DriftAction;
  clientOrderId: string | null;
  symbol: string | null;
  tradeId: string | null;
  asset: string | null;
  /** The facts behind the drift (venue and ledger values), for the stored run and the alert. */
  facts: Record<string, unknown>;
}

export interface ReconcileDiff {
  drifts: Drift[];
  /** The highest severity found, or null for a clean reconciliation. */
  worst: DriftSeverity | null;
  /** True when any drift is critical: the desk must halt. */
  critical: boolean;
}
