/**
 * Every metric a run reports, by name: the vocabulary of gates (domain/gates) and of the burn-in
 * report. Definitions are in the file computing each and in README.md.
 */
export const METRIC_NAMES = [
  'resolvedTrades',
  'distinctCategories',
  'totalNetPnl',
  'totalFees',
  'sharpe',
  'sharpePerTrade',
  'sortino',
  'calmar',
  'maxDrawdownPct',
  'maxDrawdownDurationPeriods',
  'longestDrawdownPeriods',
  'cagr',
  'volatility',
  'winRate',
  'profitFactor',
  'expectancy',
  'tradeReturnSkewness',
  'tradeReturnKurtosis',
  'brier',
  'brierReliability',
  'brierResolution',
  'brierUncertainty',
  'forecasts',
  'sharpePerTradeStandardError',
  'sharpePerTradeCiLower',
  'sharpePerTradeCiUpper',
  'furtherTradesForTargetWidth',
  'probabilisticSharpeRatio',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
