import { createHash } from 'node:crypto';
import path from 'node:path';
import { canonicalJson } from '../../lib/canonical-json.js';
import { resolveStrategy } from '../../domain/strategies/registry.js';
import { simulatorCredentials } from '../../config/defaults.js';
import type { BurnInConfig } from './burn-in-config.js';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What a run is, fixed at its start: market window, decision cadence and the hashes of what ran. */
export interface BurnInPlan {
  runId: string;
  account: string;
  /** First and last decision times (market time, epoch ms). */
  from: number;
  to: number;
  intervalMs: number;
  cadenceMs: number;
  mode: BurnInConfig['mode'];
  seed: number;
  /** Decision cycles per workflow run before continue-as-new. */
  chunkCycles: number;
  /** How long an accelerated run held by a halted desk waits before it ends ERROR. */
  maxHaltedMinutes: number;
  configHash: string;
  strategies: { name: string; canonicalConfig: string; kind: 'spot' | 'binary' }[];
}

/** The run's own simulated account: its data is the run's dataset, its clock the run's clock. */
export function simAccountSpec(config: BurnInConfig): Record<string, unknown> {
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
  };
}

export function planBurnIn(runId: string, config: BurnInConfig): BurnInPlan {
  const from = Date.parse(config.market.start);
  return {
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
  };
}
