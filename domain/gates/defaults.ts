/**
 * Named gate profiles: the sets of gates a burn-in is judged by, chosen by name in its config.
 *
 * - `default` — Keel's general burn-in: enough round trips across enough market categories that the
 *   numbers mean something, a positive per-trade Sharpe, forecasts better than always saying 0.5
 *   (Brier 0.25), a reasonable hit rate and a bounded drawdown.
 * - `predictionMarket` — the prediction-market burn-in the desk must pass before going live: at least
 *   200 resolved positions (a market resolved, outcome known) over at least 3 market categories, a
 *   per-trade Sharpe above 0.05, a Brier score below 0.25 and a win rate above 0.52. The counts are of
 *   resolved positions; Sharpe per trade and win rate are over every round trip of the run (a
 *   prediction-market burn-in runs binary strategies, so those are its positions; the demo, which
 *   trades spot beside them, includes its spot trades) and Brier over every forecast whose outcome
 *   is known.
 *
 * Gates given in a config without a profile that they equal are the `custom` profile.
 */
import type { GateSpec } from './gate-spec.js';

export const GATE_PROFILE_NAMES = ['default', 'predictionMarket'] as const;
export type GateProfileName = (typeof GATE_PROFILE_NAMES)[number];

/** The profile of gates written out in a config (or a stored plan) rather than chosen by name. */
export const CUSTOM_GATE_PROFILE = 'custom';
/** A run's gate profile as its report records it. */
export type RecordedGateProfile = GateProfileName | typeof CUSTOM_GATE_PROFILE;

export const DEFAULT_GATE_PROFILE: GateProfileName = 'default';

const freeze = (gates: GateSpec[]): readonly GateSpec[] => Object.freeze(gates.map((g) => Object.freeze(g)));

export const GATE_PROFILES: Readonly<Record<GateProfileName, readonly GateSpec[]>> = Object.freeze({
  default: freeze([
    { metric: 'roundTrips', op: '>=', threshold: 20 },
    { metric: 'marketCategories', op: '>=', threshold: 3 },
    { metric: 'sharpePerTrade', op: '>=', threshold: 0.05 },
    { metric: 'brier', op: '<=', threshold: 0.25 },
    { metric: 'winRate', op: '>=', threshold: 0.4 },
    { metric: 'maxDrawdownPct', op: '<=', threshold: 0.2 },
  ]),
  predictionMarket: freeze([
    { metric: 'resolvedPositions', op: '>=', threshold: 200 },
    { metric: 'marketCategories', op: '>=', threshold: 3 },
    { metric: 'sharpePerTrade', op: '>', threshold: 0.05 },
    { metric: 'brier', op: '<', threshold: 0.25 },
    { metric: 'winRate', op: '>', threshold: 0.52 },
  ]),
});

/** The gates of the default profile. */
export const DEFAULT_BURN_IN_GATES: readonly GateSpec[] = GATE_PROFILES[DEFAULT_GATE_PROFILE];

function sameGate(a: GateSpec, b: GateSpec): boolean {
  return a.name === b.name && a.metric === b.metric && a.op === b.op && a.threshold === b.threshold;
}

/** Whether `gates` are exactly a profile's gates (same specs, same order). */
export function gatesEqual(gates: readonly GateSpec[], profile: readonly GateSpec[]): boolean {
  return gates.length === profile.length && gates.every((gate, index) => sameGate(gate, profile[index]!));
}

/** The profile whose gates `gates` are exactly, or `custom`. */
export function profileOfGates(gates: readonly GateSpec[]): RecordedGateProfile {
  return GATE_PROFILE_NAMES.find((name) => gatesEqual(gates, GATE_PROFILES[name])) ?? CUSTOM_GATE_PROFILE;
}
