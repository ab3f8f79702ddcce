import path from 'node:path';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { CsvFileSpec } from '../../domain/export/package-files.js';
import { writeStreamToFile, type WrittenFile } from './file-io.js';

/** Rows fetched per round trip: large enough to keep the database busy, small enough to keep memory flat. */
const BATCH_ROWS = 5_000;

async function* cursorRows(
  client: PoolClient,
  sql: string,
  params: readonly unknown[],
): AsyncGenerator<Record<string, unknown>> {
  const cursor = client.query(new Cursor<Record<string, unknown>>(sql, [...params]));
  try {
    for (;;) {
      const rows = await cursor.read(BATCH_ROWS);
      if (rows.length === 0) return;
      yield* rows;
    }
  } finally {
    await cursor.close();
  }
}

/**
 * Streams a query's rows into `<dir>/<spec.name>` as CSV (RFC 4180, header row, UTF-8), in the
 * spec's column order. Timestamps are ISO-8601 UTC with milliseconds, booleans true/false, SQL NULL
 * an empty cell; numeric values keep PostgreSQL's exact text.
 */
export async function writeCsvFromQuery(
  client: PoolClient,
  spec: CsvFileSpec,
  sql: string,
  params: readonly unknown[],
  dir: string,
): Promise<WrittenFile & { rows: number }> {
  let rows = 0;
  const counted = async function* () {
    for await (const row of cursorRows(client, sql, params)) {
      rows++;
      yield row;
    }
  };
  const csv = stringify({
    header: true,
    columns: spec.columns.map((column) => column.name),
    eof: true,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      number: (value) => String(value),
    },
  });
  const written = await writeStreamToFile(Readable.from(counted()), path.join(dir, spec.name), csv);
  return { ...written, rows };
}
