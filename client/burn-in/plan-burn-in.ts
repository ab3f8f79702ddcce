import path from 'node:path';
import { canonicalJson } from '../../lib/canonical-json.js';
import { sha256 } from '../../lib/hash.js';
import { resolveStrategy } from '../../domain/strategies/registry.js';
import { simulatorCredentials } from '../../config/defaults.js';
import { coverageProblem, type DatasetManifest } from '../../domain/market-data/dataset-manifest.js';
import { parseBurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import { BURN_IN_PLAN_VERSION, type BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import type { BurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import type { AccountSpecInput } from '../../contracts/venue-sim/account-spec.js';
import { describeDataset } from '../../store/market-data/dataset-manifest.js';

/**
 * Planning a burn-in, once, where it is started (the CLI, the demo): the raw config is parsed, the
 * plan fixed and its market data checked before any workflow exists. Everything after reads the plan.
 */

/** A plan whose data cannot serve its window: the message names the fix. */
export class BurnInDataError extends Error {
  override readonly name = 'BurnInDataError';
}

/** Parses and plans a run; throws BurnInConfigError (naming the field) or BurnInDataError. */
export function planBurnInRun(runId: string, raw: unknown): { plan: BurnInPlan; dataset: DatasetManifest } {
  const plan = planBurnIn(runId, parseBurnInConfig(raw));
  let dataset: DatasetManifest;
  try {
    dataset = describeDataset(plan.simAccount);
  } catch (error) {
    throw new BurnInDataError(`market data: ${(error as Error).message}`);
  }
  const problem = coverageProblem(dataset, { from: plan.from, to: plan.to, spot: plan.config.spot });
  if (problem) throw new BurnInDataError(problem);
  return { plan, dataset };
}

/**
 * The run's own simulated account: its data is the run's dataset, its clock the run's clock, its fill,
 * fee, slippage and latency models the config's `execution`.
 */
export function simAccountSpec(config: BurnInConfig): AccountSpecInput {
  const credentials = simulatorCredentials(config.account);
  const start = Date.parse(config.market.start) - config.market.warmupBars * config.market.intervalMs;
  // A day beyond the last decision, so the last orders have bars to fill on.
  const days =
    config.market.days + Math.ceil((config.market.warmupBars * config.market.intervalMs) / 86_400_000) + 1;
  return {
    name: config.account,
    ...credentials,
    balances: { USDT: config.startingBalance },
    symbols: [...config.spot],
    dataset: config.market.csv
      ? {
          kind: 'csv',
          intervalMs: config.market.intervalMs,
          files: Object.entries(config.market.csv.files).map(([symbol, file]) => ({
            symbol,
            path: path.resolve(file),
            format: config.market.csv!.format,
          })),
        }
      : {
          kind: 'synthetic',
          seed: config.seed,
          startTime: start,
          intervalMs: config.market.intervalMs,
          days,
        },
    ...(config.binaryMarkets.count > 0
      ? {
          binaryMarkets: {
            seed: config.seed,
            count: config.binaryMarkets.count,
            categories: config.binaryMarkets.categories,
          },
        }
      : {}),
    clock: config.mode === 'accelerated' ? { mode: 'driven' } : { mode: 'realtime', speed: 1 },
    // The config's execution models (the simulator's defaults unless it chose others).
    models: {
      latencyMs: config.execution.latencyMs,
      slippage: { ...config.execution.slippage },
      participationRate: config.execution.participationRate,
      feeTiers: config.execution.feeTiers.map((tier) => ({ ...tier })),
    },
  };
}

export function planBurnIn(runId: string, config: BurnInConfig): BurnInPlan {
  const from = Date.parse(config.market.start);
  return {
    version: BURN_IN_PLAN_VERSION,
    runId,
    account: config.account,
    from,
    to: from + config.market.days * 86_400_000,
    intervalMs: config.market.intervalMs,
    cadenceMs: config.cadenceBars * config.market.intervalMs,
    mode: config.mode,
    seed: config.seed,
    chunkCycles: config.chunkCycles,
    maxHaltedMinutes: config.maxHaltedMinutes,
    // The account is where the run trades, not what it runs: it is left out of the hash.
    configHash: sha256(canonicalJson({ ...config, account: undefined })),
    strategies: config.strategies.map((entry) => {
      const resolved = resolveStrategy(entry.name, entry.config);
      return {
        name: resolved.name,
        canonicalConfig: resolved.canonicalConfig,
        kind: resolved.name === 'probabilityEdge' ? 'binary' : 'spot',
      };
    }),
    config,
    simAccount: simAccountSpec(config),
  };
}
