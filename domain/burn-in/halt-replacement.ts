import { validateClientOrderId } from '../orders/client-order-id.js';
import { hash64Base36 } from '../orders/hash64.js';

/** The gate's code for an order denied because the desk is HALTED. */
export const DESK_HALTED = 'DESK_HALTED';

export interface RiskVerdict {
  decision: 'ALLOW' | 'DENY';
  codes: readonly string[];
}

/**
 * Whether a burn-in order the gate denied is placed again once the desk is no longer halted. Only on
 * an accelerated run, whose market clock holds while the desk is halted: the order placed again meets
 * the market the first one would have met, so when an operator halts never changes what the run
 * trades. Only when the halt was the sole reason: an order also denied for a limit would be denied
 * again, and it stays denied. A realtime run's market moves on during a halt, so its denial stands.
 */
export function placedAgainAfterHalt(mode: 'accelerated' | 'realtime', verdict: RiskVerdict): boolean {
  return (
    mode === 'accelerated' &&
    verdict.decision === 'DENY' &&
    verdict.codes.length > 0 &&
    verdict.codes.every((code) => code === DESK_HALTED)
  );
}

/**
 * The client order id of the `attempt`-th placing of `original` after a halt: `<original>.h<attempt>`,
 * or, when that would pass the venue's 36 characters, `k-<hash of both>-h<attempt>`. Neither form
 * can equal a derived id (`k-<hash>-<digits>`) or another attempt's id.
 */
export function haltReplacementId(original: string, attempt: number): string {
  if (!(Number.isSafeInteger(attempt) && attempt >= 1))
    throw new RangeError(`attempt must be a whole number ≥ 1, got ${attempt}`);
  const suffixed = `${original}.h${attempt}`;
  if (validateClientOrderId(suffixed) === null) return suffixed;
  return `k-${hash64Base36(`${original.length}:${original}#h${attempt}`)}-h${attempt}`;
}
