import type { Bar } from '../domain/market-data/bar.js';
import { decimalsOf } from '../domain/execution/decimals.js';
import type { StoredOrder, StoredTrade } from './account-state.js';
import type { InstrumentRules } from '../domain/execution/instrument.js';

/** Binance sends decimals as strings with 8 places. */
export const num = (value: number) => value.toFixed(8);

export function symbolInfo(r: InstrumentRules): Record<string, unknown> {
  return {
    symbol: r.symbol,
    status: 'TRADING',
    baseAsset: r.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: r.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'],
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: false,
    allowTrailingStop: false,
    cancelReplaceAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: num(r.minPrice),
        maxPrice: num(r.maxPrice),
        tickSize: num(r.tickSize),
      },
      { filterType: 'LOT_SIZE', minQty: num(r.minQty), maxQty: num(r.maxQty), stepSize: num(r.stepSize) },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: num(r.minQty),
        maxQty: num(r.maxQty),
        stepSize: num(r.stepSize),
      },
      {
        filterType: 'NOTIONAL',
        minNotional: num(r.minNotional),
        applyMinToMarket: true,
        maxNotional: num(r.maxNotional),
        applyMaxToMarket: true,
        avgPriceMins: 5,
      },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: num(1 + r.priceCollar),
        bidMultiplierDown: num(1 - r.priceCollar),
        askMultiplierUp: num(1 + r.priceCollar),
        askMultiplierDown: num(1 - r.priceCollar),
        avgPriceMins: 5,
      },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
    // Not Binance's: lets a reader see the precision the filters imply.
    pricePrecision: decimalsOf(r.tickSize),
  };
}

export function orderJson(order: StoredOrder): Record<string, unknown> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: num(order.price ?? 0),
    origQty: num(order.quantity),
    executedQty: num(order.executedQty),
    cummulativeQuoteQty: num(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    stopPrice: num(0),
    icebergQty: num(0),
    time: order.submitTime,
    updateTime: order.updateTime,
    isWorking: true,
    workingTime: order.submitTime,
    origQuoteOrderQty: num(0),
    selfTradePreventionMode: 'NONE',
  };
}

/** POST /api/v3/order's answer (RESULT, or FULL with the fills so far). */
export function newOrderJson(order: StoredOrder, fills: StoredTrade[] | undefined): Record<string, unknown> {
  const { time: _time, updateTime: _updateTime, isWorking: _isWorking, ...rest } = orderJson(order);
  return {
    ...rest,
    transactTime: order.submitTime,
    ...(fills
      ? {
          fills: fills.map((fill) => ({
            price: num(fill.price),
            qty: num(fill.qty),
            commission: num(fill.commission),
            commissionAsset: fill.commissionAsset,
            tradeId: fill.tradeId,
          })),
        }
      : {}),
  };
}

export function tradeJson(trade: StoredTrade, symbol: string): Record<string, unknown> {
  return {
    symbol,
    id: trade.tradeId,
    orderId: trade.orderId,
    orderListId: -1,
    price: num(trade.price),
    qty: num(trade.qty),
    quoteQty: num(trade.quoteQty),
    commission: num(trade.commission),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.side === 'BUY',
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}

export function klineJson(bar: Bar): unknown[] {
  return [
    bar.openTime,
    num(bar.open),
    num(bar.high),
    num(bar.low),
    num(bar.close),
    num(bar.volume),
    bar.closeTime,
    num(bar.volume * ((bar.open + bar.close) / 2)),
    0,
    num(bar.volume / 2),
    num((bar.volume / 2) * ((bar.open + bar.close) / 2)),
    '0',
  ];
}
