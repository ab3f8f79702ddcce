import { binance, type MarketInterface, type Order, type Trade } from 'ccxt';
import { classifyVenueError, VenueError } from './venue-errors.js';
import type {
  LastTrade,
  InstrumentInfo,
  PlaceOrderRequest,
  Venue,
  VenueBalance,
  VenueFill,
  VenueOrder,
  VenueOrderStatus,
} from './venue.js';

export interface CcxtVenueOptions {
  /** 'simulator' points ccxt's binance class at Keel's simulator; 'binance' is the real exchange. */
  kind: 'simulator' | 'binance';
  /** REST base URL override (required for the simulator: http://host:port). */
  baseUrl?: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
  /** Binance's recvWindow for signed requests (default 5,000 ms). */
  recvWindowMs?: number;
}

/** ccxt's binance endpoint groups; only public/private (api/v3) and v1 exist on the simulator. */
function simulatorUrls(exchange: binance, baseUrl: string): Record<string, string> {
  const base = baseUrl.replace(/\/+$/, '');
  const urls: Record<string, string> = {};
  for (const key of Object.keys(exchange.urls.api)) {
    // Any other group is routed to a path the simulator reports as unsupported, so a stray call is seen.
    urls[key] =
      key === 'public' || key === 'private'
        ? `${base}/api/v3`
        : key === 'v1'
          ? `${base}/api/v1`
          : `${base}/unsupported/${key}`;
  }
  return urls;
}

const toSymbol = (market: { id?: string }) => market.id ?? '';

/**
 * The Venue on ccxt's unified API. ccxt does the signing, precision rounding and error mapping; this
 * class turns ccxt's shapes into Keel's and its exceptions into Keel's three outcome classes.
 */
export class CcxtVenue implements Venue {
  readonly name: string;
  private readonly exchange: binance;
  private marketsLoaded: Promise<unknown> | undefined;
  private marketsLoadFailed = false;

  constructor(options: CcxtVenueOptions) {
    this.name = options.kind;
    this.exchange = new binance({
      apiKey: options.apiKey,
      secret: options.apiSecret,
      timeout: options.timeoutMs ?? 10_000,
      // The simulator rate-limits by fault injection only; a live venue gets ccxt's throttle.
      enableRateLimit: options.kind !== 'simulator',
      // Public market data on the simulator follows the account's clock, picked by the API key.
      headers: { 'X-MBX-APIKEY': options.apiKey },
      options: {
        defaultType: 'spot',
        fetchMarkets: { types: ['spot'] },
        fetchCurrencies: false,
        fetchMargins: false,
        adjustForTimeDifference: false,
        recvWindow: options.recvWindowMs ?? 5_000,
        warnOnFetchOpenOrdersWithoutSymbol: false,
        newOrderRespType: { market: 'FULL', limit: 'FULL' },
      },
    });
    if (options.kind === 'simulator') {
      if (!options.baseUrl)
        throw new Error('the simulator venue needs a baseUrl (venue.baseUrl / KEEL_VENUE_BASE_URL)');
      this.exchange.urls.api = simulatorUrls(this.exchange, options.baseUrl);
    } else if (options.baseUrl) {
      this.exchange.urls.api = {
        ...(this.exchange.urls.api as Record<string, string>),
        public: `${options.baseUrl}/api/v3`,
        private: `${options.baseUrl}/api/v3`,
      };
    }
  }

  private async call<T>(mutating: boolean, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const headers = (this.exchange.last_response_headers ?? {}) as Record<string, string | undefined>;
      const retryAfter = Number(headers['Retry-After'] ?? headers['retry-after']);
      throw classifyVenueError(error, mutating, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
    }
  }

  private loadMarkets(): Promise<unknown> {
    // After a failed load ccxt hands its failed promise back to every later plain call: only a reload
    // asks the venue again, else a venue that was down at the first call stays unreachable until the
    // process restarts.
    const reload = this.marketsLoadFailed;
    this.marketsLoaded ??= this.call(false, () => this.exchange.loadMarkets(reload)).then(
      (markets) => {
        this.marketsLoadFailed = false;
        return markets;
      },
      (error: unknown) => {
        this.marketsLoaded = undefined;
        this.marketsLoadFailed = true;
        throw error;
      },
    );
    return this.marketsLoaded;
  }

