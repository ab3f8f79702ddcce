/**
 * The input of computeRunMetrics and its validation. Empty series are valid (their metrics are
 * undefined, with reasons); malformed values are not, and throw a RangeError naming field and index.
 */
import type { TradeLike } from './attribution.js';
import { validateForecasts, type ProbabilityForecast } from './brier.js';
import { requireFinite, requirePositive } from './validate.js';

/** Equity at the end of a period; the first point is the starting equity. */
export interface EquityPoint {
  time: number;
  equity: number;
}

export interface RunMetricsInput {
  /** One point per period end, first = starting equity. */
  equity: readonly EquityPoint[];
  /** Periods per year of the equity series (e.g. 365 for daily points), for annualising. */
  periodsPerYear: number;
  /**
   * Length of one period in ms. When given, CAGR counts the calendar time between the first and the
   * last equity point (in periods of this length), not the number of points: a missing mark can then
   * never shorten the run it is annualised over.
   */
  periodMs?: number;
  /** Closed round trips (each `resolved` when a binary position was held to its resolution). */
  trades: readonly TradeLike[];
  forecasts: readonly ProbabilityForecast[];
  /** Target full width of the per-trade Sharpe 95 % interval; default 0.1. */
  sharpeTargetWidth?: number;
  /** Per-trade Sharpe the probabilistic Sharpe ratio compares against; default 0. */
  benchmarkSharpe?: number;
}

/** byRegime has one entry per regime tag key plus this one, so no regime tag may use it. */
export const CATEGORY_SLICE_KEY = 'category';

export function validateRunMetricsInput(input: RunMetricsInput): void {
  requirePositive(input.periodsPerYear, 'periodsPerYear');
  if (input.periodMs !== undefined) requirePositive(input.periodMs, 'periodMs');
  if (input.sharpeTargetWidth !== undefined) requirePositive(input.sharpeTargetWidth, 'sharpeTargetWidth');
  if (input.benchmarkSharpe !== undefined) requireFinite(input.benchmarkSharpe, 'benchmarkSharpe');
  input.equity.forEach((point, index) => {
    requireFinite(point.time, `equity[${index}].time`);
    requirePositive(point.equity, `equity[${index}].equity`);
  });
  input.trades.forEach((trade, index) => {
    requireFinite(trade.netPnl, `trades[${index}].netPnl`);
    requireFinite(trade.fees, `trades[${index}].fees`);
    requireFinite(trade.returnPct, `trades[${index}].returnPct`);
    if (Object.hasOwn(trade.regime, CATEGORY_SLICE_KEY))
      throw new RangeError(
        `trades[${index}].regime must not use the tag key '${CATEGORY_SLICE_KEY}', which is reserved for the category slice`,
      );
  });
  validateForecasts(input.forecasts);
}
