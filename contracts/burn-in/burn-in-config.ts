import { z } from 'zod';
import { DEFAULT_BURN_IN_GATES, GateSpecsSchema } from '../../domain/gates/index.js';
import { STRATEGY_NAMES, resolveStrategy } from '../../domain/strategies/registry.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';

const SPOT_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

const spotSizing = z
  .strictObject({
    method: z.enum(['fixedFraction', 'volatilityTarget']).default('volatilityTarget'),
    riskFraction: z.number().gt(0).max(0.1).default(0.01),
    targetVolatility: z.number().gt(0).max(5).default(0.3),
    baseFraction: z.number().gt(0).max(1).default(0.1),
    scaleFloor: z.number().gt(0).max(10).default(0.25),
    scaleCap: z.number().gt(0).max(10).default(2),
    maxNotional: z.number().gt(0).default(20_000),
    maxLeverage: z.number().gt(0).max(10).default(1),
  })
  .refine((s) => s.scaleFloor <= s.scaleCap, {
    message: 'scaleFloor must be <= scaleCap',
    path: ['scaleFloor'],
  });

const binarySizing = z.strictObject({
  kellyFraction: z.number().gt(0).max(1).default(0.25),
  maxNotional: z.number().gt(0).default(2_000),
  maxLeverage: z.number().gt(0).max(10).default(1),
});

const strategyEntry = z.strictObject({
  name: z.enum(STRATEGY_NAMES),
  config: z.record(z.string(), z.unknown()).default({}),
});

/**
 * A burn-in run: which strategies trade what, over which market time, how fast, sized how, judged
 * by which gates. Everything that can change a result is here, and its canonical form is hashed.
 */
export const BurnInConfigSchema = z
  .strictObject({
    account: z.string().regex(ACCOUNT_NAME_PATTERN, `${ACCOUNT_NAME_RULE} (a simulated account name)`),
    /** Spot strategies trade `spot`; the probability-edge strategy trades the binary markets. */
    strategies: z.array(strategyEntry).min(1),
    spot: z.array(z.enum(SPOT_SYMBOLS)).default([...SPOT_SYMBOLS]),
    binaryMarkets: z
      .strictObject({
        count: z.number().int().min(0).max(100).default(50),
        categories: z
          .array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/))
          .min(1)
          .default(['politics', 'sports', 'crypto', 'economics']),
      })
      .default({ count: 50, categories: ['politics', 'sports', 'crypto', 'economics'] }),
    market: z
      .strictObject({
        start: z.iso.datetime().default('2026-01-01T00:00:00Z'),
        days: z.number().int().min(1).max(365).default(30),
        intervalMs: z.number().int().min(60_000).max(86_400_000).default(3_600_000),
        /** Bars of history before the first decision, so indicators are warm. */
        warmupBars: z.number().int().min(0).max(1000).default(48),
        /**
         * Spot data from CSV files (Binance klines or generic OHLCV) instead of the seeded generator:
         * one file per spot symbol, read by the venue simulator; they must cover the warm-up and the
         * window. Binary markets stay synthetic (seeded).
         */
        csv: z
          .strictObject({
            format: z.enum(['binance', 'ohlcv']),
            files: z.record(z.string().regex(/^[A-Z0-9]{2,20}$/), z.string().min(1)),
          })
          .optional(),
      })
      .default({ start: '2026-01-01T00:00:00Z', days: 30, intervalMs: 3_600_000, warmupBars: 48 }),
    /** A decision point every this many bars. */
    cadenceBars: z.number().int().min(1).max(1000).default(1),
    /** accelerated: Keel drives the venue's clock; realtime: market time follows the wall clock. */
    mode: z.enum(['accelerated', 'realtime']).default('accelerated'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42),
    startingBalance: z.number().gt(0).default(100_000),
    sizing: z
      .strictObject({
        spot: spotSizing.default(spotSizing.parse({})),
        binary: binarySizing.default(binarySizing.parse({})),
      })
      .default({ spot: spotSizing.parse({}), binary: binarySizing.parse({}) }),
    gates: GateSpecsSchema.default([...DEFAULT_BURN_IN_GATES]),
    /**
     * An accelerated run held by a halted desk waits for an operator this long (wall minutes), then
     * ends ERROR with the desk's reason rather than wait forever unattended.
     */
    maxHaltedMinutes: z.number().min(1).max(100_000).default(60),
    /** Decision cycles per workflow run before continue-as-new. */
    chunkCycles: z.number().int().min(10).max(10_000).default(200),
  })
  .superRefine((config, context) => {
    config.strategies.forEach((entry, index) => {
      try {
        resolveStrategy(entry.name, entry.config);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          path: ['strategies', index, 'config'],
          message: (error as Error).message,
        });
      }
    });
    const csv = config.market.csv;
    if (csv) {
      for (const symbol of config.spot)
        if (!(symbol in csv.files))
          context.addIssue({
            code: 'custom',
            path: ['market', 'csv', 'files', symbol],
            message: `no CSV file for ${symbol}; give one per spot symbol or drop it from "spot"`,
          });
      for (const symbol of Object.keys(csv.files))
        if (!(config.spot as string[]).includes(symbol))
          context.addIssue({
            code: 'custom',
            path: ['market', 'csv', 'files', symbol],
            message: `${symbol} is not among "spot" (${config.spot.join(', ')})`,
          });
    }
    const spotStrategies = config.strategies.filter((s) => s.name !== 'probabilityEdge').length;
    const binaryStrategies = config.strategies.filter((s) => s.name === 'probabilityEdge').length;
    if (spotStrategies > 1 || binaryStrategies > 1) {
      context.addIssue({
        code: 'custom',
        path: ['strategies'],
        message:
          'at most one spot strategy and one binary-market strategy per run (two strategies on one symbol would fight over one position); run the others as separate burn-ins',
      });
    }
  });

export type BurnInConfig = z.output<typeof BurnInConfigSchema>;
export type BurnInConfigInput = z.input<typeof BurnInConfigSchema>;

/** Parses a burn-in config; the error names each bad field and what it must be. */
export function parseBurnInConfig(raw: unknown): BurnInConfig {
  const parsed = BurnInConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`,
  );
  throw new BurnInConfigError(`invalid burn-in config:\n  ${problems.join('\n  ')}`);
}

export class BurnInConfigError extends Error {
  override name = 'BurnInConfigError';
}
