import type { z } from 'zod';
import type { Bar } from '../market-data/bar.js';
import { atrStopFields, configObject, integerAtLeast, numberBetween } from './config-fields.js';
import { fmt } from './decision.js';
import { averageTrueRange, lastN, mean, populationStd } from './indicators.js';
import { spotStrategy, type SpotSignal } from './spot-strategy.js';
import type { Strategy } from './types.js';

export const meanReversionConfigSchema = configObject({
  /** Window of closes (the last one included) for the mean and standard deviation. */
  lookback: integerAtLeast(2, 20),
  entryZ: numberBetween({}, -2),
  exitZ: numberBetween({}, 0),
  ...atrStopFields,
}).superRefine((config, context) => {
  if (config.entryZ >= config.exitZ) {
    context.addIssue({
      code: 'custom',
      path: ['entryZ'],
      message: `expected a number < exitZ (${config.exitZ})`,
    });
  }
});

export type MeanReversionConfig = z.infer<typeof meanReversionConfigSchema>;

/** A z-score of 4 standard deviations counts as full confidence of an oversold entry. */
const FULL_CONFIDENCE_Z = 4;

/** Relative std below which a window counts as flat. */
const NOISE_STD = 1e-12;

/**
 * Long-only mean reversion: z = (last close − mean) / standard deviation over the last `lookback`
 * closes (population deviation, last close included). Buy when flat and z <= entryZ (oversold),
 * sell when z >= exitZ (back at the mean). A window without dispersion has no z-score and gives no
 * signal. Confidence of an entry: |z| / 4, of an exit: 1; hold and no_trade carry 0.
 */
export function createMeanReversion(config: MeanReversionConfig): Strategy {
  return spotStrategy({
    name: 'meanReversion',
    requiredBars: Math.max(config.lookback, config.atrLookback + 1),
    signal: (bars, holding) => meanReversionSignal(bars, holding, config),
  });
}

function meanReversionSignal(
  bars: readonly Bar[],
  holding: boolean,
  config: MeanReversionConfig,
): SpotSignal {
  const { lookback, entryZ, exitZ, atrLookback, stopAtrMultiple } = config;
  const closes = lastN(bars, lookback).map((bar) => bar.close);
  const average = mean(closes);
  const std = populationStd(closes);
  const stopDistance = stopAtrMultiple * averageTrueRange(bars, atrLookback);
  const close = closes[closes.length - 1]!;
  const idle = holding ? ('hold' as const) : ('no_trade' as const);
  // Float noise in the mean of equal closes leaves a tiny std; z would then be noise divided by noise.
  if (!(std > Math.abs(average) * NOISE_STD)) {
    const detail = `${lookback} closes all ${fmt(close)}: no dispersion, no z-score`;
    return { action: idle, key: holding ? 'hold' : 'no_signal', detail, confidence: 0, stopDistance };
  }
  const z = (close - average) / std;
  const describe = (op: string, bound: number) =>
    `z ${fmt(z)} ${op} ${fmt(bound)} (close ${fmt(close)}, ${lookback}-bar mean ${fmt(average)}, std ${fmt(std)})`;
  if (holding) {
    return z >= exitZ
      ? { action: 'exit', key: 'zscore_reverted', detail: describe('>=', exitZ), confidence: 1, stopDistance }
      : { action: 'hold', key: 'hold', detail: describe('<', exitZ), confidence: 0, stopDistance };
  }
  return z <= entryZ
    ? {
        action: 'enter',
        key: 'zscore_oversold',
        detail: describe('<=', entryZ),
        confidence: Math.abs(z) / FULL_CONFIDENCE_Z,
        stopDistance,
      }
    : { action: 'no_trade', key: 'no_signal', detail: describe('>', entryZ), confidence: 0, stopDistance };
}
