import type { Pool } from '../../store/db.js';
import type { BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import { periodBoundariesCrossed } from '../../domain/burn-in/run-calendar.js';
import { markHoldings } from '../../domain/burn-in/equity-mark.js';
import type { PositionView } from '../../domain/strategies/types.js';
import { readLongPositionEntries } from '../../store/ledger/position-book.js';
import { lastEquityTime, recordEquity } from '../../store/burn-in/run-store.js';
import type { Venue } from '../../venues/venue.js';
import type { SimMarket } from '../../venues/sim-market.js';
import type { MarketCache } from './market-cache.js';

export interface RunClockDependencies {
  pool: Pool;
  venue: Venue;
  sim: SimMarket;
  cache: MarketCache;
}

/**
 * The one way a burn-in moves its venue's clock. An accelerated run stops at every period boundary
 * the move crosses and marks equity there, at the venue's balances and the boundary's prices, before
 * going on — so each daily return spans exactly one day whatever the decision cursor does. Returns
 * the venue's market time after the move.
 */
export async function moveClock(
  deps: RunClockDependencies,
  plan: BurnInPlan,
  target: number,
): Promise<number> {
  if (plan.mode !== 'accelerated') return markBoundariesReached(deps, plan);
  for (const boundary of await boundariesDue(deps, plan, target)) {
    await deps.sim.advanceTo(plan.account, boundary);
    await markAt(deps, plan, boundary);
  }
  return deps.sim.advanceTo(plan.account, target);
}

/**
 * Realtime runs do not drive the clock: the boundaries the market has passed are marked when the run
 * next looks, at the balances then (within one poll of the boundary) and the boundary's prices.
 */
export async function markBoundariesReached(deps: RunClockDependencies, plan: BurnInPlan): Promise<number> {
  const now = await deps.sim.marketTime(plan.account);
  for (const boundary of await boundariesDue(deps, plan, now)) await markAt(deps, plan, boundary);
  return now;
}

async function boundariesDue(deps: RunClockDependencies, plan: BurnInPlan, upTo: number): Promise<number[]> {
  // From the last mark recorded: a step retried after it moved the clock to a boundary but before it
  // marked it marks it now (the clock is still there). An accelerated run never marks a boundary its
  // clock has already passed (a run started before marks were made this way): the balances there
  // are gone, and a mark at today's would not be what happened.
  const last = (await lastEquityTime(deps.pool, plan.runId)) ?? plan.from - 1;
  const after =
    plan.mode === 'accelerated' ? Math.max(last, (await deps.sim.marketTime(plan.account)) - 1) : last;
  return periodBoundariesCrossed(plan, after, upTo);
}

async function markAt(deps: RunClockDependencies, plan: BurnInPlan, boundary: number): Promise<void> {
  await deps.cache.refresh();
  const positions = await openPositions(deps.pool, plan.account);
  await recordEquity(
    deps.pool,
    plan.runId,
    boundary,
    await markEquity(deps.venue, deps.cache, positions, boundary),
  );
}

export async function openPositions(pool: Pool, account: string): Promise<Record<string, PositionView>> {
  return Object.fromEntries(
    (await readLongPositionEntries(pool, account)).map((position) => [
      position.symbol,
      {
        symbol: position.symbol,
        quantity: position.quantity,
        averageEntryPrice: position.entryPrice ?? 0,
        entryTime: position.updatedAt,
      },
    ]),
  );
}

/** Equity at the venue: every balance, non-cash assets marked at the last close before `t`. */
export async function markEquity(
  venue: Venue,
  cache: MarketCache,
  positions: Record<string, PositionView>,
  t: number,
): Promise<number> {
  const holdings = (await venue.balances()).map((balance) => ({
    asset: balance.asset,
    amount: balance.free + balance.locked,
  }));
  return markHoldings(holdings, (symbol) => cache.lastClose(symbol, t), positions);
}
