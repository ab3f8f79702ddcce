// The reconciliation policy a run uses when none is configured, and how its Keel id pattern is
// applied. The pattern decides whether an unknown venue order may be adopted instead of cancelled,
// so a pattern that cannot be compiled must fail towards cancelling.
import type { ReconcilePolicy } from './types.js';

/**
 * The client order ids Keel itself produces, and nothing else:
 * - derived ids (domain/orders/client-order-id.ts): `k-<14 base-36 hash chars>-<sequence in decimal>`;
 * - a burn-in's order placed again after a halt (domain/burn-in/halt-replacement.ts): a derived id
 *   with `.h<n>`, or `k-<14 base-36 hash chars>-h<n>`;
 * - manual CLI ids (cli/commands/order.ts): `m-<epoch ms in base 36>-<6 hex chars>`.
 * An id an operator typed by hand with --client-order-id cannot be told apart from a foreign one.
 */
export const KEEL_CLIENT_ORDER_ID_PATTERN =
  '^(?:k-[0-9a-z]{14}-(?:0|[1-9][0-9]*)(?:\\.h[1-9][0-9]*)?|k-[0-9a-z]{14}-h[1-9][0-9]*|m-[0-9a-z]+-[0-9a-f]{6})$';

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

export const DEFAULT_RECONCILE_POLICY: ReconcilePolicy = deepFreeze({
  adoptKeelOrders: false,
  keelClientOrderIdPattern: KEEL_CLIENT_ORDER_ID_PATTERN,
  balanceTolerance: { absolute: 1e-8, relative: 1e-9 },
  balanceCriticalRelative: 0.001,
  severities: {
    // Unknown exposure at the venue.
    ORPHAN_VENUE_ORDER: 'critical',
    MISSING_ORDER: 'warn',
    STATUS_MISMATCH: 'warn',
    MISSED_FILL: 'warn',
    // The ledger holds a position the venue never executed.
    PHANTOM_FILL: 'critical',
  },
});

export interface KeelIdMatcher {
  test: (id: string) => boolean;
  /** The pattern did not compile, so nothing matches: the detail of a drift must say why. */
  invalid: boolean;
}

/** Compiles the policy's pattern; an invalid one matches nothing (orphans are then cancelled, never adopted). */
export function keelIdMatcher(pattern: string): KeelIdMatcher {
  try {
    const regex = new RegExp(pattern);
    return { test: (id) => regex.test(id), invalid: false };
  } catch {
    return { test: () => false, invalid: true };
  }
}
