// Client order ids are the idempotency key end to end: the workflow id, the venue's duplicate
// check and the ledger key. Deriving them from (run, strategy, sequence) means a retried or
// replayed decision produces the same id, so the venue refuses the second order instead of
// executing it twice.
import { hash64Base36 } from './hash64.js';

/** Binance's rule for newClientOrderId; other venues accept a superset of it. */
const CLIENT_ORDER_ID_PATTERN = /^[.A-Za-z0-9:/_-]{1,36}$/;
const ALLOWED_FORM = '1-36 characters of [.A-Za-z0-9:/_-]';
const PREFIX = 'k-';

export interface ClientOrderIdSource {
  runId: string;
  strategy: string;
  /** The strategy's order number within the run: a non-negative safe integer. */
  sequence: number;
}

/**
 * `k-<14 base-36 chars: 64-bit hash of run and strategy>-<sequence in decimal>`, at most 33
 * characters. Distinct sequences differ literally; distinct (run, strategy) pairs differ unless
 * the 64-bit hash collides (see hash64.ts). The two strings are length-prefixed before hashing so
 * ("ab", "c") and ("a", "bc") are different inputs.
 */
export function deriveClientOrderId({ runId, strategy, sequence }: ClientOrderIdSource): string {
  if (typeof runId !== 'string' || runId.length === 0)
    throw new RangeError('runId must be a non-empty string');
  if (typeof strategy !== 'string' || strategy.length === 0)
    throw new RangeError('strategy must be a non-empty string');
  if (!(Number.isSafeInteger(sequence) && sequence >= 0))
    throw new RangeError(`sequence must be a non-negative safe integer, got ${sequence}`);
  const hash = hash64Base36(`${runId.length}:${runId}${strategy.length}:${strategy}`);
  return `${PREFIX}${hash}-${sequence}`;
}

/** Null when `id` is usable as a client order id, else what is wrong with it. */
export function validateClientOrderId(id: unknown): string | null {
  if (typeof id !== 'string') return `client order id must be a string of ${ALLOWED_FORM}`;
  if (id.length === 0 || id.length > 36)
    return `client order id has ${id.length} characters; it must be ${ALLOWED_FORM}`;
  if (!CLIENT_ORDER_ID_PATTERN.test(id)) {
    const bad = [...id].find((char) => !/[.A-Za-z0-9:/_-]/.test(char)) ?? '';
    return `client order id contains ${JSON.stringify(bad)}; it must be ${ALLOWED_FORM}`;
  }
  return null;
}
