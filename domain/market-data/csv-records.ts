import { parse } from 'csv-parse/sync';

/** One CSV record with the 1-based file line it ends on (its only line, for market data). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into trimmed records, skipping blank lines and a byte-order mark, tolerating ragged
 * rows (the validator reports them). The record delimiters are listed explicitly because csv-parse's
 * auto-detection miscounts lines when a file mixes \n and \r\n, and reject line numbers must be exact.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const rows = parse(text, {
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return rows.map(({ record, info }) => ({ line: info.lines, fields: record }));
}
