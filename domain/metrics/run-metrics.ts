/**
 * The one entry point: every metric of a run (a backtest, a paper burn-in) from its equity curve,
 * closed round trips and probability forecasts, each as a MetricValue that says why when it is
 * undefined, plus the series and slices the report draws. Definitions: README.md.
 *
 * - Period metrics (sharpe, sortino, volatility, cagr, calmar, drawdowns) come from the equity
 *   curve, annualised with `periodsPerYear`; cagr uses equity.length − 1 periods, or the calendar
 *   time from the first to the last point in periods of `periodMs` when that is given.
 * - Counts: roundTrips (every trade given), resolvedPositions (the trades marked `resolved`: binary
 *   positions held to their market's resolution) and marketCategories (distinct categories of those).
 * - Trade metrics (sharpePerTrade and its inference, winRate, profitFactor, expectancy, skewness and
 *   kurtosis) use every trade; the Sharpe inference uses n = roundTrips, the population skewness
 *   and non-excess kurtosis of returnPct and a 95 % two-sided interval.
 * - byStrategy slices trades by strategy; byRegime has one entry per regime tag key seen on any trade
 *   (a trade without that tag goes to the '(untagged)' slice) plus 'category'.
 *
 * Never throws on empty input; throws a RangeError for malformed input (run-metrics-input.ts).
 */
import { sliceTrades, type Slice } from './attribution.js';
import { brierDecomposition, type CalibrationBin } from './brier.js';
import { calmarRatio, drawdownSeries, maxDrawdown, type MaxDrawdown } from './drawdown.js';
import type { MetricName } from './metric-names.js';
import { measured, type MetricValue } from './metric-value.js';
import { kurtosis, sampleStd, skewness } from './moments.js';
import { annualizedVolatility, sharpePerTrade, sharpeRatio, sortinoRatio } from './ratios.js';
import { cagr, periodReturns } from './returns.js';
import { CATEGORY_SLICE_KEY, validateRunMetricsInput, type RunMetricsInput } from './run-metrics-input.js';
import {
  furtherObservationsNeeded,
  probabilisticSharpeRatio,
  sharpeConfidenceInterval,
  sharpeEstimatorVariance,
} from './sharpe-inference.js';
import { expectancy, profitFactor, winRate } from './trades.js';

export type { EquityPoint, RunMetricsInput } from './run-metrics-input.js';

export interface RunMetrics {
  values: Record<MetricName, MetricValue>;
  periodReturns: number[];
  /** Fraction below the running peak at each equity point. */
  drawdown: number[];
  maxDrawdown: MaxDrawdown;
  calibrationBins: CalibrationBin[];
  byStrategy: Slice[];
  byRegime: Record<string, Slice[]>;
}

export const DEFAULT_SHARPE_TARGET_WIDTH = 0.1;
export const DEFAULT_BENCHMARK_SHARPE = 0;
export const SHARPE_CONFIDENCE = 0.95;
export const UNTAGGED = '(untagged)';

function count(value: number): MetricValue {
  return { value, defined: true };
}

function sliceByRegime(trades: RunMetricsInput['trades']): Record<string, Slice[]> {
  const tagKeys = [...new Set(trades.flatMap((trade) => Object.keys(trade.regime)))].sort();
  const entries: [string, Slice[]][] = tagKeys.map((tag) => [
    tag,
    sliceTrades(trades, (trade) => (Object.hasOwn(trade.regime, tag) ? trade.regime[tag]! : UNTAGGED)),
  ]);
  entries.push([CATEGORY_SLICE_KEY, sliceTrades(trades, (trade) => trade.category)]);
  // fromEntries defines own properties, so even a tag named '__proto__' is an ordinary key.
  return Object.fromEntries(entries);
}

