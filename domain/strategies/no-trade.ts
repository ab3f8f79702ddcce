import type { z } from 'zod';
import { recentCompletedBars } from './completed-bars.js';
import { bySymbol, decisionBase, makeDecision } from './decision.js';
import { configObject } from './config-fields.js';
import type { Strategy } from './types.js';

export const noTradeConfigSchema = configObject({});

export type NoTradeConfig = z.infer<typeof noTradeConfigSchema>;

/**
 * The null baseline: never trades, so a burn-in or backtest can compare every strategy against
 * doing nothing (fees and slippage included). It reads no bar beyond the reference price, so it has
 * no warm-up and no data defects. Confidence 1: the rule is unconditional.
 */
export function createNoTrade(_config: NoTradeConfig = {}): Strategy {
  return {
    name: 'noTrade',
    decide(context) {
      return bySymbol(
        context.series
          .filter((series) => series.kind === 'spot')
          .map((series) => {
            const bars = recentCompletedBars(series.bars, context.decisionTime, 1);
            const base = decisionBase('noTrade', series.symbol, context.decisionTime, bars);
            return makeDecision(base, 'no_trade', 'baseline', 'never trades', 1);
          }),
      );
    },
  };
}
