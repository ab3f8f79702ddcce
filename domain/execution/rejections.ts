// Order rejections in Binance's own words. The HTTP status, code and message are what Binance
// sends, so ccxt's binance adapter maps them to its exception classes (BadSymbol, InvalidOrder,
// InsufficientFunds) exactly as it would against the real venue; `reason` is Keel's name.
import type { OrderRejection } from './orders.js';

export type RejectionReason =
  | 'UNKNOWN_SYMBOL'
  | 'INVALID_QUANTITY'
  | 'INVALID_PRICE'
  | 'PRICE_NOT_ALLOWED'
  | 'PRICE_FILTER'
  | 'LOT_SIZE'
  | 'NOTIONAL'
  | 'PRICE_COLLAR'
  | 'INSUFFICIENT_BALANCE';

export const REJECTIONS: Readonly<Record<RejectionReason, Readonly<OrderRejection>>> = Object.freeze({
  UNKNOWN_SYMBOL: { httpStatus: 400, code: -1121, msg: 'Invalid symbol.', reason: 'UNKNOWN_SYMBOL' },
  INVALID_QUANTITY: { httpStatus: 400, code: -1013, msg: 'Invalid quantity.', reason: 'INVALID_QUANTITY' },
  INVALID_PRICE: {
    httpStatus: 400,
    code: -1102,
    msg: "Mandatory parameter 'price' was not sent, was empty/null, or malformed.",
    reason: 'INVALID_PRICE',
  },
  PRICE_NOT_ALLOWED: {
    httpStatus: 400,
    code: -1106,
    msg: "Parameter 'price' sent when not required.",
    reason: 'PRICE_NOT_ALLOWED',
  },
  PRICE_FILTER: { httpStatus: 400, code: -1013, msg: 'Filter failure: PRICE_FILTER', reason: 'PRICE_FILTER' },
  LOT_SIZE: { httpStatus: 400, code: -1013, msg: 'Filter failure: LOT_SIZE', reason: 'LOT_SIZE' },
  NOTIONAL: { httpStatus: 400, code: -1013, msg: 'Filter failure: NOTIONAL', reason: 'NOTIONAL' },
  PRICE_COLLAR: {
    httpStatus: 400,
    code: -1013,
    msg: 'Filter failure: PERCENT_PRICE_BY_SIDE',
    reason: 'PRICE_COLLAR',
  },
  INSUFFICIENT_BALANCE: {
    httpStatus: 400,
    code: -2010,
    msg: 'Account has insufficient balance for requested action.',
    reason: 'INSUFFICIENT_BALANCE',
  },
});

/** A fresh copy, so callers may attach or change fields without touching the shared table. */
export function rejection(reason: RejectionReason): OrderRejection {
  return { ...REJECTIONS[reason] };
}
