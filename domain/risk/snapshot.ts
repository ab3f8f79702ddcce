import type { OrderIntent, OrderSide } from '../orders/types.js';

/** The desk's trading mode: ACTIVE trades, CLOSE_ONLY only reduces positions, HALTED places nothing. */
export const DESK_MODES = ['ACTIVE', 'CLOSE_ONLY', 'HALTED'] as const;
export type DeskMode = (typeof DESK_MODES)[number];

/** A configured limit: a number, the explicit word 'unlimited', or absent (which blocks: fail closed). */
export type Limit = number | 'unlimited' | undefined;

/** Limits a profile sets. Every one left undefined denies every order with LIMIT_NOT_CONFIGURED. */
export interface RiskLimits {
  /** Largest order quantity in base units. */
  maxOrderQuantity: Limit;
  /** Largest order notional (price × quantity) in quote currency. */
  maxOrderNotional: Limit;
  /** Largest distance of a limit price from the last price, in basis points. */
  priceCollarBps: Limit;
  /** Largest absolute position notional per symbol, open orders on the same side included. */
  maxPositionNotional: Limit;
  /** Largest sum over symbols of absolute position notional, open orders included. */
  maxGrossExposure: Limit;
  /** Largest loss since the start of the (venue) day, in quote currency. */
  maxDailyLoss: Limit;
  /** Largest drawdown of equity from its peak, in percent. */
  maxDrawdownPct: Limit;
  /** Most orders allowed per (venue) day. */
  maxTradesPerDay: Limit;
  /** No exposure-increasing order for this long after a trade that realized a loss. */
  lossCooldownSeconds: Limit;
  /** Most orders allowed in the last 60 s of wall time. */
  maxOrdersPerMinute: Limit;
  /** Oldest acceptable market data (last price) relative to venue time. */
  maxMarketDataAgeSeconds: Limit;
}

/** An order of the account still open (at the venue or on its way), counted as worst-case exposure. */
export interface OpenOrderExposure {
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  /** Quantity not yet filled. */
  leavesQuantity: number;
  /** Limit price, or null for a market order (valued at the symbol's mark). */
  price: number | null;
}

/** Net position of one symbol from the ledger's fills, with the price it is valued at. */
export interface PositionExposure {
  /** Signed base quantity: > 0 long, < 0 short. */
  quantity: number;
  /** Last price of the symbol, or null when the venue gave none. */
  markPrice: number | null;
}

/**
 * Everything one pre-trade decision depends on, captured once (by the gate activity) so that the
 * decision can be recomputed and audited from the stored snapshot alone.
 */
export interface RiskSnapshot {
  intent: OrderIntent;
  /** Venue time of the decision (epoch ms): days and cooldowns run on market time. */
  now: number;
  /** The persisted desk mode, read under lock with the decision's record. */
  deskMode: DeskMode;
  /** The venue lists the instrument. */
  instrumentKnown: boolean;
  /** Last traded price of the intent's symbol; null when unknown. */
  lastPrice: number | null;
  /** Venue time of that last price; null when unknown. */
  lastPriceTime: number | null;
  /** Positions by symbol (symbols with a zero position may be absent). */
  positions: Record<string, PositionExposure>;
  /** The account's other open orders (this intent excluded). */
  openOrders: OpenOrderExposure[];
  /** Marked equity in quote currency now, its all-time peak and its value at the start of the day; null when unknown. */
  equity: number | null;
  peakEquity: number | null;
  startOfDayEquity: number | null;
  /** Orders of the account allowed since the start of the venue day (this intent excluded). */
  ordersToday: number;
  /** Orders of the account allowed in the last 60 s of wall time (this intent excluded). */
  ordersLastMinute: number;
  /** Venue time of the last fill that realized a loss; null when none. */
  lastLossAt: number | null;
  /** Client order id of an allowed order with the same account, symbol, side, type, quantity and price inside the duplicate window; null when none. */
  duplicateOf: string | null;
  limits: RiskLimits;
}

export type RuleVerdict = 'PASS' | 'DENY';

/** One rule's answer for one snapshot; `explain` prints all of them. */
export interface RuleResult {
  rule: string;
  verdict: RuleVerdict;
  /** Stable deny code when verdict is DENY (e.g. MAX_ORDER_NOTIONAL); null on PASS. */
  code: string | null;
  /** What the rule saw, in words an operator can act on (also on PASS: "notional 120.00 ≤ 50000"). */
  detail: string;
}

export interface RiskDecision {
  decision: 'ALLOW' | 'DENY';
  /** Distinct deny codes in rule order. */
  codes: string[];
  /** The denying results, in rule order. */
  findings: { code: string; detail: string }[];
  /** Every rule's result, in rule order. */
  results: RuleResult[];
  rulesVersion: string;
}
