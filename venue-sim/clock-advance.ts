import { advanceAccount } from '../domain/execution/advance-account.js';
import type { AccountChange } from './account-change.js';
import type { Dataset } from '../store/market-data/dataset.js';
import { fillModelsFor, lookbackFor } from './fill-models.js';

/** Where an account's clock stands now: driven clocks wait for the admin API; realtime ones run. */
export function marketTimeNow(change: AccountChange, dataset: Dataset, wallNow: number): number {
  const { state } = change;
  const limit = dataset.endTime;
  if (state.spec.clock.mode === 'driven') return Math.min(state.marketTime, limit);
  const elapsed = Math.max(0, wallNow - state.wallAnchor) * state.spec.clock.speed;
  return Math.min(limit, state.marketTime + Math.floor(elapsed));
}

/**
 * Moves the account's market clock to `to`: its open orders execute on every bar that completes on
 * the way and resolving markets settle (domain/execution/advance-account.ts, the same step a
 * backtest takes).
 */
export function advanceClock(change: AccountChange, dataset: Dataset, to: number, wallNow: number): void {
  const { state } = change;
  if (to <= state.marketTime) {
    if (state.spec.clock.mode === 'realtime') state.wallAnchor = wallNow;
    return;
  }
  advanceAccount(
    change,
    {
      bars: dataset,
      binaryMarkets: dataset.binaryMarkets(),
      models: fillModelsFor(state.spec),
      lookback: lookbackFor(state.spec),
    },
    state.marketTime,
    to,
  );
  state.marketTime = to;
  state.wallAnchor = wallNow;
}
