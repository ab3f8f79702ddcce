import { parseStoredGateSpec, profileOfGates, type RecordedGateProfile } from '../../domain/gates/index.js';
import type { AccountSpecInput } from '../venue-sim/account-spec.js';
import { resolveExecutionModels, type BurnInConfig, type ExecutionModels } from './burn-in-config.js';

/**
 * The plan's shape version. Version 2 carries the parsed config and the simulator account; a run
 * started before it (version 1, config passed raw) cannot be continued by this code.
 */
export const BURN_IN_PLAN_VERSION = 2;

/** What a run is, fixed at its start: market window, decision cadence and the hashes of what ran. */
export interface BurnInPlan {
  /** BURN_IN_PLAN_VERSION when planned; a plan of another version is refused, never guessed at. */
  version: typeof BURN_IN_PLAN_VERSION;
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
  /** The config as parsed at the edge: activities read it from here, never parse it again. */
  config: BurnInConfig;
  /** The simulator account the run trades on (its data files resolved where the run was planned). */
  simAccount: AccountSpecInput;
}

/** The plan, or a clear error when it is not one this code can run. */
export function currentPlan(plan: BurnInPlan | undefined): BurnInPlan {
  const version = (plan as { version?: unknown } | undefined)?.version;
  if (version !== BURN_IN_PLAN_VERSION)
    throw new TypeError(
      `burn-in plan version ${String(version)} is not ${BURN_IN_PLAN_VERSION}: plan the run again with \`keel burn-in start\``,
    );
  return plan as BurnInPlan;
}

/**
 * The gate profile a plan's run is judged by. A plan made before profiles has none recorded: its
 * gates (metric names as they were stored, read as today's) name the profile they equal, or `custom`.
 */
export function planGateProfile(plan: Pick<BurnInPlan, 'config'>): RecordedGateProfile {
  const recorded = (plan.config as Partial<BurnInConfig>).gateProfile;
  return recorded ?? profileOfGates(plan.config.gates.map(parseStoredGateSpec));
}

/**
 * The execution models the plan's simulator account trades under, defaults applied: what the run
 * used, also for a plan made before they were selectable (its account then had the defaults).
 */
export function planExecution(plan: Pick<BurnInPlan, 'simAccount'>): ExecutionModels {
  return resolveExecutionModels(plan.simAccount.models);
}
