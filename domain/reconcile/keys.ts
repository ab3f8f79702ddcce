// Venue and ledger records are keyed by strings that come from outside (client order ids, assets):
// lookups must not reach the prototype, and ordering must not depend on the locale.

/** Own-property lookup: records come from JSON, and keys like `constructor` must not hit the prototype. */
export function own<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
