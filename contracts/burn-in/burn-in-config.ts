import { z } from 'zod';
import {
  CUSTOM_GATE_PROFILE,
  DEFAULT_GATE_PROFILE,
  GATE_PROFILE_NAMES,
  GATE_PROFILES,
  GateSpecsSchema,
  gatesEqual,
  profileOfGates,
  upgradeStoredGateSpec,
  type GateSpec,
  type RecordedGateProfile,
} from '../../domain/gates/index.js';
import { DEFAULT_FEE_TIERS } from '../../domain/execution/fees.js';
import { STRATEGY_NAMES, resolveStrategy } from '../../domain/strategies/registry.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';
import { AccountSpecSchema } from '../venue-sim/account-spec.js';

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

const simModels = AccountSpecSchema.shape.models.unwrap();

/**
 * The simulator's execution models a run trades under, as its account spec takes them: latency of
 * every order (ms), slippage (`fixedBps`, `halfSpread`, `volatility`, `sqrtImpact`), the share of a
 * bar's volume one account's orders may fill (participationRate) and the fee tiers. The defaults are
 * the simulator's own (1 bps fixed slippage, 100 ms, 10 % participation, Binance spot's regular and
 * first VIP fee tiers), written out so the report's manifest names every model a run used.
 */
export const ExecutionModelsSchema = simModels.extend({
  feeTiers: simModels.shape.feeTiers.unwrap().default(() => DEFAULT_FEE_TIERS.map((tier) => ({ ...tier }))),
});
export type ExecutionModels = z.output<typeof ExecutionModelsSchema>;

/** The execution models an account spec's `models` (as given, defaults unapplied) amount to. */
export function resolveExecutionModels(models: unknown): ExecutionModels {
  return ExecutionModelsSchema.parse(models ?? {});
}

const GATE_PROFILE_CHOICES = [...GATE_PROFILE_NAMES, CUSTOM_GATE_PROFILE] as const;

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
    /**
     * The named set of gates the run is judged by (domain/gates/defaults.ts): `default`, or
     * `predictionMarket` (the desk's go-live burn-in). `gates` written out instead are the run's
     * gates (profile `custom`, or the profile they equal); given with a named profile they must
     * equal its gates. Parsed, both are set: the profile's name and the gates it stands for.
     */
    gateProfile: z.enum(GATE_PROFILE_CHOICES).optional(),
    gates: GateSpecsSchema.optional(),
    /** The simulator's fill, fee, slippage and latency models for the run's account. */
    execution: ExecutionModelsSchema.default(() => ExecutionModelsSchema.parse({})),
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
    const profile = config.gateProfile;
    if (profile === CUSTOM_GATE_PROFILE && config.gates === undefined)
      context.addIssue({
        code: 'custom',
        path: ['gates'],
        message: `gateProfile '${CUSTOM_GATE_PROFILE}' needs the gates written out in "gates"`,
      });
    if (
      profile !== undefined &&
      profile !== CUSTOM_GATE_PROFILE &&
      config.gates !== undefined &&
      !gatesEqual(config.gates, GATE_PROFILES[profile])
    )
      context.addIssue({
        code: 'custom',
        path: ['gates'],
        message: `these gates are not the '${profile}' profile's: drop "gateProfile" (or set it to '${CUSTOM_GATE_PROFILE}') to run them, or drop "gates" to run the profile`,
      });
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
  })
  .transform(({ gateProfile, gates, ...config }) => {
    const resolved = resolveGates(gateProfile, gates);
    return { ...config, ...resolved };
  });

function resolveGates(
  profile: (typeof GATE_PROFILE_CHOICES)[number] | undefined,
  gates: GateSpec[] | undefined,
): { gateProfile: RecordedGateProfile; gates: GateSpec[] } {
  if (gates !== undefined) return { gateProfile: profile ?? profileOfGates(gates), gates };
  const name = profile === undefined || profile === CUSTOM_GATE_PROFILE ? DEFAULT_GATE_PROFILE : profile;
  return { gateProfile: name, gates: GATE_PROFILES[name].map((gate) => ({ ...gate })) };
}

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

/**
 * Parses a config stored by an earlier run (its row in burn_in_runs, a plan's config): gate metrics
 * under their pre-rename names (resolvedTrades, distinctCategories) are read as their new ones, and
 * sections added since (gateProfile, execution) take their defaults, which are what such a run used.
 */
export function parseStoredBurnInConfig(raw: unknown): BurnInConfig {
  return parseBurnInConfig(upgradeStoredConfig(raw));
}

function upgradeStoredConfig(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const gates = (raw as { gates?: unknown }).gates;
  if (!Array.isArray(gates)) return raw;
  return { ...raw, gates: gates.map(upgradeStoredGateSpec) };
}

export class BurnInConfigError extends Error {
  override name = 'BurnInConfigError';
}
