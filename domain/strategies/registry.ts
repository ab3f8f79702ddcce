import type { z } from 'zod';
import { canonicalJson } from '../../lib/canonical-json.js';
import { buyAndHoldConfigSchema, createBuyAndHold } from './buy-and-hold.js';
import { createDonchian, donchianConfigSchema } from './donchian.js';
import { createMaCrossover, maCrossoverConfigSchema } from './ma-crossover.js';
import { createMeanReversion, meanReversionConfigSchema } from './mean-reversion.js';
import { createNoTrade, noTradeConfigSchema } from './no-trade.js';
import { createProbabilityEdge, probabilityEdgeConfigSchema } from './probability-edge.js';
import type { Strategy } from './types.js';

export const STRATEGY_NAMES = [
  'donchian',
  'maCrossover',
  'meanReversion',
  'buyAndHold',
  'noTrade',
  'probabilityEdge',
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

interface Entry {
  schema: z.ZodType;
  /** Builds the strategy from a config this entry's schema produced. */
  build: (config: unknown) => Strategy;
}

const entry = <Schema extends z.ZodType>(
  schema: Schema,
  create: (config: z.output<Schema>) => Strategy,
): Entry => ({ schema, build: (config) => create(config as z.output<Schema>) });

const REGISTRY: { [Name in StrategyName]: Entry } = {
  donchian: entry(donchianConfigSchema, createDonchian),
  maCrossover: entry(maCrossoverConfigSchema, createMaCrossover),
  meanReversion: entry(meanReversionConfigSchema, createMeanReversion),
  buyAndHold: entry(buyAndHoldConfigSchema, createBuyAndHold),
  noTrade: entry(noTradeConfigSchema, createNoTrade),
  probabilityEdge: entry(probabilityEdgeConfigSchema, createProbabilityEdge),
};

export interface ResolvedStrategy {
  strategy: Strategy;
  name: StrategyName;
  /** The parsed config, every default filled in: what actually runs. */
  config: Readonly<Record<string, unknown>>;
  /**
   * canonicalJson({ name, config }): the identity of the strategy as run. The runtime hashes it
   * (SHA-256) to label burn-ins and backtests; domain code cannot import crypto. Two configs that
   * differ only by spelling out a default resolve to the same text.
   */
  canonicalConfig: string;
}

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * A strategy by name with its config validated. An absent config (undefined) means all defaults.
 * Errors name the strategy, the field path and what was expected, e.g.
 * `strategy donchian: config.entryLookback: expected an integer >= 2`.
 */
export function resolveStrategy(name: string, rawConfig: unknown): ResolvedStrategy {
  if (!isStrategyName(name)) {
    throw new Error(`unknown strategy ${JSON.stringify(name)}; valid names: ${STRATEGY_NAMES.join(', ')}`);
  }
  const { schema, build } = REGISTRY[name];
  const parsed = schema.safeParse(rawConfig === undefined ? {} : rawConfig);
  if (!parsed.success) {
    // Every field has a default, so the keys of the all-defaults config are exactly the valid keys.
    const validKeys = Object.keys(schema.parse({}) as object);
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, validKeys));
    throw new Error(`strategy ${name}: ${problems.join('; ')}`);
  }
  const config = parsed.data as Record<string, unknown>;
  return { strategy: build(config), name, config, canonicalConfig: canonicalJson({ name, config }) };
}

function describeIssue(issue: z.core.$ZodIssue, validKeys: string[]): string[] {
  const path = ['config', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const expected = validKeys.length === 0 ? 'no keys' : `one of ${validKeys.join(', ')}`;
    return issue.keys.map((key) => `${path}.${key}: unknown key, expected ${expected}`);
  }
  return [`${path}: ${issue.message}`];
}
