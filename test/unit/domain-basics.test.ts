import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/canonical-json.js';
import { diffConfigs } from '../../domain/config-diff.js';
import { percentile, summariseLatencies } from '../../domain/latency-summary.js';

describe('canonicalJson', () => {
  it('is independent of key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('round-trips any JSON value to equal data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('keeps a "__proto__" key as data', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":"x","a":1}'))).toBe('{"__proto__":"x","a":1}');
  });

  it('gives equal strings for objects equal up to key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });
});

describe('diffConfigs', () => {
  it('lists changed, added and removed leaves by dotted path', () => {
    expect(diffConfigs({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: 1, c: 3, e: true }, d: [1, 2] })).toEqual([
      { path: 'a.c', before: 2, after: 3 },
      { path: 'a.e', before: undefined, after: true },
      { path: 'd', before: [1], after: [1, 2] },
    ]);
  });

  it('finds nothing between equal values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(diffConfigs(value, structuredClone(value))).toEqual([]);
      }),
    );
  });
});

describe('percentile (nearest rank)', () => {
  it('matches hand-computed values', () => {
    const samples = [15, 20, 35, 40, 50];
    expect(percentile(samples, 5)).toBe(15);
    expect(percentile(samples, 30)).toBe(20);
    expect(percentile(samples, 40)).toBe(20);
    expect(percentile(samples, 50)).toBe(35);
    expect(percentile(samples, 100)).toBe(50);
  });

  it('is always an observed sample and monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }),
        fc.integer({ min: 1, max: 99 }),
        (samples, p) => {
          expect(samples).toContain(percentile(samples, p));
          expect(percentile(samples, p)).toBeLessThanOrEqual(percentile(samples, p + 1));
        },
      ),
    );
  });

  it('refuses empty input, bad p and non-finite samples', () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/finite/);
  });

  it('summarises', () => {
    expect(summariseLatencies([3, 1, 2])).toEqual({ count: 3, p50Ms: 2, p95Ms: 3, maxMs: 3 });
  });
});
