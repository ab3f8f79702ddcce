/**
 * Canonical JSON: object keys sorted at every depth, no whitespace. Two values that are equal as
 * data always serialise to the same bytes, so hashes of configs, snapshots and manifests are stable.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    // fromEntries defines own properties: a key named "__proto__" stays data, never a prototype.
    return Object.fromEntries(
      Object.keys(source)
        .sort()
        .filter((key) => source[key] !== undefined)
        .map((key) => [key, sortKeys(source[key])]),
    );
  }
  return value;
}
