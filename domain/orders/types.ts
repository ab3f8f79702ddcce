/**
 * Keel's order model, shared by the order workflow (deterministic), the ledger activities and the
 * CLI. Plain serialisable data only: these objects cross into workflows and Temporal payloads.
 */
export type OrderSide = 'buy' | 'sell';
export type OrderKind = 'market' | 'limit';
export type OrderTimeInForce = 'GTC' | 'IOC' | 'FOK';

export const ORDER_STATUSES = [
  'NEW',
  'DENIED',
  'SUBMITTING',
  'UNKNOWN',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'FILLED',
  'PENDING_CANCEL',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'DENIED',
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
];

/** Statuses of an order that holds, or may yet hold, exposure at the venue. */
export const OPEN_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (status) => !TERMINAL_STATUSES.includes(status),
);

/** What a strategy or an operator asks for. */
export interface OrderIntent {
  clientOrderId: string;
  account: string;
  symbol: string;
  side: OrderSide;
  type: OrderKind;
  quantity: number;
  /** Limit price; absent for market orders. */
  price?: number;
  timeInForce: OrderTimeInForce;
  /** Burn-in / strategy run this order belongs to, if any. */
  runId?: string;
  strategy?: string;
  /** Price the decision was made at, and when (epoch ms): the TCA reference. */
  decisionPrice?: number;
  decisionTime: number;
  /** Orders that must not rest forever: cancel after this many ms from acceptance. */
  expireAfterMs?: number;
}

/** One execution, as the venue reports it; `tradeId` is unique per venue. */
export interface OrderFill {
  tradeId: string;
  price: number;
  quantity: number;
  fee: number;
  feeAsset: string;
  isMaker: boolean;
  /** Venue time of the execution (epoch ms). */
  time: number;
}

/** Everything that can happen to an order. The state machine decides which are legal when. */
export type OrderEvent =
  | { type: 'RISK_ALLOWED'; at: number }
  | { type: 'RISK_DENIED'; at: number; codes: string[] }
  | { type: 'SUBMIT_SENT'; at: number }
  | { type: 'SUBMIT_OUTCOME_UNKNOWN'; at: number; reason: string }
  | { type: 'ACCEPTED'; at: number; venueOrderId: string }
  | { type: 'FILL'; at: number; fill: OrderFill }
  | { type: 'CANCEL_REQUESTED'; at: number; reason: string }
  | { type: 'CANCELED'; at: number; reason: string }
  /** The venue refused the cancel (already done, unknown): the order returns to where it was. */
  | { type: 'CANCEL_REJECTED'; at: number; reason: string }
  | { type: 'REJECTED'; at: number; reason: string }
  | { type: 'EXPIRED'; at: number; reason: string }
  /** The venue proved it never received the order: it may be submitted again. */
  | { type: 'NOT_AT_VENUE'; at: number };

/** The order as the state machine keeps it. */
export interface OrderState {
  intent: OrderIntent;
  status: OrderStatus;
  /** The recorded pre-trade risk decision; no submission is legal without ALLOWED. */
  riskDecision: 'ALLOWED' | 'DENIED' | null;
  venueOrderId: string | null;
  filledQuantity: number;
  leavesQuantity: number;
  /** Volume-weighted average fill price; null until the first fill. */
  averagePrice: number | null;
  /** Sum of fees, in each fill's fee asset (normally the quote asset). */
  fees: number;
  fills: OrderFill[];
  /** Why the order ended (deny codes, venue reason, cancel reason). */
  reason: string | null;
  /** Status before PENDING_CANCEL, to return to if a cancel is refused. */
  statusBeforeCancel: OrderStatus | null;
  /** Times (epoch ms) for TCA. */
  submittedAt: number | null;
  acceptedAt: number | null;
  firstFillAt: number | null;
  lastFillAt: number | null;
  terminalAt: number | null;
}
