/**
 * Keel's layer graph, the one definition the dependency rule checks against (docs/architecture.md
 * draws it). A folder may import its own layer and any layer below it, never one above.
 */
export const LAYERS = [
  'lib',
  'domain',
  'contracts',
  'config',
  'store',
  'venues',
  'client',
  'activities',
  'workflows',
  'stack',
] as const;

/** Entry points sit above every layer; each may import the layers, and only those entry points listed here. */
export const ENTRY_POINTS: Readonly<Record<string, readonly string[]>> = {
  workers: [],
  'venue-sim': [],
  // `keel worker` and `keel venue-sim` run the worker and the simulator in the CLI's process.
  cli: ['workers', 'venue-sim'],
  // Benchmarks start the simulator in-process and drive the CLI.
  scripts: ['venue-sim', 'cli', 'workers'],
  // Tests may reach anything they test.
  test: ['workers', 'venue-sim', 'cli', 'scripts'],
};

/**
 * Workflow code is bundled into Temporal's deterministic sandbox: beside its own layer it imports
 * only these folders' values, and other layers' types (erased at build).
 */
export const WORKFLOW_VALUE_IMPORTS: readonly string[] = ['domain', 'contracts'];

/** Packages only one place may import: the door to that system. */
export const PACKAGE_OWNERS: Readonly<Record<string, readonly string[]>> = {
  // Every SQL statement is in store/; the simulator is a separate program with its own tables.
  pg: ['store', 'venue-sim', 'test', 'scripts'],
  'pg-cursor': ['store'],
  'node-pg-migrate': ['store'],
};
