/** Trading rules of one instrument, as a venue publishes them (Binance: exchangeInfo filters). */
export interface InstrumentRules {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** PRICE_FILTER: prices are multiples of tickSize within [minPrice, maxPrice]. */
  tickSize: number;
  minPrice: number;
  maxPrice: number;
  /** LOT_SIZE: quantities are multiples of stepSize within [minQty, maxQty]. */
  stepSize: number;
  minQty: number;
  maxQty: number;
  /** NOTIONAL: price × quantity within [minNotional, maxNotional]. */
  minNotional: number;
  maxNotional: number;
  /** Price collar: a limit price more than this fraction away from the last price is refused (0.1 = ±10 %). */
  priceCollar: number;
}
