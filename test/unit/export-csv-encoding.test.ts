// Every CSV file Keel writes is RFC 4180: CRLF after every record, the header's and the last one's
// included; a cell with a comma, a quote, a CR or an LF quoted. (The export integration test checks
// the files of a real package, and that the package still verifies.)
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_RECORD_DELIMITER, csvEncoder } from '../../store/export/csv-from-query.js';

const spec = {
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'note', type: 'text', nullable: true },
    { name: 'ok', type: 'boolean', nullable: false },
    { name: 'at', type: 'timestamp', nullable: false },
  ],
} as const;

const encode = (rows: Record<string, unknown>[]) => text(Readable.from(rows).pipe(csvEncoder(spec)));

describe('csvEncoder', () => {
  it('ends every record with CRLF', async () => {
    const at = new Date(Date.UTC(2026, 2, 2, 12, 0, 0, 5));
    const csv = await encode([
      { id: 1, note: 'plain', ok: true, at },
      { id: 2, note: null, ok: false, at },
    ]);
    expect(CSV_RECORD_DELIMITER).toBe('\r\n');
    expect(csv).toBe(
      'id,note,ok,at\r\n' +
        '1,plain,true,2026-03-02T12:00:00.005Z\r\n' +
        '2,,false,2026-03-02T12:00:00.005Z\r\n',
    );
  });

  it('quotes a cell holding a comma, a quote, a lone LF or a lone CR, and keeps it intact', async () => {
    const at = new Date(0);
    const notes = ['a, b', 'say "hi"', 'line\nbreak', 'carriage\rreturn', 'both\r\nends'];
    const csv = await encode(notes.map((note, id) => ({ id, note, ok: true, at })));
    expect(csv).toContain('"a, b"');
    expect(csv).toContain('"say ""hi"""');
    expect(csv).toContain('"line\nbreak"');
    expect(csv).toContain('"carriage\rreturn"');
    // Outside the quoted cells, every line ends with CRLF.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, 'Q');
    expect(unquoted.split('\r\n')).toHaveLength(notes.length + 2);
    expect(unquoted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // A strict CRLF reader gets the cells back.
    const records = parse<Record<string, string>>(csv, { columns: true, record_delimiter: '\r\n' });
    expect(records.map((record) => record.note)).toEqual(notes);
  });
});
