// The one sizing contract shared by burn-ins, backtests and live trading, so a strategy is sized
// the same way wherever it runs.

export const SIZING_METHODS = ['fixedFraction', 'volatilityTarget', 'kelly'] as const;

export type SizingMethod = (typeof SIZING_METHODS)[number];

export interface SizingInput {
  symbol: string;
  method: SizingMethod;
  /** Quote currency. */
  equity: number;
  /** Quote currency per unit; for kelly, the YES token price in (0, 1). */
  price: number;
  /** false → quantity 0 ('risk off'). */
  riskOn: boolean;
  /** fixedFraction: quantity = equity × riskFraction / stopDistance (losing stopDistance per unit loses riskFraction of equity). */
  riskFraction?: number;
  stopDistance?: number;
  /** volatilityTarget: notional = equity × baseFraction × clamp(targetVolatility / realizedVolatility, scaleFloor, scaleCap). */
  targetVolatility?: number;
  realizedVolatility?: number;
  baseFraction?: number;
  scaleFloor?: number;
  scaleCap?: number;
  /** kelly (binary YES token at `price`): f* = (p − price) / (1 − price); stake = equity × kellyFraction × max(0, f*); quantity = stake / price. */
  probability?: number;
  kellyFraction?: number;
  /** Caps: notional <= maxNotional and notional <= maxLeverage × equity. */
  maxNotional?: number;
  maxLeverage?: number;
  rules: { stepSize: number; minQty: number; maxQty: number; minNotional: number };
}

/** The structured log line of one sizing: every number that went into the quantity. */
export interface SizingLine {
  symbol: string;
  method: string;
  probability: number | null;
  riskOn: boolean;
  /** Vol-target scale; kellyFraction × max(0, f*) for kelly; 1 for fixed fraction. */
  sizeMultiplier: number;
  /**
   * Quote currency at risk in the final quantity: quantity × stopDistance (fixedFraction);
   * notional × realizedVolatility, the one-year one-sigma move (volatilityTarget); the stake,
   * quantity × price, which a NO outcome loses entirely (kelly).
   */
  riskQuote: number;
  /** quantity × price, rounded to quote decimals. */
  notional: number;
  quantity: number;
  /** Caps that reduced the quantity, in the order applied: maxNotional, maxLeverage, maxQty. */
  cappedBy: string[];
  /** Why the quantity is 0, or null. */
  skippedReason: string | null;
}

export interface SizingResult {
  quantity: number;
  line: SizingLine;
}
