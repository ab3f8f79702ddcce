/**
 * An error answered the way Binance answers it: an HTTP status and `{code, msg}`. ccxt maps these
 * codes and messages to its own exception classes, so the simulator's errors reach Keel exactly as
 * a live venue's would.
 */
export class BinanceError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
    this.name = 'BinanceError';
  }
}

export const binanceErrors = {
  unknownOrder: () => new BinanceError(400, -2013, 'Order does not exist.'),
  cancelUnknownOrder: () => new BinanceError(400, -2011, 'Unknown order sent.'),
  duplicateOrder: () => new BinanceError(400, -2010, 'Duplicate order sent.'),
  invalidSymbol: () => new BinanceError(400, -1121, 'Invalid symbol.'),
  /** Binance's exact message (ccxt matches it to MarketClosed); `why` is for the simulator's own log. */
  marketClosed: (why: string) => Object.assign(new BinanceError(400, -1013, 'Market is closed.'), { why }),
  mandatoryParameter: (name: string) =>
    new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegalParameter: (name: string, detail: string) =>
    new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; ${detail}.`),
  invalidInterval: () => new BinanceError(400, -1120, 'Invalid interval.'),
  apiKeyFormat: () => new BinanceError(401, -2014, 'API-key format invalid.'),
  invalidApiKey: () => new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  badSignature: () => new BinanceError(400, -1022, 'Signature for this request is not valid.'),
  outsideRecvWindow: () =>
    new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new BinanceError(
      429,
      -1003,
      'Too many requests; current limit of the simulator exceeded. Please use the websocket for live updates to avoid polling the API.',
      { 'Retry-After': String(retryAfterSeconds) },
    ),
  serverError: (status: number) =>
    new BinanceError(status, -1001, 'Internal error; unable to process your request. Please try again.'),
  rejectStorm: () => new BinanceError(400, -2010, 'Order rejected by the venue (injected reject storm).'),
  unsupported: (method: string, path: string) =>
    new BinanceError(
      404,
      -1000,
      `The simulator does not implement ${method} ${path}; see GET /sim for what it supports.`,
    ),
};
