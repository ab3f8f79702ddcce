import { EQUITY_PERIOD_MS } from './run-calendar.js';
import { computeRunMetrics, type RunMetrics } from '../metrics/run-metrics.js';
import type { ReportTrade } from '../report/truth-report.js';

/** Daily equity points over a 24/7 market: the metrics' periods per year. */
export const BURN_IN_PERIODS_PER_YEAR = 365;

export type MetricsTrade = Pick<
  ReportTrade,
  'netPnl' | 'fees' | 'returnPct' | 'strategy' | 'probability' | 'outcome' | 'regime' | 'kind' | 'exitKind'
>;

/**
 * A resolved position: a binary-market position held to its market's resolution, the outcome known
 * and the position settled at it by the venue. A binary position sold before its market resolved is a
 * round trip, not a resolved position, even when the market resolved later in the run (its P&L did not
 * depend on the outcome); nor is one still open at the end of the run (marked, not settled).
 */
export function isResolvedPosition(trade: Pick<MetricsTrade, 'kind' | 'exitKind' | 'outcome'>): boolean {
  return trade.kind === 'binary' && trade.exitKind === 'settlement' && trade.outcome !== null;
}

/**
 * A burn-in's metrics from its daily equity and its trades — the one mapping the final report and
 * the running status share. Brier uses one forecast per binary trade whose market's outcome is known:
 * the estimate the money was put on, against the outcome. A spot trade's category is 'spot' (for the
 * category slice); it is never a resolved position, so marketCategories does not count it.
 */
export function burnInMetrics(
  equity: readonly { time: number; equity: number }[],
  trades: readonly MetricsTrade[],
): RunMetrics {
  return computeRunMetrics({
    equity,
    periodsPerYear: BURN_IN_PERIODS_PER_YEAR,
    periodMs: EQUITY_PERIOD_MS,
    trades: trades.map((trade) => ({
      netPnl: trade.netPnl,
      fees: trade.fees,
      returnPct: trade.returnPct,
      strategy: trade.strategy,
      category: trade.regime.category ?? 'spot',
      resolved: isResolvedPosition(trade),
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
