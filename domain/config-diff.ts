/** One leaf that differs between two configuration snapshots, addressed by its dotted path. */
export interface ConfigChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Leaf-by-leaf difference of two JSON values; arrays compare as whole values. Sorted by path. */
export function diffConfigs(before: unknown, after: unknown): ConfigChange[] {
  const changes: ConfigChange[] = [];
  walk('', before, after, changes);
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function walk(path: string, before: unknown, after: unknown, changes: ConfigChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) walk(path ? `${path}.${key}` : key, before[key], after[key], changes);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path, before, after });
}