export function computeRunMetrics(input: RunMetricsInput): RunMetrics {
  validateRunMetricsInput(input);
  const ppy = input.periodsPerYear;
  const equity = input.equity.map((point) => point.equity);
  const returns = periodReturns(equity);
  const drawdown = maxDrawdown(equity);
  const periods =
    input.periodMs === undefined || equity.length < 2
      ? equity.length - 1
      : (input.equity.at(-1)!.time - input.equity[0]!.time) / input.periodMs;
  const growth = equity.length >= 2 ? cagr(equity[0]!, equity.at(-1)!, periods, ppy) : NaN;

  const trades = input.trades;
  const tradeReturns = trades.map((trade) => trade.returnPct);
  const n = trades.length;
  const resolved = trades.filter((trade) => trade.resolved === true);
  const sr = sharpePerTrade(tradeReturns);
  const skew = skewness(tradeReturns);
  const kurt = kurtosis(tradeReturns);
  const interval = sharpeConfidenceInterval(sr, n, skew, kurt, SHARPE_CONFIDENCE);
  const width = input.sharpeTargetWidth ?? DEFAULT_SHARPE_TARGET_WIDTH;
  const benchmark = input.benchmarkSharpe ?? DEFAULT_BENCHMARK_SHARPE;
  const brier = brierDecomposition(input.forecasts);

  const fewerThan2Returns = [returns.length < 2, 'fewer than 2 period returns'] as const;
  const flatReturns = [sampleStd(returns) === 0, 'zero variance of period returns'] as const;
  const noEquity = [equity.length === 0, 'no equity points'] as const;
  const noTrades = [n === 0, 'no trades'] as const;
  const fewerThan2Trades = [n < 2, 'fewer than 2 trades'] as const;
  const flatTrades = [sampleStd(tradeReturns) === 0, 'zero variance of trade returns'] as const;
  const noForecasts = [input.forecasts.length === 0, 'no forecasts'] as const;
  const zeroEstimatorVariance = [
    sharpeEstimatorVariance(sr, skew, kurt) === 0,
    'zero estimated variance of the per-trade Sharpe ratio',
  ] as const;

  const values: Record<MetricName, MetricValue> = {
    roundTrips: count(n),
    resolvedPositions: count(resolved.length),
    marketCategories: count(new Set(resolved.map((trade) => trade.category)).size),
    totalNetPnl: measured(trades.reduce((sum, trade) => sum + trade.netPnl, 0)),
    totalFees: measured(trades.reduce((sum, trade) => sum + trade.fees, 0)),
    sharpe: measured(sharpeRatio(returns, ppy), fewerThan2Returns, flatReturns),
    sharpePerTrade: measured(sr, fewerThan2Trades, flatTrades),
    sortino: measured(
      sortinoRatio(returns, ppy),
      [returns.length === 0, 'no period returns'],
      [true, 'no negative period returns'],
    ),
    calmar: measured(
      calmarRatio(growth, drawdown.maxDrawdownPct),
      [equity.length < 2, 'fewer than 2 equity points'],
      [drawdown.maxDrawdownPct === 0, 'zero max drawdown'],
    ),
    maxDrawdownPct: measured(drawdown.maxDrawdownPct, noEquity),
    maxDrawdownDurationPeriods: measured(drawdown.durationPeriods, noEquity),
    longestDrawdownPeriods: measured(drawdown.longestDurationPeriods, noEquity),
    cagr: measured(growth, [equity.length < 2, 'fewer than 2 equity points']),
    volatility: measured(annualizedVolatility(returns, ppy), fewerThan2Returns),
    winRate: measured(winRate(trades), noTrades),
    profitFactor: measured(profitFactor(trades), noTrades, [true, 'no losing trades']),
    expectancy: measured(expectancy(trades), noTrades),
    tradeReturnSkewness: measured(skew, noTrades, flatTrades),
    tradeReturnKurtosis: measured(kurt, noTrades, flatTrades),
    brier: measured(brier.brier, noForecasts),
    brierReliability: measured(brier.reliability, noForecasts),
    brierResolution: measured(brier.resolution, noForecasts),
    brierUncertainty: measured(brier.uncertainty, noForecasts),
    forecasts: count(input.forecasts.length),
    sharpePerTradeStandardError: measured(interval.standardError, fewerThan2Trades, flatTrades),
    sharpePerTradeCiLower: measured(interval.lower, fewerThan2Trades, flatTrades),
    sharpePerTradeCiUpper: measured(interval.upper, fewerThan2Trades, flatTrades),
    furtherTradesForTargetWidth: measured(
      furtherObservationsNeeded(n, sr, skew, kurt, width, SHARPE_CONFIDENCE),
      fewerThan2Trades,
      flatTrades,
    ),
    probabilisticSharpeRatio: measured(
      probabilisticSharpeRatio(sr, benchmark, n, skew, kurt),
      fewerThan2Trades,
      flatTrades,
      zeroEstimatorVariance,
    ),
  };

  return {
    values,
    periodReturns: returns,
    drawdown: drawdownSeries(equity),
    maxDrawdown: drawdown,
    calibrationBins: brier.calibrationBins,
    byStrategy: sliceTrades(trades, (trade) => trade.strategy),
    byRegime: sliceByRegime(trades),
  };
}