  /** ccxt's unified symbol (BTC/USDT) for a venue symbol (BTCUSDT). */
  private async unified(symbol: string): Promise<string> {
    await this.loadMarkets();
    const byId = this.exchange.markets_by_id as Record<string, MarketInterface[] | undefined> | undefined;
    const market = byId?.[symbol]?.[0];
    if (!market) throw new VenueError('final', 'UNKNOWN_SYMBOL', `the venue does not list ${symbol}`);
    return market.symbol;
  }

  async placeOrder(request: PlaceOrderRequest): Promise<VenueOrder> {
    const symbol = await this.unified(request.symbol);
    if (request.type === 'limit' && request.price === undefined) {
      throw new VenueError(
        'final',
        'INVALID_ORDER',
        `a limit order needs a price (client order id ${request.clientOrderId})`,
      );
    }
    const order = await this.call(true, () =>
      this.exchange.createOrder(symbol, request.type, request.side, request.quantity, request.price, {
        newClientOrderId: request.clientOrderId,
        ...(request.type === 'limit' ? { timeInForce: request.timeInForce ?? 'GTC' } : {}),
        ...(request.timing
          ? { timestamp: request.timing.requestTimestamp, recvWindow: request.timing.recvWindowMs }
          : {}),
      }),
    );
    return this.toOrder(order);
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<VenueOrder> {
    const unified = await this.unified(symbol);
    const order = await this.call(true, () =>
      this.exchange.cancelOrder(undefined as unknown as string, unified, {
        origClientOrderId: clientOrderId,
      }),
    );
    return this.toOrder(order);
  }

  async getOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    const unified = await this.unified(symbol);
    try {
      const order = await this.call(false, () =>
        this.exchange.fetchOrder(undefined as unknown as string, unified, {
          origClientOrderId: clientOrderId,
        }),
      );
      return this.toOrder(order);
    } catch (error) {
      if (error instanceof VenueError && error.reason === 'ORDER_NOT_FOUND') return null;
      throw error;
    }
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    const unified = symbol ? await this.unified(symbol) : undefined;
    await this.loadMarkets();
    const orders = await this.call(false, () => this.exchange.fetchOpenOrders(unified));
    return orders.map((order) => this.toOrder(order));
  }

  /**
   * Every order of a symbol the venue holds, oldest first (Binance's allOrders, paged by orderId).
   * The only view in which two orders that carried the same client order id are both seen: a look-up
   * by client order id answers with the latest.
   */
  async allOrders(symbol: string): Promise<VenueOrder[]> {
    const unified = await this.unified(symbol);
    const orders: VenueOrder[] = [];
    for (let fromOrderId = 0; ;) {
      const page = await this.call(false, () =>
        this.exchange.fetchOrders(unified, undefined, 1000, { orderId: fromOrderId }),
      );
      orders.push(...page.map((order) => this.toOrder(order)));
      if (page.length < 1000) return orders;
      fromOrderId = Number(page.at(-1)!.id) + 1;
    }
  }

  async fillsSince(symbol: string, sinceMs: number): Promise<VenueFill[]> {
    const unified = await this.unified(symbol);
    const fills: VenueFill[] = [];
    let page = await this.call(false, () => this.exchange.fetchMyTrades(unified, sinceMs, 1000));
    for (;;) {
      fills.push(...page.map((trade) => this.toFill(trade)));
      if (page.length < 1000) return fills;
      const lastId = Number(page.at(-1)!.id);
      page = await this.call(false, () =>
        this.exchange.fetchMyTrades(unified, undefined, 1000, { fromId: lastId + 1 }),
      );
    }
  }

  async fillsOfOrder(symbol: string, venueOrderId: string): Promise<VenueFill[]> {
    const unified = await this.unified(symbol);
    const trades = await this.call(false, () =>
      this.exchange.fetchMyTrades(unified, undefined, 1000, { orderId: venueOrderId }),
    );
    return trades.map((trade) => this.toFill(trade));
  }

  async balances(): Promise<VenueBalance[]> {
    const balance = await this.call(false, () => this.exchange.fetchBalance());
    const free = balance.free as unknown as Record<string, number | undefined>;
    const used = balance.used as unknown as Record<string, number | undefined>;
    return Object.keys(free)
      .sort()
      .map((asset) => ({ asset, free: free[asset] ?? 0, locked: used[asset] ?? 0 }));
  }

