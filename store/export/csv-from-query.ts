import path from 'node:path';
import { Readable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
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
 * Every CSV file Keel writes ends each record, the header's included, with CRLF, as RFC 4180
 * (section 2, rules 1–2) says: Excel, Python's `csv` module (its default `lineterminator`), pandas,
 * R and csv-parse all read CRLF, and a strict RFC 4180 reader need not accept a bare LF. The
 * manifest's sizes and SHA-256s are of these bytes, as written.
 */
export const CSV_RECORD_DELIMITER = '\r\n';

/**
 * The CSV encoder of a package file: RFC 4180 (CRLF line endings, `"` quoting, a header row),
 * UTF-8, in the spec's column order. A cell holding `,`, `"`, CR or LF is quoted (with its `"`
 * doubled); an embedded line break stays as it is, inside the quotes. Timestamps are ISO-8601 UTC
 * with milliseconds, booleans true/false, SQL NULL an empty cell; numeric values keep PostgreSQL's
 * exact text.
 */
export function csvEncoder(spec: Pick<CsvFileSpec, 'columns'>): Stringifier {
  return stringify({
    header: true,
    columns: spec.columns.map((column) => column.name),
    eof: true,
    record_delimiter: CSV_RECORD_DELIMITER,
    // csv-stringify stops quoting a lone CR or LF once a record_delimiter is given; keep quoting them.
    quote_record_delimiter: true,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      number: (value) => String(value),
    },
  });
}

/** Streams a query's rows into `<dir>/<spec.name>` as CSV (`csvEncoder`). */
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
  const written = await writeStreamToFile(
    Readable.from(counted()),
    path.join(dir, spec.name),
    csvEncoder(spec),
  );
  return { ...written, rows };
}
