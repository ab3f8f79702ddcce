// Drifts of fills. Each side reports its fills in the window, but the other side's copy of a fill
// may carry a time just outside it, so a fill is unmatched only when its trade id is nowhere on the
// other side.
import { drift } from './drift-list.js';
import type { Drift, LedgerFillView, ReconcileInput, ReconcilePolicy, VenueFillView } from './types.js';
import { describeFill, instant, num } from './wording.js';

/** Fills in the window that one side has and the other lacks, each trade once, in input order. */
export interface UnmatchedFills {
  /** At the venue, missing from the ledger. */
  missed: VenueFillView[];
  /** In the ledger, missing from the venue. */
  phantom: LedgerFillView[];
}

interface Trade {
  symbol: string;
  tradeId: string;
}

/** Venues number trades per symbol (Binance) or per account: a fill is its symbol and trade id. */
export function tradeKey(fill: Trade): string {
  return `${fill.symbol}\u0000${fill.tradeId}`;
}

function unmatched<F extends Trade & { time: number }>(
  fills: readonly F[],
  otherSide: readonly Trade[],
  since: number,
): F[] {
  const otherKeys = new Set(otherSide.map(tradeKey));
  const seen = new Set<string>();
  const result: F[] = [];
  for (const fill of fills) {
    if (fill.time < since || otherKeys.has(tradeKey(fill)) || seen.has(tradeKey(fill))) continue;
    seen.add(tradeKey(fill));
    result.push(fill);
  }
  return result;
}

export function compareFills({ venue, ledger, window }: ReconcileInput): UnmatchedFills {
  return {
    missed: unmatched(venue.fills, ledger.fills, window.fillsSince),
    phantom: unmatched(ledger.fills, venue.fills, window.fillsSince),
  };
}

/**
 * A missed fill is adopted through its order; one whose order the ledger does not know cannot be,
 * and leaves a position nobody owns.
 */
export function missedFillDrifts(
  missed: readonly VenueFillView[],
  clientOrderIdByVenueOrderId: ReadonlyMap<string, string>,
  policy: ReconcilePolicy,
): Drift[] {
  return missed.map((fill) => {
    const clientOrderId = clientOrderIdByVenueOrderId.get(fill.venueOrderId) ?? null;
    const trade = `venue trade ${fill.tradeId} (${describeFill(fill)}, fee ${num(fill.fee)} ${fill.feeAsset}, venue order ${fill.venueOrderId})`;
    return drift({
      kind: 'MISSED_FILL',
      severity: clientOrderId === null ? 'critical' : policy.severities.MISSED_FILL,
      detail:
        clientOrderId === null
          ? `${trade} belongs to an order the ledger does not know, so it cannot be adopted: halt the desk`
          : `${trade} of order ${clientOrderId} is missing from the ledger: adopt it`,
      action: clientOrderId === null ? 'HALT_DESK' : 'ADOPT_FILL',
      clientOrderId,
      symbol: fill.symbol,
      tradeId: fill.tradeId,
      facts: { venue: { ...fill } },
    });
  });
}

export function phantomFillDrifts(
  phantom: readonly LedgerFillView[],
  window: ReconcileInput['window'],
  policy: ReconcilePolicy,
): Drift[] {
  return phantom.map((fill) =>
    drift({
      kind: 'PHANTOM_FILL',
      severity: policy.severities.PHANTOM_FILL,
      detail:
        `ledger trade ${fill.tradeId} of order ${fill.clientOrderId} (${describeFill(fill)}) ` +
        `is not among the venue’s fills since ${instant(window.fillsSince)}: halt the desk`,
      action: 'HALT_DESK',
      clientOrderId: fill.clientOrderId,
      symbol: fill.symbol,
      tradeId: fill.tradeId,
      facts: { ledger: { ...fill } },
    }),
  );
}
