import { aggregateBars, KLINE_INTERVALS } from '../domain/market-data/aggregate.js';
import type { OrderType, Side, TimeInForce } from '../domain/execution/orders.js';
import { verifySignedRequest } from './auth.js';
import { BinanceError, binanceErrors } from './binance-error.js';
import { fillModelsFor } from './fill-models.js';
import type { FaultEndpoint } from '../domain/execution/faults.js';
import type { SimRequest } from './http.js';
import { instrumentRules, listedInstruments } from '../domain/execution/sim-instruments.js';
import { cancelOpenOrder, findOrder, placeOrder } from './order-entry.js';
import { klineJson, newOrderJson, num, orderJson, symbolInfo, tradeJson } from './serialize.js';
import type { SimAccount, VenueSimulator } from './simulator.js';

/** One supported exchange endpoint. */
export interface BinanceRoute {
  method: string;
  path: string;
  endpoint: FaultEndpoint;
  signed: boolean;
  description: string;
  handle: (request: SimRequest, context: RouteContext) => Promise<unknown>;
}

export interface RouteContext {
  simulator: VenueSimulator;
  /** The account named by the API key (signed endpoints: verified). */
  account: SimAccount | undefined;
  /** Account used for public market data when the request carries no API key. */
  defaultAccount: string | undefined;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw binanceErrors.mandatoryParameter(name);
  return value;
}

function decimal(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw === null || raw === '') return null;
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw binanceErrors.illegalParameter(name, 'expected a positive decimal number');
  return Number(raw);
}

function integer(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw binanceErrors.illegalParameter(name, 'expected an integer');
  return Number(raw);
}

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  const raw = params.get(name) ?? fallback;
  if (raw === undefined || raw === null) throw binanceErrors.mandatoryParameter(name);
  if (!(allowed as readonly string[]).includes(raw))
    throw new BinanceError(
      400,
      -1100,
      `Illegal value for '${name}': ${raw}; use one of ${allowed.join(', ')}.`,
    );
  return raw as T;
}

function limitParam(params: URLSearchParams, fallback: number, max: number): number {
  const limit = integer(params, 'limit') ?? fallback;
  if (limit < 1 || limit > max)
    throw new BinanceError(400, -1100, `Illegal value for 'limit': use 1 to ${max}.`);
  return limit;
}

/** The paging of Binance's history endpoints (allOrders, myTrades): one symbol, a time range, a limit. */
function historyQuery(params: URLSearchParams) {
  return {
    symbol: required(params, 'symbol'),
    orderId: integer(params, 'orderId'),
    startTime: integer(params, 'startTime'),
    endTime: integer(params, 'endTime'),
    limit: limitParam(params, 500, 1000),
  };
}

/** Binance returns the page from a given start onwards, else the newest `limit`. */
function historyPage<T>(matching: T[], fromStart: boolean, limit: number): T[] {
  return fromStart ? matching.slice(0, limit) : matching.slice(-limit);
}

/** Market data follows an account's clock: the caller's (by API key) or the default account's. */
function marketAccount(context: RouteContext): SimAccount {
  const account =
    context.account ??
    (context.defaultAccount ? context.simulator.account(context.defaultAccount) : undefined);
  if (!account) {
    throw new BinanceError(
      400,
      -1000,
      'Market data follows an account clock: send the X-MBX-APIKEY header of a simulated account.',
    );
  }
  return account;
}

function tradedSymbol(account: SimAccount, symbol: string): string {
  if (!account.dataset.has(symbol)) throw binanceErrors.invalidSymbol();
  return symbol;
}

/** GET and DELETE /api/v3/order name the order by orderId or origClientOrderId (one is required). */
function orderReference(params: URLSearchParams): {
  symbol: string;
  orderId: number | undefined;
  clientOrderId: string | undefined;
} {
  const symbol = required(params, 'symbol');
  const orderId = integer(params, 'orderId');
  const clientOrderId = params.get('origClientOrderId') ?? undefined;
  if (orderId === undefined && clientOrderId === undefined) throw binanceErrors.mandatoryParameter('orderId');
  return { symbol, orderId, clientOrderId };
}

