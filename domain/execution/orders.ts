import type { Bar } from '../market-data/bar.js';
import type { InstrumentRules } from './instrument.js';

export type Side = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
/** Binance order statuses the simulator uses. */
export type SimOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

/** An order as the matching engine sees it. Times are market-time epoch ms. */
export interface WorkingOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** MARKET orders carry 'IOC' semantics at the venue but are recorded as GTC by Binance; kept as given. */
  timeInForce: TimeInForce;
  /** Limit price; null for MARKET. */
  price: number | null;
  quantity: number;
  executedQty: number;
  /** Sum of price × qty over fills (Binance: cummulativeQuoteQty). */
  cummulativeQuoteQty: number;
  status: SimOrderStatus;
  /** Market time at which the venue accepted the order. */
  submitTime: number;
}

/** One execution. `commission` is charged in `commissionAsset` (the quote asset). */
export interface SimFill {
  orderId: number;
  symbol: string;
  side: Side;
  price: number;
  qty: number;
  quoteQty: number;
  commission: number;
  commissionAsset: string;
  isMaker: boolean;
  /** Market time of the execution. */
  time: number;
}

/** Time from acceptance until the order can first execute (market orders fill at the first price after it). */
export interface LatencyModel {
  readonly name: string;
  delayMs(order: WorkingOrder): number;
}

/** Context a slippage model may use: the bar the order executes in, the bars before it, the quantity. */
export interface SlippageContext {
  bar: Bar;
  /** Bars strictly before `bar`, oldest first (at most a model-defined lookback is needed). */
  history: readonly Bar[];
  side: Side;
  quantity: number;
}

/** Adverse price move, as a non-negative fraction of the reference price (0.001 = 10 bps). */
export interface SlippageModel {
  readonly name: string;
  slippageFraction(context: SlippageContext): number;
}

export interface FeeRates {
  maker: number;
  taker: number;
}

/** Maker/taker rates by trailing 30-day quote volume (Binance VIP tiers). */
export interface FeeModel {
  readonly name: string;
  rates(trailingQuoteVolume: number): FeeRates;
}

/** Everything the engine needs besides the order and the market. Each part is swappable. */
export interface FillModels {
  latency: LatencyModel;
  slippage: SlippageModel;
  fees: FeeModel;
  /** Largest share of a bar's volume one account's orders may take in that bar (0 < r ≤ 1). */
  participationRate: number;
}

/** What the engine reports after trying an order against one bar. */
export interface BarExecution {
  order: WorkingOrder;
  fills: SimFill[];
  /** Base volume this order consumed from the bar (to reduce what later orders in the bar may take). */
  consumedVolume: number;
}

/** A rejected order request, in Binance's terms (HTTP status, error code, message). */
export interface OrderRejection {
  httpStatus: number;
  code: number;
  msg: string;
  /** Keel's own reason code for logs and tests, e.g. LOT_SIZE, INSUFFICIENT_BALANCE. */
  reason: string;
}

export interface NewOrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: number;
  price: number | null;
}

export interface ValidationContext {
  /** Rules of the requested symbol, or undefined when the venue does not list it. */
  rules: InstrumentRules | undefined;
  /** Last traded price (close of the latest completed bar) at acceptance time. */
  lastPrice: number;
  /** Free balances by asset. */
  freeBalances: Readonly<Record<string, number>>;
  /** Taker fee rate, reserved on top of a buy's notional. */
  takerFeeRate: number;
}
