import type { z } from 'zod';
import { atrStopFields, configObject } from './config-fields.js';
import { fmt } from './decision.js';
import { averageTrueRange } from './indicators.js';
import { spotStrategy } from './spot-strategy.js';
import type { Strategy } from './types.js';

export const buyAndHoldConfigSchema = configObject({ ...atrStopFields });

export type BuyAndHoldConfig = z.infer<typeof buyAndHoldConfigSchema>;

/**
 * The passive benchmark: buy every spot series at the first decision that has a completed bar, then
 * hold forever. Stateless like the others, so "once" means "whenever flat": if something else
 * closed the position, it buys again. The stop distance uses the ATR of the bars there are (up to
 * atrLookback), so fixed-fraction sizing works from the first bar. Confidence 1: the rule is
 * unconditional.
 */
export function createBuyAndHold(config: BuyAndHoldConfig): Strategy {
  return spotStrategy({
    name: 'buyAndHold',
    requiredBars: 1,
    signal(bars, holding) {
      const close = bars[bars.length - 1]!.close;
      const stopDistance = config.stopAtrMultiple * averageTrueRange(bars, config.atrLookback);
      return holding
        ? { action: 'hold', key: 'hold', detail: `holding; close ${fmt(close)}`, confidence: 1, stopDistance }
        : {
            action: 'enter',
            key: 'buy_and_hold',
            detail: `flat; buy at close ${fmt(close)} and hold`,
            confidence: 1,
            stopDistance,
          };
    },
  });
}
