import type { z } from 'zod';
import type { Bar } from '../market-data/bar.js';
import { atrStopFields, configObject, integerAtLeast } from './config-fields.js';
import { fmt } from './decision.js';
import { averageTrueRange, smaOfCloses } from './indicators.js';
import { spotStrategy, type SpotSignal } from './spot-strategy.js';
import type { Strategy } from './types.js';

export const maCrossoverConfigSchema = configObject({
  fastLookback: integerAtLeast(1, 10),
  slowLookback: integerAtLeast(2, 30),
  ...atrStopFields,
}).superRefine((config, context) => {
  if (config.fastLookback >= config.slowLookback) {
    context.addIssue({
      code: 'custom',
      path: ['fastLookback'],
      message: `expected an integer < slowLookback (${config.slowLookback})`,
    });
  }
});

export type MaCrossoverConfig = z.infer<typeof maCrossoverConfigSchema>;

/**
 * Moving-average trend following on closes. The rule is a regime, not an event: be long while the
 * fast SMA is above the slow one. A stateless strategy cannot remember that it saw the cross, and
 * an event rule would never enter if it started (or restarted) mid-trend; so it enters whenever
 * fast > slow and it is flat, and exits whenever fast < slow. Confidence of an entry or exit: the
 * gap between the averages in ATRs, capped at 1; hold and no_trade carry 0.
 */
export function createMaCrossover(config: MaCrossoverConfig): Strategy {
  return spotStrategy({
    name: 'maCrossover',
    requiredBars: Math.max(config.slowLookback, config.atrLookback + 1),
    signal: (bars, holding) => maCrossoverSignal(bars, holding, config),
  });
}

function maCrossoverSignal(bars: readonly Bar[], holding: boolean, config: MaCrossoverConfig): SpotSignal {
  const { fastLookback, slowLookback, atrLookback, stopAtrMultiple } = config;
  const fast = smaOfCloses(bars, fastLookback);
  const slow = smaOfCloses(bars, slowLookback);
  const atr = averageTrueRange(bars, atrLookback);
  const stopDistance = stopAtrMultiple * atr;
  const relation = fast > slow ? '>' : fast < slow ? '<' : '=';
  const detail = `${fastLookback}-bar SMA ${fmt(fast)} ${relation} ${slowLookback}-bar SMA ${fmt(slow)}`;
  const confidence = Math.abs(fast - slow) / atr;
  if (holding) {
    return fast < slow
      ? { action: 'exit', key: 'ma_cross_down', detail, confidence, stopDistance }
      : { action: 'hold', key: 'hold', detail, confidence: 0, stopDistance };
  }
  return fast > slow
    ? { action: 'enter', key: 'ma_cross_up', detail, confidence, stopDistance }
    : { action: 'no_trade', key: 'no_signal', detail, confidence: 0, stopDistance };
}