  async instrument(symbol: string): Promise<InstrumentInfo> {
    const unified = await this.unified(symbol);
    const market = this.exchange.market(unified);
    return {
      symbol,
      baseAsset: market.baseId ?? market.base,
      quoteAsset: market.quoteId ?? market.quote,
      tickSize: market.precision.price ?? Number.NaN,
      stepSize: market.precision.amount ?? Number.NaN,
      minQuantity: market.limits.amount?.min ?? 0,
      maxQuantity: market.limits.amount?.max ?? null,
      minNotional: market.limits.cost?.min ?? null,
      maxNotional: market.limits.cost?.max ?? null,
    };
  }

  async roundQuantity(symbol: string, quantity: number): Promise<number> {
    return Number(this.exchange.amountToPrecision(await this.unified(symbol), quantity));
  }

  async roundPrice(symbol: string, price: number): Promise<number> {
    return Number(this.exchange.priceToPrecision(await this.unified(symbol), price));
  }

  /** Market data, for tools and tests: the venue's last price of a symbol. */
  async lastPrice(symbol: string): Promise<number> {
    return (await this.lastTrade(symbol)).price;
  }

  async lastTrade(symbol: string): Promise<LastTrade> {
    const unified = await this.unified(symbol);
    const ticker = await this.call(false, () => this.exchange.fetchTicker(unified));
    if (ticker.last === undefined)
      throw new VenueError('retryable', 'VENUE_ERROR', `no last price for ${symbol}`);
    // Binance's 24-hour window opens 24 h before the moment it was computed: the venue's "now"
    // from the same response, so the price's age is measured on one clock (the simulator's market
    // time runs up to 600× faster than a second request could keep up with).
    const openTime = Number((ticker.info as { openTime?: unknown } | undefined)?.openTime);
    return {
      price: ticker.last,
      time: ticker.timestamp ?? null,
      venueNow: Number.isFinite(openTime) ? openTime + 86_400_000 : null,
    };
  }

  /** Candles as [openTime, open, high, low, close, volume]. */
  async candles(symbol: string, timeframe: string, since?: number, limit?: number): Promise<number[][]> {
    const unified = await this.unified(symbol);
    return (await this.call(false, () =>
      this.exchange.fetchOHLCV(unified, timeframe, since, limit),
    )) as number[][];
  }

  async serverTime(): Promise<number> {
    return (await this.call(false, () => this.exchange.fetchTime())) ?? Number.NaN;
  }

  close(): Promise<void> {
    return this.exchange.close();
  }

  private marketOf(unifiedSymbol: string): MarketInterface | undefined {
    return (this.exchange.markets as Record<string, MarketInterface | undefined> | undefined)?.[
      unifiedSymbol
    ];
  }

  private toOrder(order: Order): VenueOrder {
    const market = order.symbol ? this.marketOf(order.symbol) : undefined;
    return {
      venueOrderId: String(order.id),
      clientOrderId: order.clientOrderId ?? '',
      symbol: market ? toSymbol(market) : (order.symbol ?? ''),
      side: order.side as VenueOrder['side'],
      type: order.type as VenueOrder['type'],
      status: normaliseStatus(order.status),
      price: order.price ?? null,
      quantity: order.amount ?? 0,
      filledQuantity: order.filled ?? 0,
      averagePrice: order.average ?? null,
      timestamp: order.timestamp ?? null,
    };
  }

  private toFill(trade: Trade): VenueFill {
    const market = trade.symbol ? this.marketOf(trade.symbol) : undefined;
    return {
      tradeId: String(trade.id),
      venueOrderId: String(trade.order),
      symbol: market ? toSymbol(market) : (trade.symbol ?? ''),
      side: trade.side as VenueFill['side'],
      price: trade.price ?? Number.NaN,
      quantity: trade.amount ?? 0,
      fee: trade.fee?.cost ?? 0,
      feeAsset: trade.fee?.currency ?? '',
      isMaker: trade.takerOrMaker === 'maker',
      timestamp: trade.timestamp ?? 0,
    };
  }
}

function normaliseStatus(status: string | undefined): VenueOrderStatus {
  switch (status) {
    case 'open':
    case 'closed':
    case 'canceled':
    case 'expired':
    case 'rejected':
      return status;
    default:
      // ccxt leaves unknown venue statuses undefined; treat as still open so nothing is forgotten.
      return 'open';
  }
}
