// Cell checks for re-read export CSVs: each type accepts exactly what a correct formatter writes
// (toISOString, String(integer), PostgreSQL numeric text) and names what is wrong otherwise; NULL
// is the empty cell; headers must match by name and position.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCell, checkHeader, type CellType, type ColumnSpec } from '../../domain/export/cell-types.js';

const col = (type: CellType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name: 'c',
  type,
  nullable: false,
  ...extra,
});

// Instants toISOString writes with a four-digit year: 0000-01-01 to 9999-12-31T23:59:59.999Z.
const MIN_INSTANT = -62_167_219_200_000;
const MAX_INSTANT = 253_402_300_799_999;

describe('checkCell: NULL', () => {
  it.each(['text', 'integer', 'decimal', 'float', 'timestamp', 'date', 'boolean'] as const)(
    'empty %s is valid only when nullable',
    (type) => {
      expect(checkCell(col(type, { nullable: true }), '')).toBeNull();
      expect(checkCell(col(type), '')).toBe('empty cell (NULL) in a non-nullable column');
    },
  );

  it('a NULL is not checked against the allowed values', () => {
    expect(checkCell(col('text', { nullable: true, values: ['a'] }), '')).toBeNull();
  });
});

describe('checkCell: types', () => {
  it('text takes anything non-empty', () => {
    for (const raw of [' ', 'a,b', '"quoted"', 'line\nbreak', 'NaN', 'ünïcode'])
      expect(checkCell(col('text'), raw)).toBeNull();
  });

  it('integer', () => {
    for (const raw of ['0', '-1', '42', '007', '123456789012345678901234567890'])
      expect(checkCell(col('integer'), raw)).toBeNull();
    for (const raw of ['1.0', '1e3', '+1', ' 1', '1 ', '--1', '-', '0x10', '1_000'])
      expect(checkCell(col('integer'), raw)).toBe(`expected an integer, got ${JSON.stringify(raw)}`);
  });

  it('decimal is numeric text without an exponent', () => {
    for (const raw of ['0', '-0', '1', '-1.5', '0.000000001', '123456789012345678901234567890.123456789'])
      expect(checkCell(col('decimal'), raw)).toBeNull();
    expect(checkCell(col('decimal'), '1e5')).toBe('expected a decimal number, got "1e5"');
    for (const raw of ['1.', '.5', '+1', 'NaN', 'Infinity', '1,5', ' 1'])
      expect(checkCell(col('decimal'), raw)).toBe(`expected a decimal number, got ${JSON.stringify(raw)}`);
  });

  it('float is a finite number as JS or PostgreSQL writes it', () => {
    for (const raw of ['0', '-0', '1.5', '-2.25', '1e+21', '5e-7', '1.7976931348623157e+308', '1E3'])
      expect(checkCell(col('float'), raw)).toBeNull();
    for (const raw of [
      'NaN',
      'Infinity',
      '-Infinity',
      ' ',
      ' 1',
      '1e999',
      '0x10',
      '+1',
      '.5',
      '1.',
      'e5',
      '1e',
    ])
      expect(checkCell(col('float'), raw)).toBe(`expected a finite number, got ${JSON.stringify(raw)}`);
  });

  it('timestamp is exactly toISOString output for a real instant', () => {
    expect(checkCell(col('timestamp'), '2026-01-05T00:00:00.000Z')).toBeNull();
    expect(checkCell(col('timestamp'), '2024-02-29T23:59:59.999Z')).toBeNull();
    for (const raw of [
      '2026-01-05T00:00:00Z',
      '2026-01-05T00:00:00.000+00:00',
      '2026-01-05 00:00:00.000Z',
      '2026-01-05T00:00:00.000',
      '2026-01-05',
      '2026-02-30T00:00:00.000Z', // Date would roll it into March.
      '2026-01-05T24:00:00.000Z', // Date would roll it into the next day.
      '2026-01-05T23:59:60.000Z',
      '2026-01-05T00:00:00.0000Z',
      '1767571200000',
    ])
      expect(checkCell(col('timestamp'), raw)).toBe(
        `expected a UTC timestamp YYYY-MM-DDTHH:MM:SS.sssZ, got ${JSON.stringify(raw)}`,
      );
  });

  it('date is a real calendar day', () => {
    expect(checkCell(col('date'), '2024-02-29')).toBeNull();
    expect(checkCell(col('date'), '2026-02-29')).toBe('expected a date YYYY-MM-DD, got "2026-02-29"');
    expect(checkCell(col('date'), '2026-01-05T00:00:00.000Z')).toMatch(/^expected a date/);
  });

  it('boolean is lower-case true or false', () => {
    expect(checkCell(col('boolean'), 'true')).toBeNull();
    expect(checkCell(col('boolean'), 'false')).toBeNull();
    for (const raw of ['TRUE', 't', '1', 'yes', 'False'])
      expect(checkCell(col('boolean'), raw)).toBe(`expected true or false, got ${JSON.stringify(raw)}`);
  });

  it('a huge bad cell is cut short in the reason', () => {
    const reason = checkCell(col('integer'), 'x'.repeat(10_000)) ?? '';
    expect(reason).toBe(`expected an integer, got "${'x'.repeat(60)}…"`);
  });
});

