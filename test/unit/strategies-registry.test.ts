import { describe, expect, it } from 'vitest';
import { resolveStrategy, STRATEGY_NAMES } from '../../domain/strategies/registry.js';

describe('resolveStrategy', () => {
  it('resolves every registered name with all defaults applied', () => {
    const defaults = Object.fromEntries(
      STRATEGY_NAMES.map((name) => [name, resolveStrategy(name, undefined).config]),
    );
    expect(defaults).toEqual({
      donchian: { entryLookback: 20, exitLookback: 10, atrLookback: 14, stopAtrMultiple: 2 },
      maCrossover: { fastLookback: 10, slowLookback: 30, atrLookback: 14, stopAtrMultiple: 2 },
      meanReversion: { lookback: 20, entryZ: -2, exitZ: 0, atrLookback: 14, stopAtrMultiple: 2 },
      buyAndHold: { atrLookback: 14, stopAtrMultiple: 2 },
      noTrade: {},
      probabilityEdge: {
        estimatorHalfLifeBars: 24,
        shrinkage: 0.1,
        edgeThreshold: 0.05,
        exitEdge: -0.02,
        minTimeToResolutionMs: 21_600_000,
      },
    });
    for (const name of STRATEGY_NAMES) expect(resolveStrategy(name, {}).strategy.name).toBe(name);
  });

  it('gives a canonical config that ignores key order and spelled-out defaults', () => {
    const short = resolveStrategy('donchian', { entryLookback: 55 });
    const spelled = resolveStrategy('donchian', {
      stopAtrMultiple: 2,
      atrLookback: 14,
      exitLookback: 10,
      entryLookback: 55,
    });
    expect(short.canonicalConfig).toBe(
      '{"config":{"atrLookback":14,"entryLookback":55,"exitLookback":10,"stopAtrMultiple":2},"name":"donchian"}',
    );
    expect(spelled.canonicalConfig).toBe(short.canonicalConfig);
    expect(resolveStrategy('donchian', {}).canonicalConfig).not.toBe(short.canonicalConfig);
  });

  it('refuses an unknown name, listing the valid ones', () => {
    expect(() => resolveStrategy('turtle', {})).toThrow(
      'unknown strategy "turtle"; valid names: donchian, maCrossover, meanReversion, buyAndHold, noTrade, probabilityEdge',
    );
    expect(() => resolveStrategy('constructor', {})).toThrow(/unknown strategy/);
  });

  it.each([
    ['donchian', { entryLookback: 1 }, 'strategy donchian: config.entryLookback: expected an integer >= 2'],
    [
      'donchian',
      { entryLookback: 20.5 },
      'strategy donchian: config.entryLookback: expected an integer >= 2',
    ],
    ['donchian', { exitLookback: '10' }, 'strategy donchian: config.exitLookback: expected an integer >= 2'],
    [
      'donchian',
      { stopAtrMultiple: 0 },
      'strategy donchian: config.stopAtrMultiple: expected a finite number > 0',
    ],
    ['donchian', null, 'strategy donchian: config: expected an object'],
    [
      'donchian',
      { entrylookback: 20 },
      'strategy donchian: config.entrylookback: unknown key, expected one of entryLookback, exitLookback, atrLookback, stopAtrMultiple',
    ],
    [
      'maCrossover',
      { fastLookback: 30 },
      'strategy maCrossover: config.fastLookback: expected an integer < slowLookback (30)',
    ],
    [
      'meanReversion',
      { entryZ: 0.5 },
      'strategy meanReversion: config.entryZ: expected a number < exitZ (0)',
    ],
    ['noTrade', { anything: 1 }, 'strategy noTrade: config.anything: unknown key, expected no keys'],
    [
      'probabilityEdge',
      { shrinkage: 1.5, exitEdge: Number.NaN },
      'strategy probabilityEdge: config.shrinkage: expected a finite number >= 0 and <= 1; config.exitEdge: expected a finite number >= -1 and <= 1',
    ],
    [
      'probabilityEdge',
      { exitEdge: 0.1 },
      'strategy probabilityEdge: config.exitEdge: expected a number < edgeThreshold (0.05)',
    ],
  ])('%s %j → %s', (name, config, message) => {
    expect(() => resolveStrategy(name, config)).toThrow(message);
  });
});
