import { QUOTE_DECIMALS, roundTo } from './decimals.js';
import { cancelOrder } from './matching.js';
import type { BinaryMarket } from '../market-data/binary-markets.js';
import { settlementClientOrderId } from './settlement-id.js';
import type { AccountWriter, StoredOrder } from './sim-account.js';
import { instrumentRules } from './sim-instruments.js';
import { releaseIfFinal } from './sim-settlement.js';

const round = (value: number) => roundTo(value, QUOTE_DECIMALS);

/**
 * Settles the binary markets that resolve in (from, to]: their open orders expire, and every YES
 * token the account holds is redeemed at the settlement price (1 or 0) by a venue-side order with
 * a recognisable client order id, so the redemption appears in allOrders and myTrades like any
 * execution and the trader's ledger can take it in.
 */
export function settleResolvedMarkets(
  change: AccountWriter,
  markets: readonly BinaryMarket[],
  from: number,
  to: number,
): void {
  const resolving = markets
    .filter((market) => market.resolutionTime > from && market.resolutionTime <= to)
    .sort((a, b) => a.resolutionTime - b.resolutionTime || a.symbol.localeCompare(b.symbol));
  for (const market of resolving) settleMarket(change, market);
}

function settleMarket(change: AccountWriter, market: BinaryMarket): void {
  const { state } = change;
  for (const orderId of [...state.openOrderIds]) {
    const order = state.orders.get(orderId)!;
    if (order.symbol !== market.symbol) continue;
    const expired: StoredOrder = {
      ...order,
      ...cancelOrder(order),
      status: 'EXPIRED',
      updateTime: market.resolutionTime,
    };
    releaseIfFinal(change, expired);
    change.setOrder(expired);
  }
  const rules = instrumentRules(market.symbol)!;
  const token = change.balance(rules.baseAsset);
  const quantity = round(token.free + token.locked);
  if (quantity <= 0) return;
  const price = market.settlementPrice;
  const proceeds = round(quantity * price);
  const orderId = state.nextOrderId++;
  const clientOrderId = settlementClientOrderId(state.spec.name, market.symbol);
  change.setOrder({
    orderId,
    clientOrderId,
    symbol: market.symbol,
    side: 'SELL',
    type: 'MARKET',
    timeInForce: 'GTC',
    price: null,
    quantity,
    executedQty: quantity,
    cummulativeQuoteQty: proceeds,
    status: 'FILLED',
    submitTime: market.resolutionTime,
    updateTime: market.resolutionTime,
    reserved: 0,
  });
  change.addTrade({
    tradeId: state.nextTradeId++,
    orderId,
    symbol: market.symbol,
    side: 'SELL',
    price,
    qty: quantity,
    quoteQty: proceeds,
    commission: 0,
    commissionAsset: rules.quoteAsset,
    isMaker: false,
    time: market.resolutionTime,
  });
  change.setBalance(rules.baseAsset, { free: 0, locked: 0 });
  const cash = change.balance(rules.quoteAsset);
  change.setBalance(rules.quoteAsset, { free: round(cash.free + proceeds), locked: cash.locked });
}
