/**
 * Every metric a run reports, by name: the vocabulary of gates (domain/gates) and of the burn-in
 * report. Definitions are in the file computing each and in README.md. The counts are named for what
 * they count: `roundTrips` every closed round trip (spot, binary, end-of-run marks), `resolvedPositions`
 * the binary-market positions held to their market's resolution (outcome known, settled by the
 * venue), `marketCategories` the distinct market categories of those resolved positions (spot is no
 * market category).
 */
export const METRIC_NAMES = [
  'roundTrips',
  'resolvedPositions',
  'marketCategories',
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

/**
 * Names older versions used, and what each became. `resolvedTrades` counted every round trip, so it is
 * `roundTrips`; `distinctCategories` counted categories of every trade with spot as one, a count no
 * metric keeps: its gates are read as `marketCategories` (stricter, spot excluded). Only stored plans
 * and configs (written before the rename) are read with these; a new config must use the new names.
 */
export const LEGACY_METRIC_NAMES: Readonly<Record<string, MetricName>> = Object.freeze({
  resolvedTrades: 'roundTrips',
  distinctCategories: 'marketCategories',
});
