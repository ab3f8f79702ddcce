import type { Bar } from '../market-data/bar.js';
import type { ReasonCode } from './reasons.js';

// The contract between strategies and whatever runs them (burn-ins, backtests, live). Strategies
// see only completed bars and current positions, return plain data, and never keep state between
// calls, so the same context always yields the same decisions and replays are exact.

export type SeriesKind = 'spot' | 'binary';

export interface MarketSeries {
  symbol: string;
  kind: SeriesKind;
  /** Completed bars, oldest first. A strategy must itself ignore any bar with closeTime >= decisionTime (defence against look-ahead). */
  bars: readonly Bar[];
  /** Binary prediction markets only: known in advance, like a real market's listing. Price = probability of YES in [0,1]. */
  binary?: { category: string; resolutionTime: number };
}

export interface PositionView {
  symbol: string;
  quantity: number;
  averageEntryPrice: number;
  entryTime: number;
}

export interface DecisionContext {
  /** Epoch ms, market time. */
  decisionTime: number;
  series: readonly MarketSeries[];
  /** Only symbols with quantity > 0. */
  positions: Readonly<Record<string, PositionView>>;
}

export type DecisionAction = 'enter' | 'exit' | 'hold' | 'no_trade';

/**
 * Why a series could not be decided: `warmup_expected` too few completed bars yet (decision.ts
 * warmupDecision), `integration_defect` a bar field NaN, missing or out of range (defectDecision),
 * `unknown` the strategy threw for the series (guarded-decide.ts; the error is the raw reason).
 */
export type SchemaFailClass = 'warmup_expected' | 'integration_defect' | 'unknown';

export interface StrategyDecision {
  strategy: string;
  symbol: string;
  decisionTime: number;
  /** enter = buy (spot is long-only; binary = buy YES), exit = sell the whole position. */
  action: DecisionAction;
  /** `<key>: <human detail>`, e.g. 'donchian_breakout: close 61234.5 > 20-bar high 61000.1'. */
  reasonRaw: string;
  /** From the maintained mapping (reasons.ts). */
  reasonCanonical: ReasonCode;
  /** In [0, 1]. */
  confidence: number;
  /** Last completed close; null when there is no bar (or its close is not a finite number). */
  referencePrice: number | null;
  /** Price units, for fixed-fraction sizing (e.g. an ATR multiple). */
  stopDistance?: number;
  /** Annualised, for volatility targeting, when computable. */
  realizedVolatility?: number;
  /** Binary: the strategy's estimate of P(YES). */
  probability?: number;
  /** Why no decision could be made (warm-up, NaN or missing bar fields…). */
  schemaFail?: { failClass: SchemaFailClass; missingFields: string[] };
}

/**
 * A strategy decides each series on its own: its decisions about a series depend only on that
 * series, the position in it and the decision time, so a runner may decide a series alone
 * (guarded-decide.ts does, to isolate a series the strategy throws for).
 */
export interface Strategy {
  readonly name: string;
  decide(context: DecisionContext): StrategyDecision[];
}
