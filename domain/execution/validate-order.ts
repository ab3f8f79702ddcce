// Pre-acceptance checks of a new order, in a fixed order where the first failure wins, as a
// venue's filter chain does: a caller always sees the same single error for the same request.
//
// Comparisons are made on values rounded to their grid (prices to tick decimals, quantities to
// step decimals, notionals and balances to 8 decimals) so that a boundary value is accepted
// whatever binary noise its arithmetic picked up (0.07 × 100 is 7.000000000000001).
import { QUOTE_DECIMALS, decimalsOf, isMultipleOfStep, roundTo } from './decimals.js';
import type { InstrumentRules } from './instrument.js';
import type { NewOrderRequest, OrderRejection, ValidationContext } from './orders.js';
import { rejection } from './rejections.js';

const isPositiveNumber = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

function assertContext(ctx: ValidationContext): void {
  if (!isPositiveNumber(ctx.lastPrice))
    throw new RangeError(`lastPrice must be a finite positive price, got ${String(ctx.lastPrice)}`);
  if (!(Number.isFinite(ctx.takerFeeRate) && ctx.takerFeeRate >= 0))
    throw new RangeError(`takerFeeRate must be finite and ≥ 0, got ${ctx.takerFeeRate}`);
}

function violatesPriceFilter(price: number, rules: InstrumentRules): boolean {
  if (!isMultipleOfStep(price, rules.tickSize)) return true;
  const onGrid = roundTo(price, decimalsOf(rules.tickSize));
  return onGrid < rules.minPrice || onGrid > rules.maxPrice;
}

function violatesLotSize(quantity: number, rules: InstrumentRules): boolean {
  if (!isMultipleOfStep(quantity, rules.stepSize)) return true;
  const onGrid = roundTo(quantity, decimalsOf(rules.stepSize));
  return onGrid < rules.minQty || onGrid > rules.maxQty;
}

/** Symmetric collar around the last price; the bounds themselves are allowed. */
function outsideCollar(price: number, lastPrice: number, collar: number): boolean {
  const low = roundTo(lastPrice * (1 - collar), QUOTE_DECIMALS);
  const high = roundTo(lastPrice * (1 + collar), QUOTE_DECIMALS);
  return price < low || price > high;
}

function hasInsufficientBalance(
  request: NewOrderRequest,
  rules: InstrumentRules,
  notional: number,
  ctx: ValidationContext,
): boolean {
  if (request.side === 'BUY') {
    // A buy reserves its notional plus the worst-case (taker) fee, both in the quote asset.
    const required = roundTo(notional * (1 + ctx.takerFeeRate), QUOTE_DECIMALS);
    return roundTo(ctx.freeBalances[rules.quoteAsset] ?? 0, QUOTE_DECIMALS) < required;
  }
  const decimals = Math.max(QUOTE_DECIMALS, decimalsOf(rules.stepSize));
  return roundTo(ctx.freeBalances[rules.baseAsset] ?? 0, decimals) < roundTo(request.quantity, decimals);
}

/**
 * Checks, first failure wins: symbol → quantity/price presence and sign → PRICE_FILTER (LIMIT)
 * → LOT_SIZE → NOTIONAL (limit price, or lastPrice for MARKET) → price collar (LIMIT) →
 * free balance. Returns null when the order is acceptable. MARKET orders ignore timeInForce.
 * Throws RangeError when the context itself is unusable (no positive last price), a simulator bug.
 */
export function validateNewOrder(request: NewOrderRequest, ctx: ValidationContext): OrderRejection | null {
  const { rules } = ctx;
  if (!rules || rules.symbol !== request.symbol) return rejection('UNKNOWN_SYMBOL');
  assertContext(ctx);

  if (!isPositiveNumber(request.quantity)) return rejection('INVALID_QUANTITY');
  if (request.type === 'LIMIT' && !isPositiveNumber(request.price)) return rejection('INVALID_PRICE');
  if (request.type === 'MARKET' && request.price != null) return rejection('PRICE_NOT_ALLOWED');

  const requestedPrice = request.type === 'LIMIT' ? request.price : null;
  if (requestedPrice !== null && violatesPriceFilter(requestedPrice, rules)) return rejection('PRICE_FILTER');
  if (violatesLotSize(request.quantity, rules)) return rejection('LOT_SIZE');
  const limitPrice = requestedPrice === null ? null : roundTo(requestedPrice, decimalsOf(rules.tickSize));

  const notional = roundTo((limitPrice ?? ctx.lastPrice) * request.quantity, QUOTE_DECIMALS);
  if (notional < rules.minNotional || notional > rules.maxNotional) return rejection('NOTIONAL');

  if (limitPrice !== null && outsideCollar(limitPrice, ctx.lastPrice, rules.priceCollar))
    return rejection('PRICE_COLLAR');

  if (hasInsufficientBalance(request, rules, notional, ctx)) return rejection('INSUFFICIENT_BALANCE');
  return null;
}
