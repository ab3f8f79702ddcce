// Drifts of balances. Balances and fills are snapshots taken one after the other, never quite at
// once, so a difference is judged against what the unmatched fills and the open orders could
// explain before it may halt the desk.
import { drift } from './drift-list.js';
import type { UnmatchedFills } from './fill-drifts.js';
import { compareText, own } from './keys.js';
import type { Drift, ReconcileInput, ReconcilePolicy } from './types.js';
import { listWords, num, plural } from './wording.js';

/** An asset whose venue balance is further from the ledger's expectation than rounding allows. */
interface BalanceGap {
  asset: string;
  venue: number;
  expected: number;
  difference: number;
  tolerance: number;
}

/** What the unmatched fills do to one asset: missed ones add to the venue, phantom ones to the ledger. */
interface FillEffects {
  missedEffect: number;
  phantomEffect: number;
}

/** How many of each could have moved one asset between the two snapshots. */
interface InFlight {
  missedFills: number;
  phantomFills: number;
  openOrders: number;
}

/** Every asset either side names, in asset order; none without a baseline, as nothing is expected yet. */
export function balanceDrifts(
  { venue, ledger, policy }: ReconcileInput,
  fills: UnmatchedFills,
  openOrderSymbols: readonly string[],
): Drift[] {
  const expectedBalances = ledger.expectedBalances;
  if (expectedBalances === null) return [];
  const assets = [...new Set([...Object.keys(venue.balances), ...Object.keys(expectedBalances)])].sort(
    compareText,
  );
  return assets.flatMap((asset) => {
    const gap = balanceGap(asset, own(venue.balances, asset) ?? 0, own(expectedBalances, asset) ?? 0, policy);
    return gap === null ? [] : [gapDrift(gap, fills, openOrderSymbols, policy)];
  });
}

function balanceGap(
  asset: string,
  venue: number,
  expected: number,
  policy: ReconcilePolicy,
): BalanceGap | null {
  const difference = venue - expected;
  const tolerance = Math.max(
    policy.balanceTolerance.absolute,
    policy.balanceTolerance.relative * Math.abs(expected),
  );
  // Not `<=`: a NaN difference has always counted as within tolerance.
  if (!(Math.abs(difference) > tolerance)) return null;
  return { asset, venue, expected, difference, tolerance };
}

function gapDrift(
  gap: BalanceGap,
  fills: UnmatchedFills,
  openOrderSymbols: readonly string[],
  policy: ReconcilePolicy,
): Drift {
  const effects = fillEffects(gap.asset, fills);
  const explainedBy = inFlight(gap.asset, fills, openOrderSymbols);
  return explainedByFills(gap, effects)
    ? explainedBalanceDrift(gap, explainedBy, effects)
    : unexplainedBalanceDrift(gap, explainedBy, policy);
}

function fillEffect(
  asset: string,
  fill: { symbol: string; side: string; price: number; quantity: number },
  fee: number,
  feeAsset: string,
): number {
  return (
    (fill.symbol.startsWith(asset) ? (fill.side === 'buy' ? 1 : -1) * fill.quantity : 0) +
    (fill.symbol.endsWith(asset) ? (fill.side === 'buy' ? -1 : 1) * fill.price * fill.quantity : 0) -
    (feeAsset === asset ? fee : 0)
  );
}

function fillEffects(asset: string, { missed, phantom }: UnmatchedFills): FillEffects {
  return {
    missedEffect: missed.reduce((sum, fill) => sum + fillEffect(asset, fill, fill.fee, fill.feeAsset), 0),
    // The ledger records no fees on its fills.
    phantomEffect: phantom.reduce((sum, fill) => sum + fillEffect(asset, fill, 0, ''), 0),
  };
}

/**
 * When the missed fills (adopted by this run) and phantom fills account for the whole difference,
 * the ledger is merely behind, not wrong.
 */
function explainedByFills(gap: BalanceGap, { missedEffect, phantomEffect }: FillEffects): boolean {
  const unexplained = gap.difference - missedEffect + phantomEffect;
  return (
    (missedEffect !== 0 || phantomEffect !== 0) &&
    Math.abs(unexplained) <= Math.max(gap.tolerance, 1e-6 * Math.abs(gap.difference))
  );
}

function inFlight(
  asset: string,
  { missed, phantom }: UnmatchedFills,
  openOrderSymbols: readonly string[],
): InFlight {
  const involves = (symbol: string): boolean => symbol.startsWith(asset) || symbol.endsWith(asset);
  return {
    missedFills: missed.filter((fill) => involves(fill.symbol) || fill.feeAsset === asset).length,
    phantomFills: phantom.filter((fill) => involves(fill.symbol)).length,
    openOrders: openOrderSymbols.filter(involves).length,
  };
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${num(value)}`;
}

function explainedBalanceDrift(gap: BalanceGap, explainedBy: InFlight, effects: FillEffects): Drift {
  const { asset, venue, expected, difference, tolerance } = gap;
  return drift({
    kind: 'BALANCE_MISMATCH',
    severity: 'info',
    detail:
      `${asset} balance at the venue is ${num(venue)}, the ledger expects ${num(expected)}: ` +
      `the difference ${signed(difference)} is exactly the fills the ledger has not recorded yet`,
    action: 'NONE',
    asset,
    facts: { venue, expected, difference, tolerance, explainedBy, ...effects },
  });
}

function unexplainedBalanceDrift(gap: BalanceGap, explainedBy: InFlight, policy: ReconcilePolicy): Drift {
  const { asset, venue, expected, difference, tolerance } = gap;
  // While orders are in flight or fills unrecorded, a snapshot of balances and fills is never
  // quite simultaneous: warn, and leave the verdict to a quiet moment (a later run).
  const anyInFlight = explainedBy.missedFills + explainedBy.phantomFills + explainedBy.openOrders > 0;
  const critical =
    !anyInFlight &&
    Math.abs(difference) >
      policy.balanceCriticalRelative * Math.max(Math.abs(expected), policy.balanceTolerance.absolute);
  return drift({
    kind: 'BALANCE_MISMATCH',
    severity: critical ? 'critical' : 'warn',
    detail:
      `${asset} balance at the venue is ${num(venue)} but the ledger expects ${num(expected)} ` +
      `(difference ${signed(difference)}, tolerance ${num(tolerance)})${inFlightNote(asset, explainedBy)}: ` +
      (critical ? 'halt the desk' : 'nothing to do automatically'),
    action: critical ? 'HALT_DESK' : 'NONE',
    asset,
    facts: { venue, expected, difference, tolerance, explainedBy },
  });
}

function inFlightNote(asset: string, explainedBy: InFlight): string {
  const reasons = [
    explainedBy.missedFills > 0 ? plural(explainedBy.missedFills, 'missed fill') : null,
    explainedBy.phantomFills > 0 ? plural(explainedBy.phantomFills, 'phantom fill') : null,
    explainedBy.openOrders > 0 ? plural(explainedBy.openOrders, 'open order') : null,
  ].filter((reason): reason is string => reason !== null);
  return reasons.length === 0 ? '' : ` (may be explained by ${listWords(reasons)} involving ${asset})`;
}
