import type { Bar } from '../market-data/bar.js';
import { findBarDefect, recentCompletedBars } from './completed-bars.js';
import {
  bySymbol,
  decisionBase,
  defectDecision,
  isHolding,
  makeDecision,
  warmupDecision,
} from './decision.js';
import type { ReasonKey } from './reasons.js';
import { annualisedVolatility, VOLATILITY_RETURNS } from './realized-volatility.js';
import type { DecisionAction, Strategy } from './types.js';

/** What a spot rule says about one series, given clean bars. */
export interface SpotSignal {
  action: DecisionAction;
  key: ReasonKey;
  detail: string;
  confidence: number;
  stopDistance?: number;
}

export interface SpotRule {
  name: string;
  /** Completed bars the rule needs before it can say anything (warm-up below it). */
  requiredBars: number;
  /**
   * The rule proper. `bars` are the newest completed bars (at least requiredBars, all checked
   * finite and positive); `holding` tells whether a position is open.
   */
  signal(bars: readonly Bar[], holding: boolean): SpotSignal;
}

/**
 * The shared frame of every long-only spot strategy: one decision per spot series, sorted by
 * symbol; bars at or after the decision time ignored; a defect in any bar the decision reads (the
 * rule's window and the volatility window) reported as DATA_DEFECT before anything is computed;
 * too few bars reported as WARMUP; realised volatility attached whenever computable.
 */
export function spotStrategy(rule: SpotRule): Strategy {
  const windowSize = Math.max(rule.requiredBars, VOLATILITY_RETURNS + 1);
  return {
    name: rule.name,
    decide(context) {
      const decisions = context.series
        .filter((series) => series.kind === 'spot')
        .map((series) => {
          const window = recentCompletedBars(series.bars, context.decisionTime, windowSize);
          const base = decisionBase(rule.name, series.symbol, context.decisionTime, window);
          const defect = findBarDefect(window, 'spot');
          if (defect) return defectDecision(base, defect.fields, defect.closeTime);
          // The window holds every completed bar when there are fewer than requiredBars.
          if (window.length < rule.requiredBars)
            return warmupDecision(base, window.length, rule.requiredBars);
          const signal = rule.signal(window, isHolding(context, series.symbol));
          return makeDecision(base, signal.action, signal.key, signal.detail, signal.confidence, {
            // A zero stop (a series that never moved) would size an infinite position: leave it out.
            stopDistance: positiveOrUndefined(signal.stopDistance),
            realizedVolatility: annualisedVolatility(window),
          });
        });
      return bySymbol(decisions);
    },
  };
}

function positiveOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
