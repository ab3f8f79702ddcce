import type { z } from 'zod';
import type { Bar } from '../market-data/bar.js';
import { atrStopFields, configObject, integerAtLeast } from './config-fields.js';
import { fmt } from './decision.js';
import { averageTrueRange, highestHigh, lastN, lowestLow } from './indicators.js';
import { spotStrategy, type SpotSignal } from './spot-strategy.js';
import type { Strategy } from './types.js';

export const donchianConfigSchema = configObject({
  /** Breakout channel: the highest high of this many bars before the last. */
  entryLookback: integerAtLeast(2, 20),
  /** Exit channel: the lowest low of this many bars before the last (shorter, so exits come sooner). */
  exitLookback: integerAtLeast(2, 10),
  ...atrStopFields,
});

export type DonchianConfig = z.infer<typeof donchianConfigSchema>;

/**
 * Donchian breakout trend following (the Turtle rule): buy when the last close breaks above the
 * highest high of the previous entryLookback bars, sell when it breaks below the lowest low of the
 * previous exitLookback bars. The last bar is excluded from its own channel, otherwise a close
 * could never exceed it. Confidence of an entry or exit: how far beyond the channel the close is,
 * in ATRs, capped at 1; hold and no_trade carry 0.
 */
export function createDonchian(config: DonchianConfig): Strategy {
  const { entryLookback, exitLookback, atrLookback } = config;
  return spotStrategy({
    name: 'donchian',
    // The ATR of atrLookback bars reads one close before them.
    requiredBars: Math.max(entryLookback, exitLookback, atrLookback) + 1,
    signal: (bars, holding) => donchianSignal(bars, holding, config),
  });
}

function donchianSignal(bars: readonly Bar[], holding: boolean, config: DonchianConfig): SpotSignal {
  const { entryLookback, exitLookback, atrLookback, stopAtrMultiple } = config;
  const close = bars[bars.length - 1]!.close;
  const previous = bars.slice(0, -1);
  const atr = averageTrueRange(bars, atrLookback);
  const stopDistance = stopAtrMultiple * atr;
  if (holding) {
    const low = lowestLow(lastN(previous, exitLookback));
    const broken = close < low;
    const detail = `close ${fmt(close)} ${broken ? '<' : '>='} ${exitLookback}-bar low ${fmt(low)}`;
    return broken
      ? { action: 'exit', key: 'donchian_breakdown', detail, confidence: (low - close) / atr, stopDistance }
      : { action: 'hold', key: 'hold', detail, confidence: 0, stopDistance };
  }
  const high = highestHigh(lastN(previous, entryLookback));
  const broken = close > high;
  const detail = `close ${fmt(close)} ${broken ? '>' : '<='} ${entryLookback}-bar high ${fmt(high)}`;
  return broken
    ? { action: 'enter', key: 'donchian_breakout', detail, confidence: (close - high) / atr, stopDistance }
    : { action: 'no_trade', key: 'no_signal', detail, confidence: 0, stopDistance };
}
