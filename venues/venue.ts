/**
 * Keel's one venue interface. Implemented once on ccxt's unified API (ccxt-venue.ts), for the
 * simulator and for real exchanges alike, so paper and live share every line of adapter code.
 * Symbols are the venue's (BTCUSDT); amounts are numbers in the instrument's units.
 */
export type VenueSide = 'buy' | 'sell';
export type VenueOrderType = 'market' | 'limit';
export type VenueTimeInForce = 'GTC' | 'IOC' | 'FOK';
export type VenueOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

export interface PlaceOrderRequest {
  clientOrderId: string;
  symbol: string;
  side: VenueSide;
  type: VenueOrderType;
  quantity: number;
  /** Required for limit orders. */
  price?: number;
  timeInForce?: VenueTimeInForce;
  /**
   * The request's timing as the venue is told it (Binance's `timestamp` and `recvWindow`), when the
   * caller has recorded it: the venue refuses the request once that window has passed.
   */
  timing?: { requestTimestamp: number; recvWindowMs: number };
}

export interface VenueOrder {
  venueOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: VenueSide;
  type: VenueOrderType;
  status: VenueOrderStatus;
  price: number | null;
  quantity: number;
  filledQuantity: number;
  averagePrice: number | null;
  /** Venue time of acceptance (epoch ms). */
  timestamp: number | null;
}

export interface VenueFill {
  /** The venue's trade id: unique per venue, the key fills are de-duplicated by. */
  tradeId: string;
  venueOrderId: string;
  symbol: string;
  side: VenueSide;
  price: number;
  quantity: number;
  fee: number;
  feeAsset: string;
  isMaker: boolean;
  timestamp: number;
}

export interface VenueBalance {
  asset: string;
  free: number;
  locked: number;
}

export interface InstrumentInfo {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: number;
  stepSize: number;
  minQuantity: number;
  maxQuantity: number | null;
  minNotional: number | null;
  maxNotional: number | null;
}

export interface LastTrade {
  price: number;
  /** Venue time of that price (epoch ms); null when the venue does not say. */
  time: number | null;
  /** The venue's clock when it answered (epoch ms), from the same response; null when unknown. */
  venueNow: number | null;
}

export interface Venue {
  readonly name: string;
  placeOrder(request: PlaceOrderRequest): Promise<VenueOrder>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<VenueOrder>;
  /** The order with this client order id, or null when the venue has never seen it. */
  getOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null>;
  openOrders(symbol?: string): Promise<VenueOrder[]>;
  fillsSince(symbol: string, sinceMs: number): Promise<VenueFill[]>;
  /** Every fill of one order (by the venue's order id). */
  fillsOfOrder(symbol: string, venueOrderId: string): Promise<VenueFill[]>;
  balances(): Promise<VenueBalance[]>;
  instrument(symbol: string): Promise<InstrumentInfo>;
  /** The last traded price and when it traded. */
  lastTrade(symbol: string): Promise<LastTrade>;
  /** The venue's clock (epoch ms): market time for the simulator. */
  serverTime(): Promise<number>;
  /** Rounds a quantity / price the way the venue requires (ccxt's precision rules). */
  roundQuantity(symbol: string, quantity: number): Promise<number>;
  roundPrice(symbol: string, price: number): Promise<number>;
  close(): Promise<void>;
}