function signedAccount(context: RouteContext): SimAccount {
  if (!context.account) throw binanceErrors.invalidApiKey();
  return context.account;
}

export const BINANCE_ROUTES: BinanceRoute[] = [
  {
    method: 'GET',
    path: '/api/v3/ping',
    endpoint: 'market',
    signed: false,
    description: 'connectivity test',
    handle: () => Promise.resolve({}),
  },
  {
    method: 'GET',
    path: '/api/v3/time',
    endpoint: 'market',
    signed: false,
    description:
      "server time: with an account's X-MBX-APIKEY its market time (the clock its data and fills follow), else the wall clock",
    handle: async (_request, context) => {
      const account =
        context.account ??
        (context.defaultAccount ? context.simulator.account(context.defaultAccount) : undefined);
      if (!account) return { serverTime: context.simulator.now() };
      return context.simulator.transact(account, () => ({ serverTime: account.state.marketTime }));
    },
  },
  {
    method: 'GET',
    path: '/api/v3/exchangeInfo',
    endpoint: 'market',
    signed: false,
    description: 'symbols with PRICE_FILTER, LOT_SIZE, NOTIONAL and PERCENT_PRICE_BY_SIDE filters',
    handle: (request, { simulator }) => {
      const wanted = request.params.get('symbol');
      const instruments = listedInstruments().filter((rules) => !wanted || rules.symbol === wanted);
      if (wanted && instruments.length === 0) throw binanceErrors.invalidSymbol();
      return Promise.resolve({
        timezone: 'UTC',
        serverTime: simulator.now(),
        rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
        exchangeFilters: [],
        symbols: instruments.map(symbolInfo),
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/ticker/24hr',
    endpoint: 'market',
    signed: false,
    description: "24-hour statistics at the account's market time (symbol required)",
    handle: async (request, context) => {
      const account = marketAccount(context);
      const symbol = tradedSymbol(account, required(request.params, 'symbol'));
      return context.simulator.transact(account, (_change, dataset) => {
        const now = account.state.marketTime;
        const bars = dataset
          .completedBetween(symbol, now - 86_400_000, now)
          .bars.filter((bar) => bar.openTime >= now - 86_400_000);
        const { price: last, time: lastTime } = dataset.lastTrade(symbol, now);
        const open = bars[0]?.open ?? last;
        const volume = bars.reduce((sum, bar) => sum + bar.volume, 0);
        const quoteVolume = bars.reduce((sum, bar) => sum + bar.volume * bar.close, 0);
        const spread = instrumentRules(symbol)!.tickSize;
        return {
          symbol,
          priceChange: num(last - open),
          priceChangePercent: num(open === 0 ? 0 : ((last - open) / open) * 100),
          weightedAvgPrice: num(volume === 0 ? last : quoteVolume / volume),
          prevClosePrice: num(open),
          lastPrice: num(last),
          lastQty: num(0),
          bidPrice: num(last - spread),
          bidQty: num(1),
          askPrice: num(last + spread),
          askQty: num(1),
          openPrice: num(open),
          highPrice: num(bars.length ? Math.max(...bars.map((b) => b.high)) : last),
          lowPrice: num(bars.length ? Math.min(...bars.map((b) => b.low)) : last),
          volume: num(volume),
          quoteVolume: num(quoteVolume),
          openTime: now - 86_400_000,
          // When the last price traded (ccxt's ticker timestamp): lets a client see stale data.
          closeTime: lastTime,
          firstId: -1,
          lastId: -1,
          count: bars.length,
        };
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/klines',
    endpoint: 'market',
    signed: false,
    description: "completed candles up to the account's market time (interval a multiple of the dataset's)",
    handle: async (request, context) => {
      const account = marketAccount(context);
      const symbol = tradedSymbol(account, required(request.params, 'symbol'));
      const intervalMs = KLINE_INTERVALS[required(request.params, 'interval')];
      const limit = limitParam(request.params, 500, 1000);
      const startTime = integer(request.params, 'startTime');
      const endTime = integer(request.params, 'endTime');
      return context.simulator.transact(account, (_change, dataset) => {
        if (intervalMs === undefined || intervalMs % dataset.intervalMs !== 0)
          throw binanceErrors.invalidInterval();
        const visible = dataset.completedBefore(symbol, account.state.marketTime);
        const candles = aggregateBars(visible, dataset.intervalMs, intervalMs).filter(
          (bar) =>
            (startTime === undefined || bar.openTime >= startTime) &&
            (endTime === undefined || bar.openTime <= endTime),
        );
        const page = startTime !== undefined ? candles.slice(0, limit) : candles.slice(-limit);
        return page.map(klineJson);
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/account',
    endpoint: 'account',
    signed: true,
    description: 'balances (free, locked) and commission rates',
    handle: async (request, context) => {
      const account = signedAccount(context);
      return context.simulator.transact(account, (change) => {
        const rates = fillModelsFor(account.state.spec).fees.rates(0);
        const omitZero = request.params.get('omitZeroBalances') === 'true';
        const balances = [...change.state.balances]
          .filter(([, b]) => !omitZero || b.free !== 0 || b.locked !== 0)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([asset, b]) => ({ asset, free: num(b.free), locked: num(b.locked) }));
        return {
          makerCommission: Math.round(rates.maker * 10_000),
          takerCommission: Math.round(rates.taker * 10_000),
          buyerCommission: 0,
          sellerCommission: 0,
          commissionRates: {
            maker: num(rates.maker),
            taker: num(rates.taker),
            buyer: num(0),
            seller: num(0),
          },
          canTrade: true,
          canWithdraw: false,
          canDeposit: false,
          brokered: false,
          requireSelfTradePrevention: false,
          preventSor: false,
          updateTime: change.state.marketTime,
          accountType: 'SPOT',
          balances,
          permissions: ['SPOT'],
          uid: 0,
        };
      });
    },
  },
  {
    method: 'POST',
    path: '/api/v3/order',
    endpoint: 'order.create',
    signed: true,
    description: 'new LIMIT or MARKET order (GTC, IOC, FOK); newClientOrderId is never reusable',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const p = request.params;
      const type = oneOf<OrderType>(p, 'type', ['LIMIT', 'MARKET']);
      const order = {
        symbol: required(p, 'symbol'),
        side: oneOf<Side>(p, 'side', ['BUY', 'SELL']),
        type,
        timeInForce:
          type === 'LIMIT' ? oneOf<TimeInForce>(p, 'timeInForce', ['GTC', 'IOC', 'FOK']) : ('GTC' as const),
        quantity: decimal(p, 'quantity') ?? Number.NaN,
        price: decimal(p, 'price'),
        clientOrderId: p.get('newClientOrderId') || undefined,
      };
      if (p.has('quoteOrderQty'))
        throw new BinanceError(400, -1106, "Parameter 'quoteOrderQty' sent when not required.");
      if (order.clientOrderId !== undefined && !/^[.A-Za-z0-9:/_-]{1,36}$/.test(order.clientOrderId)) {
        throw binanceErrors.illegalParameter(
          'newClientOrderId',
          'use 1–36 characters of A-Z a-z 0-9 . : / _ -',
        );
      }
      const responseType = oneOf(p, 'newOrderRespType', ['ACK', 'RESULT', 'FULL'], 'FULL');
      return context.simulator.transact(account, (change, dataset) => {
        const placed = placeOrder(change, dataset, order);
        if (responseType === 'ACK') {
          return {
            symbol: placed.symbol,
            orderId: placed.orderId,
            orderListId: -1,
            clientOrderId: placed.clientOrderId,
            transactTime: placed.submitTime,
          };
        }
        return newOrderJson(placed, responseType === 'FULL' ? [] : undefined);
      });
    },
  },
  {
    method: 'DELETE',
    path: '/api/v3/order',
    endpoint: 'order.cancel',
    signed: true,
    description: 'cancel an open order by orderId or origClientOrderId',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const { symbol, orderId, clientOrderId } = orderReference(request.params);
      return context.simulator.transact(account, (change) => {
        const canceled = cancelOpenOrder(change, findOrder(change, symbol, orderId, clientOrderId));
        const { time: _t, updateTime: _u, isWorking: _w, workingTime: _wt, ...rest } = orderJson(canceled);
        return { ...rest, origClientOrderId: canceled.clientOrderId, transactTime: canceled.updateTime };
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/order',
    endpoint: 'order.get',
    signed: true,
    description: 'one order by orderId or origClientOrderId',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const { symbol, orderId, clientOrderId } = orderReference(request.params);
      return context.simulator.transact(account, (change) => {
        const order = findOrder(change, symbol, orderId, clientOrderId);
        if (!order) throw binanceErrors.unknownOrder();
        return orderJson(order);
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/openOrders',
    endpoint: 'openOrders',
    signed: true,
    description: 'open orders, of one symbol or all',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const symbol = request.params.get('symbol');
      return context.simulator.transact(account, (change) =>
        [...change.state.openOrderIds]
          .map((id) => change.state.orders.get(id)!)
          .filter((order) => !symbol || order.symbol === symbol)
          .map(orderJson),
      );
    },
  },
  {
    method: 'GET',
    path: '/api/v3/allOrders',
    endpoint: 'allOrders',
    signed: true,
    description: 'every order of one symbol, by orderId (orderId, startTime, endTime, limit ≤ 1000)',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const { symbol, orderId, startTime, endTime, limit } = historyQuery(request.params);
      return context.simulator.transact(account, (change) => {
        const matching = [...change.state.orders.values()]
          .filter(
            (o) =>
              o.symbol === symbol &&
              (orderId === undefined || o.orderId >= orderId) &&
              (startTime === undefined || o.submitTime >= startTime) &&
              (endTime === undefined || o.submitTime <= endTime),
          )
          .sort((a, b) => a.orderId - b.orderId);
        return historyPage(matching, orderId !== undefined || startTime !== undefined, limit).map(orderJson);
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v3/myTrades',
    endpoint: 'myTrades',
    signed: true,
    description: 'fills of one symbol (orderId, startTime, endTime, fromId, limit ≤ 1000)',
    handle: async (request, context) => {
      const account = signedAccount(context);
      const { symbol, orderId, startTime, endTime, limit } = historyQuery(request.params);
      const fromId = integer(request.params, 'fromId');
      return context.simulator.transact(account, (change) => {
        const matching = change.state.trades.filter(
          (t) =>
            t.symbol === symbol &&
            (orderId === undefined || t.orderId === orderId) &&
            (fromId === undefined || t.tradeId >= fromId) &&
            (startTime === undefined || t.time >= startTime) &&
            (endTime === undefined || t.time <= endTime),
        );
        const fromStart = startTime !== undefined || fromId !== undefined;
        return historyPage(matching, fromStart, limit).map((trade) => tradeJson(trade, symbol));
      });
    },
  },
];

/** Resolves the API key of a request: verified for signed routes, trusted only to pick a clock otherwise. */
export function authenticate(
  route: BinanceRoute,
  request: SimRequest,
  simulator: VenueSimulator,
): SimAccount | undefined {
  if (route.signed) {
    const key = verifySignedRequest(
      {
        apiKey: request.apiKey,
        rawQuery: request.rawQuery,
        rawBody: request.rawBody,
        params: request.params,
      },
      simulator.secretFor,
      simulator.now(),
    );
    return simulator.accountForKey(key);
  }
  return request.apiKey ? simulator.accountForKey(request.apiKey) : undefined;
}
