import type { z } from 'zod';
import type { Bar } from '../market-data/bar.js';
import { findBarDefect, recentCompletedBars } from './completed-bars.js';
import { configObject, integerAtLeast, numberBetween } from './config-fields.js';
import {
  bySymbol,
  type DecisionBase,
  decisionBase,
  defectDecision,
  fmt,
  isHolding,
  makeDecision,
} from './decision.js';
import { estimateProbability, estimatorWindow } from './probability-estimate.js';
import type { ReasonKey } from './reasons.js';
import type { DecisionContext, MarketSeries, Strategy, StrategyDecision } from './types.js';

export const probabilityEdgeConfigSchema = configObject({
  estimatorHalfLifeBars: numberBetween({ min: 0, minOpen: true, max: 10_000 }, 24),
  shrinkage: numberBetween({ min: 0, max: 1 }, 0.1),
  /** Smallest estimate − price worth buying YES for. */
  edgeThreshold: numberBetween({ min: 0, minOpen: true, max: 1 }, 0.05),
  /** Sell once the edge has fallen to this (below edgeThreshold, so entries do not flicker). */
  exitEdge: numberBetween({ min: -1, max: 1 }, -0.02),
  /** No new position this close to resolution: too little time for the price to converge to the estimate. */
  minTimeToResolutionMs: integerAtLeast(0, 6 * 3_600_000),
}).superRefine((config, context) => {
  if (config.exitEdge >= config.edgeThreshold) {
    context.addIssue({
      code: 'custom',
      path: ['exitEdge'],
      message: `expected a number < edgeThreshold (${config.edgeThreshold})`,
    });
  }
});

export type ProbabilityEdgeConfig = z.infer<typeof probabilityEdgeConfigSchema>;

/** An edge of 0.25 (25 percentage points) counts as full confidence. */
const FULL_CONFIDENCE_EDGE = 0.25;

const HOUR_MS = 3_600_000;

/**
 * Buys YES in binary prediction markets whose price is below the strategy's own estimate of P(YES)
 * (see estimateProbability), sells when the edge is gone. Decides only for markets open at the
 * decision time: at least one completed bar, and before resolution. Every decision carries the
 * estimate as `probability`, and confidence min(1, |edge| / 0.25).
 */
export function createProbabilityEdge(config: ProbabilityEdgeConfig): Strategy {
  return {
    name: 'probabilityEdge',
    decide(context) {
      const decisions: StrategyDecision[] = [];
      for (const series of context.series) {
        if (series.kind !== 'binary') continue;
        const decision = decideMarket(series, context, config);
        if (decision) decisions.push(decision);
      }
      return bySymbol(decisions);
    },
  };
}

function decideMarket(
  series: MarketSeries,
  context: DecisionContext,
  config: ProbabilityEdgeConfig,
): StrategyDecision | undefined {
  const window = recentCompletedBars(
    series.bars,
    context.decisionTime,
    estimatorWindow(config.estimatorHalfLifeBars),
  );
  if (window.length === 0) return undefined; // not listed yet
  const base = decisionBase('probabilityEdge', series.symbol, context.decisionTime, window);
  const resolutionTime = series.binary?.resolutionTime;
  // Without its resolution time a market cannot be judged open or closed: a feed defect to surface.
  if (resolutionTime === undefined || !Number.isFinite(resolutionTime)) {
    return defectDecision(base, ['binary.resolutionTime'], window[window.length - 1]!.closeTime);
  }
  if (context.decisionTime >= resolutionTime) return undefined; // resolved: nothing left to decide
  const defect = findBarDefect(window, 'binary');
  if (defect) return defectDecision(base, defect.fields, defect.closeTime);
  return edgeDecision(
    base,
    window,
    resolutionTime - context.decisionTime,
    isHolding(context, series.symbol),
    config,
  );
}

function edgeDecision(
  base: DecisionBase,
  bars: readonly Bar[],
  timeToResolutionMs: number,
  holding: boolean,
  config: ProbabilityEdgeConfig,
): StrategyDecision {
  const { estimatorHalfLifeBars, shrinkage, edgeThreshold, exitEdge, minTimeToResolutionMs } = config;
  const price = bars[bars.length - 1]!.close;
  const probability = estimateProbability(bars, estimatorHalfLifeBars, shrinkage);
  const edge = probability - price;
  const confidence = Math.abs(edge) / FULL_CONFIDENCE_EDGE;
  const facts = `estimate ${fmt(probability)} - price ${fmt(price)} = edge ${fmt(edge)}`;
  const decide = (action: StrategyDecision['action'], key: ReasonKey, detail: string) =>
    makeDecision(base, action, key, detail, confidence, { probability });
  if (holding) {
    return edge <= exitEdge
      ? decide('exit', 'edge_gone', `${facts} <= ${fmt(exitEdge)}`)
      : decide('hold', 'hold', `${facts} > ${fmt(exitEdge)}`);
  }
  if (edge < edgeThreshold) return decide('no_trade', 'edge_too_small', `${facts} < ${fmt(edgeThreshold)}`);
  const hoursLeft = `${fmt(timeToResolutionMs / HOUR_MS)}h to resolution`;
  return timeToResolutionMs >= minTimeToResolutionMs
    ? decide('enter', 'edge_entry', `${facts} >= ${fmt(edgeThreshold)}; ${hoursLeft}`)
    : decide(
        'no_trade',
        'too_close_to_resolution',
        `${facts} >= ${fmt(edgeThreshold)} but ${hoursLeft} < ${fmt(minTimeToResolutionMs / HOUR_MS)}h`,
      );
}
