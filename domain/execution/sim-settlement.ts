// The money of a simulated order: funds held when it is accepted, moved by each fill, given back
// when it ends. Balances stay on the 8-decimal grid at every step.
import { QUOTE_DECIMALS, roundTo } from './decimals.js';
import { isFinalStatus } from './matching.js';
import type { SimFill } from './orders.js';
import type { AccountWriter, StoredOrder } from './sim-account.js';
import { instrumentRules } from './sim-instruments.js';

const round = (value: number) => roundTo(value, QUOTE_DECIMALS);

function assetsOf(symbol: string): { base: string; quote: string } {
  const rules = instrumentRules(symbol)!;
  return { base: rules.baseAsset, quote: rules.quoteAsset };
}

/** Holds funds for a new order: quote (with fees) for buys, base for sells. */
export function reserveFunds(change: AccountWriter, order: StoredOrder, amount: number): void {
  const { base, quote } = assetsOf(order.symbol);
  const asset = order.side === 'BUY' ? quote : base;
  const balance = change.balance(asset);
  change.setBalance(asset, { free: round(balance.free - amount), locked: round(balance.locked + amount) });
  order.reserved = round(amount);
}

/**
 * Moves the money of one fill: a buy pays quote (price × qty + commission) from its reservation and
 * receives base; a sell delivers reserved base and receives quote less commission.
 */
export function settleFill(change: AccountWriter, order: StoredOrder, fill: SimFill): void {
  const { base, quote } = assetsOf(order.symbol);
  if (order.side === 'BUY') {
    const cost = round(fill.quoteQty + fill.commission);
    const fromReserve = Math.min(order.reserved, cost);
    const quoteBalance = change.balance(quote);
    // A market buy can cost more than its reservation (slippage, a gap): the rest comes from free funds.
    change.setBalance(quote, {
      free: round(quoteBalance.free - (cost - fromReserve)),
      locked: round(quoteBalance.locked - fromReserve),
    });
    order.reserved = round(order.reserved - fromReserve);
    const baseBalance = change.balance(base);
    change.setBalance(base, { free: round(baseBalance.free + fill.qty), locked: baseBalance.locked });
  } else {
    const fromReserve = Math.min(order.reserved, fill.qty);
    const baseBalance = change.balance(base);
    change.setBalance(base, {
      free: round(baseBalance.free - (fill.qty - fromReserve)),
      locked: round(baseBalance.locked - fromReserve),
    });
    order.reserved = round(order.reserved - fromReserve);
    const quoteBalance = change.balance(quote);
    change.setBalance(quote, {
      free: round(quoteBalance.free + fill.quoteQty - fill.commission),
      locked: quoteBalance.locked,
    });
  }
}

/** An order that ended gives back whatever it still holds. */
export function releaseIfFinal(change: AccountWriter, order: StoredOrder): void {
  if (!isFinalStatus(order.status) || order.reserved === 0) return;
  const { base, quote } = assetsOf(order.symbol);
  const asset = order.side === 'BUY' ? quote : base;
  const balance = change.balance(asset);
  change.setBalance(asset, {
    free: round(balance.free + order.reserved),
    locked: round(balance.locked - order.reserved),
  });
  order.reserved = 0;
}
