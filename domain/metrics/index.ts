// The metrics of a run, for the burn-in report and gates. Definitions: README.md.
export { sliceTrades, type Slice, type SliceableTrade, type TradeLike } from './attribution.js';
export {
  brierDecomposition,
  brierScore,
  type BrierDecomposition,
  type CalibrationBin,
  type ProbabilityForecast,
} from './brier.js';
export { calmarRatio, drawdownSeries, maxDrawdown, type MaxDrawdown } from './drawdown.js';
export { METRIC_NAMES, type MetricName } from './metric-names.js';
export type { MetricValue } from './metric-value.js';
export { kurtosis, mean, sampleStd, skewness } from './moments.js';
export { inverseNormalCdf, normalCdf } from './normal.js';
export {
  annualizedVolatility,
  downsideDeviation,
  sharpePerTrade,
  sharpeRatio,
  sortinoRatio,
} from './ratios.js';
export { cagr, periodReturns } from './returns.js';
export {
  computeRunMetrics,
  DEFAULT_BENCHMARK_SHARPE,
  DEFAULT_SHARPE_TARGET_WIDTH,
  SHARPE_CONFIDENCE,
  UNTAGGED,
  type EquityPoint,
  type RunMetrics,
  type RunMetricsInput,
} from './run-metrics.js';
export {
  furtherObservationsNeeded,
  observationsForIntervalWidth,
  probabilisticSharpeRatio,
  sharpeConfidenceInterval,
  sharpeEstimatorVariance,
  sharpeStandardError,
  type SharpeInterval,
} from './sharpe-inference.js';
export { expectancy, profitFactor, winRate, type TradeOutcome } from './trades.js';
