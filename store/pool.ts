import pg from 'pg';
import { redactString } from '../lib/redact.js';

export type { Pool, PoolClient } from 'pg';

/** Raised when PostgreSQL cannot be reached; says where Keel looked and what to do. */
export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `cannot reach PostgreSQL at ${describeTarget(url)}: ${(cause as Error).message ?? String(cause)}. ` +
        'Fix: start the embedded stack with `keel dev up`, or set DATABASE_URL to a reachable server.',
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return redactString(url);
  }
}

export function createPool(url: string, options: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'keel',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client dying (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Connects once to prove the database is reachable, with an error that names the fix. */
export async function assertReachable(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    throw new DatabaseUnavailableError(url, error);
  }
}

/** One round trip to the database (a health probe or a latency sample); throws when it fails. */
export async function pingDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
