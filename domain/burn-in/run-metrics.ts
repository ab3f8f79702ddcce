import { computeRunMetrics, type RunMetrics } from '../metrics/run-metrics.js';
import type { ReportTrade } from '../report/truth-report.js';

/** Daily equity points over a 24/7 market: the metrics' periods per year. */
export const BURN_IN_PERIODS_PER_YEAR = 365;

export type MetricsTrade = Pick<
  ReportTrade,
  'netPnl' | 'fees' | 'returnPct' | 'strategy' | 'probability' | 'outcome' | 'regime'
>;

/**
 * A burn-in's metrics from its daily equity and its trades — the one mapping the final report and
 * the running status share. Brier uses one forecast per binary trade: the estimate the money was
 * put on, against the market's outcome.
 */
export function burnInMetrics(
  equity: readonly { time: number; equity: number }[],
  trades: readonly MetricsTrade[],
): RunMetrics {
  return computeRunMetrics({
    equity,
    periodsPerYear: BURN_IN_PERIODS_PER_YEAR,
    trades: trades.map((trade) => ({
      netPnl: trade.netPnl,
      fees: trade.fees,
      returnPct: trade.returnPct,
      strategy: trade.strategy,
      category: trade.regime.category ?? 'spot',
      // 'category' is sliced on its own; the other tags are regimes.
      regime: {
        volatility: trade.regime.volatility ?? 'unknown',
        timeToResolution: trade.regime.timeToResolution ?? 'n/a',
      },
    })),
    forecasts: trades
      .filter((trade) => trade.probability !== null && trade.outcome !== null)
      .map((trade) => ({ probability: trade.probability!, outcome: trade.outcome! })),
  });
}
