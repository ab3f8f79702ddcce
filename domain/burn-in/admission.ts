import type { DeskMode } from '../risk/snapshot.js';
import type { DecisionAction } from '../strategies/types.js';

/**
 * Whether a strategy decision may become an order under the desk's mode; null when it may, else
 * what is recorded instead. HALTED sends nothing; CLOSE_ONLY lets exits go and holds entries back.
 */
export function deskRefusal(action: DecisionAction, mode: DeskMode): string | null {
  if (action === 'enter' && mode !== 'ACTIVE') return `paused: the desk is ${mode}, no new entries`;
  if (action === 'exit' && mode === 'HALTED') return 'deferred: the desk is HALTED';
  return null;
}

/** Entries stop a little short of the gross limit: the gate values at the venue's last price, which may have moved. */
export const EXPOSURE_HEADROOM = 0.98;

/**
 * Entries of one decision point share the gross-exposure limit, taken in decision order until it is
 * used up, so which ones go never depends on which order reaches the risk gate first. Null when the
 * entry fits, else why it does not.
 */
export function grossRefusal(gross: number, notional: number, limit: number): string | null {
  return gross + notional > limit * EXPOSURE_HEADROOM
    ? `skipped: gross exposure ${gross.toFixed(2)} + ${notional.toFixed(2)} would pass the limit ${limit}`
    : null;
}
