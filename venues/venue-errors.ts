import {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  MarketClosed,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OperationFailed,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { redactString } from '../lib/redact.js';

/**
 * Keel's three outcome classes for a venue call, which become Temporal failure types:
 * - retryable: the venue did not act (rate limit, network trouble before a mutation, venue down
 *   for a read); safe to try again after a pause;
 * - final: the venue refused and will refuse again (invalid order, insufficient funds, auth,
 *   unknown symbol, unknown order); never retried;
 * - unknown: a mutation may or may not have happened (timeout or lost response after sending, a
 *   5xx on an order); resolve by looking the order up by client order id before anything else.
 */
export type VenueOutcome = 'retryable' | 'final' | 'unknown';

export type VenueReason =
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'VENUE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'INVALID_ORDER'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'INSUFFICIENT_FUNDS'
  | 'AUTHENTICATION'
  | 'UNKNOWN_SYMBOL'
  | 'MARKET_CLOSED'
  | 'ORDER_NOT_FOUND'
  | 'CLOCK_SKEW'
  | 'VENUE_ERROR';

export class VenueError extends Error {
  constructor(
    readonly outcome: VenueOutcome,
    readonly reason: VenueReason,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VenueError';
  }
}

/** Maps a ccxt exception to Keel's outcome; `mutating` says whether the call could have changed state. */
export function classifyVenueError(error: unknown, mutating: boolean, retryAfterMs?: number): VenueError {
  if (error instanceof VenueError) return error;
  const message = redactString(error instanceof Error ? error.message : String(error));
  const make = (outcome: VenueOutcome, reason: VenueReason, after?: number) =>
    new VenueError(outcome, reason, message, after, { cause: error });

  // Network-class first: ccxt's NetworkError subclasses say the request may not have been answered.
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection)
    return make('retryable', 'RATE_LIMITED', retryAfterMs);
  if (error instanceof InvalidNonce) return make('retryable', 'CLOCK_SKEW');
  if (error instanceof ExchangeNotAvailable)
    return make(mutating ? 'unknown' : 'retryable', 'VENUE_UNAVAILABLE');
  if (error instanceof RequestTimeout) return make(mutating ? 'unknown' : 'retryable', 'TIMEOUT');
  if (error instanceof NetworkError) return make(mutating ? 'unknown' : 'retryable', 'NETWORK');
  // Binance answers an internal failure (5xx, -1000/-1001) with "execution status unknown".
  if (error instanceof OperationFailed) return make(mutating ? 'unknown' : 'retryable', 'VENUE_UNAVAILABLE');

  if (error instanceof OrderNotFound) return make('final', 'ORDER_NOT_FOUND');
  if (error instanceof InvalidOrder) {
    return make(
      'final',
      /Duplicate order sent/i.test(message) ? 'DUPLICATE_CLIENT_ORDER_ID' : 'INVALID_ORDER',
    );
  }
  if (error instanceof InsufficientFunds) return make('final', 'INSUFFICIENT_FUNDS');
  if (error instanceof BadSymbol) return make('final', 'UNKNOWN_SYMBOL');
  if (error instanceof MarketClosed) return make('final', 'MARKET_CLOSED');
  if (error instanceof AuthenticationError || error instanceof PermissionDenied)
    return make('final', 'AUTHENTICATION');
  if (error instanceof BadRequest) {
    if (/-1021|recvWindow/.test(message)) return make('retryable', 'CLOCK_SKEW');
    if (/-1022|-2014|-2015|Signature|API-key/i.test(message)) return make('final', 'AUTHENTICATION');
    return make('final', 'INVALID_ORDER');
  }
  if (error instanceof ExchangeError) {
    if (/-2014|-2015|API-key/i.test(message)) return make('final', 'AUTHENTICATION');
    return make('final', 'VENUE_ERROR');
  }
  // Anything else (a bug, an unexpected response): for a mutation the outcome is not known.
  return make(mutating ? 'unknown' : 'retryable', 'VENUE_ERROR');
}