describe('checkCell: allowed values', () => {
  const side = col('text', { values: ['buy', 'sell'] });

  it('accepts a listed value and names the list otherwise', () => {
    expect(checkCell(side, 'buy')).toBeNull();
    expect(checkCell(side, 'hold')).toBe('expected one of "buy", "sell", got "hold"');
    expect(checkCell(side, 'BUY')).toBe('expected one of "buy", "sell", got "BUY"');
  });

  it('the type is checked first', () => {
    const level = col('integer', { values: ['1', '2'] });
    expect(checkCell(level, 'x')).toBe('expected an integer, got "x"');
    expect(checkCell(level, '3')).toBe('expected one of "1", "2", got "3"');
    expect(checkCell(level, '2')).toBeNull();
  });
});

describe('checkCell: properties', () => {
  it('accepts what a correct formatter writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }), (ms) => {
        expect(checkCell(col('timestamp'), new Date(ms).toISOString())).toBeNull();
        expect(checkCell(col('date'), new Date(ms).toISOString().slice(0, 10))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.bigInt(), (n) => {
        expect(checkCell(col('integer'), String(n))).toBeNull();
        expect(checkCell(col('decimal'), String(n))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.bigInt(), fc.nat({ max: 18 }), (n, scale) => {
        // PostgreSQL numeric(p, s) text: digits with `scale` places after the point.
        const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
        const text = `${n < 0n ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
        expect(checkCell(col('decimal'), text)).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(checkCell(col('float'), String(x))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.boolean(), (b) => {
        expect(checkCell(col('boolean'), String(b))).toBeNull();
      }),
    );
  });

  it('rejects non-finite floats and exponent decimals', () => {
    fc.assert(
      fc.property(fc.constantFrom(NaN, Infinity, -Infinity), (x) => {
        expect(checkCell(col('float'), String(x))).not.toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = x.toExponential();
        expect(checkCell(col('decimal'), text)).not.toBeNull();
        expect(checkCell(col('integer'), text)).not.toBeNull();
      }),
    );
  });

  it('rejects padded numbers and timestamps', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }),
        fc.constantFrom(' ', '\t', '\n'),
        (n, ms, pad) => {
          for (const type of ['integer', 'decimal', 'float'] as const) {
            expect(checkCell(col(type), `${pad}${n}`)).not.toBeNull();
            expect(checkCell(col(type), `${n}${pad}`)).not.toBeNull();
          }
          expect(checkCell(col('timestamp'), `${new Date(ms).toISOString()}${pad}`)).not.toBeNull();
        },
      ),
    );
  });
});

describe('checkHeader', () => {
  const columns: ColumnSpec[] = [
    col('text', { name: 'a' }),
    col('integer', { name: 'b' }),
    col('date', { name: 'c' }),
  ];

  it('null when names match in order', () => {
    expect(checkHeader(columns, ['a', 'b', 'c'])).toBeNull();
    expect(checkHeader([], [])).toBeNull();
  });

  it('names a missing column', () => {
    expect(checkHeader(columns, ['a', 'c'])).toBe('missing column "b" (expected at position 2)');
    expect(checkHeader(columns, ['a', 'b'])).toBe('missing column "c" (expected at position 3)');
    expect(checkHeader(columns, [])).toBe('missing column "a" (expected at position 1)');
  });

  it('names an extra column', () => {
    expect(checkHeader(columns, ['a', 'x', 'b', 'c'])).toBe('unexpected column "x" at position 2');
    expect(checkHeader(columns, ['a', 'b', 'c', 'd'])).toBe('unexpected column "d" at position 4');
    // Case and whitespace count: a consumer matching by name would miss these.
    expect(checkHeader(columns, ['A', 'b', 'c'])).toBe('missing column "a" (expected at position 1)');
  });

  it('names columns out of order', () => {
    expect(checkHeader(columns, ['a', 'c', 'b'])).toBe(
      'columns out of order: position 2 is "c", expected "b"',
    );
  });

  it('names a duplicate column', () => {
    expect(checkHeader(columns, ['a', 'a', 'b', 'c'])).toBe('duplicate column "a" at position 2');
  });

  it('property: any permutation other than the expected order is reported', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const specs = names.map((name) => col('text', { name }));
    fc.assert(
      fc.property(fc.shuffledSubarray(names, { minLength: 0, maxLength: 5 }), (actual) => {
        const same = actual.length === names.length && actual.every((name, i) => name === names[i]);
        expect(checkHeader(specs, actual) === null).toBe(same);
      }),
    );
  });
});
