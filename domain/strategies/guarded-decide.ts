import { decisionBase, makeDecision } from './decision.js';
import { recentCompletedBars } from './completed-bars.js';
import type { DecisionContext, MarketSeries, Strategy, StrategyDecision } from './types.js';

/** Longest error message kept in a decision's raw reason (it lands in decisions.csv). */
const MAX_MESSAGE_LENGTH = 300;

/**
 * `strategy.decide(context)`, failing closed per series instead of failing the whole decision
 * point. When the strategy throws, each series is decided again on its own (strategies decide every
 * series independently, see `Strategy`): a series whose call succeeds keeps its decisions, and a
 * series whose call throws gets one `no_trade` decision with reason `strategy_error: <message>`
 * (canonical STRATEGY_ERROR), confidence 0 and schema-fail class `unknown` — no order, recorded like
 * any other decision, and counted by the export's schema diagnostics and delivery health as a
 * non-warm-up failure. If no single series reproduces the throw, every series of the context gets
 * that decision. A strategy that throws with no series at all has nothing to record against: the
 * error is rethrown. Without a throw, the strategy's decisions are returned as they are.
 */
export function decideGuarded(strategy: Strategy, context: DecisionContext): StrategyDecision[] {
  try {
    return strategy.decide(context);
  } catch (error) {
    if (context.series.length === 0) throw error;
    const perSeries = context.series.map((series) => decideOne(strategy, context, series));
    const failed = perSeries.filter((outcome) => outcome.error !== undefined);
    if (failed.length === 0)
      return context.series.map((series) => strategyErrorDecision(strategy.name, context, series, error));
    return perSeries.flatMap((outcome, i) =>
      outcome.error === undefined
        ? outcome.decisions
        : [strategyErrorDecision(strategy.name, context, context.series[i]!, outcome.error.cause)],
    );
  }
}

type SeriesOutcome = { decisions: StrategyDecision[]; error?: undefined } | { error: { cause: unknown } };

function decideOne(strategy: Strategy, context: DecisionContext, series: MarketSeries): SeriesOutcome {
  try {
    return { decisions: strategy.decide({ ...context, series: [series] }) };
  } catch (cause) {
    return { error: { cause } };
  }
}

/** The `no_trade` decision of a series the strategy could not decide because it threw. */
export function strategyErrorDecision(
  strategy: string,
  context: DecisionContext,
  series: MarketSeries,
  error: unknown,
): StrategyDecision {
  // Only bars completed before the decision time: the reference price must not look ahead either.
  const bars = recentCompletedBars(series.bars, context.decisionTime, 1);
  return makeDecision(
    decisionBase(strategy, series.symbol, context.decisionTime, bars),
    'no_trade',
    'strategy_error',
    errorMessage(error),
    0,
    { schemaFail: { failClass: 'unknown', missingFields: [] } },
  );
}

/** One line, bounded: `<Name>: <message>` of an Error, the text of anything else thrown. */
export function errorMessage(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === 'string'
        ? error
        : safeString(error);
  const line = text.replace(/\s+/g, ' ').trim() || '(no message)';
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : line;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
