import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const MIGRATIONS_TABLE = 'keel_migrations';

/** The migrations this code knows, in order (file names without extension). */
export function knownMigrations(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.replace(/\.sql$/, ''))
    .sort();
}

/** Applies pending migrations in one transaction under node-pg-migrate's advisory lock. */
export async function migrateUp(
  databaseUrl: string,
  log: (message: string) => void = () => undefined,
): Promise<string[]> {
  await assertCodeNotOlderThan(databaseUrl);
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: MIGRATIONS_TABLE,
    singleTransaction: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    log,
  });
  return applied.map((migration) => migration.name);
}

export interface SchemaStatus {
  applied: string[];
  pending: string[];
  /** Applied in the database but unknown to this code: the database is newer than the code. */
  unknown: string[];
  current: string | null;
}

export async function schemaStatus(client: pg.Pool | pg.ClientBase): Promise<SchemaStatus> {
  const exists = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    MIGRATIONS_TABLE,
  ]);
  const applied = exists.rows[0]?.present
    ? (
        await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`)
      ).rows.map((row) => row.name)
    : [];
  const known = knownMigrations();
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
    current: applied.at(-1) ?? null,
  };
}

/** The database's schema is newer than this code, or older than it needs. */
export class SchemaVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

/** Refuses to run code older than the database: it would misread tables it does not know. */
export function assertSchemaCompatible(status: SchemaStatus, options: { allowPending: boolean }): void {
  if (status.unknown.length > 0) {
    throw new SchemaVersionError(
      `the database schema is newer than this code: it has migrations this version of Keel does not know ` +
        `(${status.unknown.join(', ')}). Fix: run the Keel version that applied them (or newer), ` +
        'or point DATABASE_URL at the database this version belongs to.',
    );
  }
  if (!options.allowPending && status.pending.length > 0) {
    throw new SchemaVersionError(
      `the database schema is behind this code: pending migrations ${status.pending.join(', ')}. ` +
        'Fix: run `keel db migrate` (or `keel dev up`, which migrates the embedded database).',
    );
  }
}

async function assertCodeNotOlderThan(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    assertSchemaCompatible(await schemaStatus(client), { allowPending: true });
  } finally {
    await client.end();
  }
}
