/**
 * The default burn-in gates: enough resolved trades across enough categories that the numbers mean
 * something, a positive per-trade Sharpe, forecasts better than always saying 0.5 (Brier 0.25), a
 * reasonable hit rate and a bounded drawdown.
 */
import type { GateSpec } from './gate-spec.js';

export const DEFAULT_BURN_IN_GATES: readonly GateSpec[] = [
  { metric: 'resolvedTrades', op: '>=', threshold: 20 },
  { metric: 'distinctCategories', op: '>=', threshold: 3 },
  { metric: 'sharpePerTrade', op: '>=', threshold: 0.05 },
  { metric: 'brier', op: '<=', threshold: 0.25 },
  { metric: 'winRate', op: '>=', threshold: 0.4 },
  { metric: 'maxDrawdownPct', op: '<=', threshold: 0.2 },
];
