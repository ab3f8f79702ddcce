import { createHmac, timingSafeEqual } from 'node:crypto';
import { BinanceError, binanceErrors } from './binance-error.js';

export const DEFAULT_RECV_WINDOW_MS = 5_000;
const MAX_RECV_WINDOW_MS = 60_000;
/** Binance tolerates clients up to 1 s ahead of its clock. */
export const MAX_CLOCK_AHEAD_MS = 1_000;

/** When a signed request was made (the client's `timestamp`) and how long it stays valid. */
export interface RequestWindow {
  timestamp: number;
  recvWindow: number;
}

export interface SignedRequest {
  apiKey: string | undefined;
  /** Raw query string (without '?') and raw body, as received. */
  rawQuery: string;
  rawBody: string;
  params: URLSearchParams;
}

/** A percent-decoded parameter, or null when its escapes are malformed (Binance: a bad signature, not a 5xx). */
function decodedOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** Strips `signature=...` from a raw parameter string, keeping everything else byte for byte. */
function withoutSignature(raw: string): { payload: string; signature: string | undefined } {
  const match = /(^|&)signature=([^&]*)/.exec(raw);
  if (!match) return { payload: raw, signature: undefined };
  return {
    payload: raw.slice(0, match.index) + raw.slice(match.index + match[0].length),
    signature: match[2],
  };
}

/**
 * Binance's SIGNED endpoint checks: API key header, HMAC-SHA256 of the query string followed by the
 * body (without the signature itself), and `timestamp` within `recvWindow` of the server's clock.
 */
export function verifySignedRequest(
  request: SignedRequest,
  secretFor: (apiKey: string) => string | undefined,
  serverTime: number,
): string {
  if (!request.apiKey || !/^[A-Za-z0-9_-]{8,128}$/.test(request.apiKey)) throw binanceErrors.apiKeyFormat();
  const secret = secretFor(request.apiKey);
  if (secret === undefined) throw binanceErrors.invalidApiKey();

  const query = withoutSignature(request.rawQuery);
  const body = withoutSignature(request.rawBody);
  const signature = query.signature ?? body.signature;
  if (!signature) throw binanceErrors.mandatoryParameter('signature');
  const expected = createHmac('sha256', secret)
    .update(query.payload + body.payload)
    .digest('hex');
  const given = Buffer.from(decodedOrNull(signature)?.toLowerCase() ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    throw binanceErrors.badSignature();

  assertWithinRecvWindow(requestWindow(request.params), serverTime);
  return request.apiKey;
}

/** The request's `timestamp` and `recvWindow` (default 5,000 ms, at most 60,000), or Binance's error. */
export function requestWindow(params: URLSearchParams): RequestWindow {
  const timestamp = Number(params.get('timestamp'));
  if (!params.has('timestamp') || !Number.isInteger(timestamp))
    throw binanceErrors.mandatoryParameter('timestamp');
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : DEFAULT_RECV_WINDOW_MS;
  if (!Number.isFinite(recvWindow) || recvWindow <= 0 || recvWindow > MAX_RECV_WINDOW_MS) {
    throw new BinanceError(400, -1131, 'recvWindow must be less than 60000');
  }
  return { timestamp, recvWindow };
}

/**
 * Binance's timing rule: `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`.
 * Binance applies it when a request arrives and again before it forwards the request to the matching
 * engine, so a request held up on the way is refused rather than executed late.
 */
export function assertWithinRecvWindow(window: RequestWindow, serverTime: number): void {
  if (
    window.timestamp >= serverTime + MAX_CLOCK_AHEAD_MS ||
    serverTime - window.timestamp > window.recvWindow
  )
    throw binanceErrors.outsideRecvWindow();
}
