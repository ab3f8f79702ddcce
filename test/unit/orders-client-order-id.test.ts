// Client order ids: valid for Binance, deterministic (a retried decision yields the same id, so
// the venue refuses a second order), and distinct for distinct runs, strategies and sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveClientOrderId, validateClientOrderId } from '../../domain/orders/client-order-id.js';
import { fnv1a32, hash64Base36, murmur3x86_32 } from '../../domain/orders/hash64.js';
import { orderWorkflowId } from '../../contracts/orders.js';

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));
const ID_FORM = /^k-[0-9a-z]{14}-(0|[1-9][0-9]*)$/;

describe('hash64', () => {
  it('FNV-1a 32 matches the published test vectors', () => {
    expect(fnv1a32([])).toBe(0x811c9dc5);
    expect(fnv1a32(ascii('a'))).toBe(0xe40c292c);
    expect(fnv1a32(ascii('foobar'))).toBe(0xbf9cf968);
  });

  it('MurmurHash3 x86_32 matches the published test vectors', () => {
    expect(murmur3x86_32([], 0)).toBe(0);
    expect(murmur3x86_32([], 1)).toBe(0x514e28b7);
    expect(murmur3x86_32([], 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3x86_32([0, 0, 0, 0], 0)).toBe(0x2362f9de);
    expect(murmur3x86_32(ascii('a'), 0x9747b28c)).toBe(0x7fa09ea6);
    expect(murmur3x86_32(ascii('ab'), 0x9747b28c)).toBe(0x74875592);
    expect(murmur3x86_32(ascii('abc'), 0x9747b28c)).toBe(0xc84a62dd);
    expect(murmur3x86_32(ascii('aaaa'), 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3x86_32(ascii('Hello, world!'), 0x9747b28c)).toBe(0x24884cba);
  });

  it('is 14 base-36 characters for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(hash64Base36(text)).toMatch(/^[0-9a-z]{14}$/);
      }),
    );
  });
});

describe('deriveClientOrderId', () => {
  it('is pinned: changing the derivation would change the ids of orders already placed', () => {
    // Values cross-checked with an independent implementation (Python, UTF-16LE bytes).
    expect(deriveClientOrderId({ runId: 'burnin-2024-01', strategy: 'momentum', sequence: 0 })).toBe(
      'k-017x70p0bpifz5-0',
    );
    expect(deriveClientOrderId({ runId: 'run-1', strategy: 'mr', sequence: 42 })).toBe('k-0lcrkog0qhphf7-42');
    expect(deriveClientOrderId({ runId: 'run-é', strategy: '🚀', sequence: 7 })).toBe('k-1s98wl40htrdbf-7');
  });

  it('is deterministic, valid for Binance and at most 36 characters for any inputs', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
        (runId, strategy, sequence) => {
          const id = deriveClientOrderId({ runId, strategy, sequence });
          expect(id).toBe(deriveClientOrderId({ runId, strategy, sequence }));
          expect(id).toMatch(ID_FORM);
          expect(validateClientOrderId(id)).toBeNull();
          expect(id.endsWith(`-${sequence}`)).toBe(true);
        },
      ),
    );
    expect(
      deriveClientOrderId({ runId: 'r', strategy: 's', sequence: Number.MAX_SAFE_INTEGER }),
    ).toHaveLength(33);
  });

  it('differs for distinct sequences of the same run and strategy', () => {
    const ids = new Set(
      Array.from({ length: 1000 }, (_, sequence) =>
        deriveClientOrderId({ runId: 'r', strategy: 's', sequence }),
      ),
    );
    expect(ids.size).toBe(1000);
  });

  it('does not confuse where the run id ends and the strategy begins', () => {
    const a = deriveClientOrderId({ runId: 'ab', strategy: 'c', sequence: 1 });
    const b = deriveClientOrderId({ runId: 'a', strategy: 'bc', sequence: 1 });
    const c = deriveClientOrderId({ runId: 'c', strategy: 'ab', sequence: 1 });
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('gives distinct hashes to 24 000 near-identical run and strategy pairs', () => {
    const hashes = new Set<string>();
    let count = 0;
    for (let run = 0; run < 800; run++)
      for (const strategy of ['momentum', 'momentun', 'mean-rev', 'mean_rev', 'a', 'b', 'A', 'B', 'x1', 'x2'])
        for (const suffix of ['', '-1', '-2']) {
          hashes.add(
            deriveClientOrderId({ runId: `burnin-${run}`, strategy: strategy + suffix, sequence: 0 }),
          );
          count++;
        }
    expect(count).toBe(24_000);
    expect(hashes.size).toBe(count);
  });

  it('refuses inputs it cannot encode faithfully', () => {
    expect(() => deriveClientOrderId({ runId: '', strategy: 's', sequence: 0 })).toThrow(RangeError);
    expect(() => deriveClientOrderId({ runId: 'r', strategy: '', sequence: 0 })).toThrow(RangeError);
    for (const sequence of [-1, 1.5, NaN, Infinity, 2 ** 53])
      expect(() => deriveClientOrderId({ runId: 'r', strategy: 's', sequence }), String(sequence)).toThrow(
        RangeError,
      );
  });
});

describe('validateClientOrderId', () => {
  it('accepts 1 to 36 characters of [.A-Za-z0-9:/_-]', () => {
    for (const id of ['a', 'Z9', 'x.y:z/_-1', 'k-0123456789abcd-12', 'a'.repeat(36)])
      expect(validateClientOrderId(id), id).toBeNull();
  });

  it('says what is wrong and the allowed form', () => {
    expect(validateClientOrderId('')).toBe(
      'client order id has 0 characters; it must be 1-36 characters of [.A-Za-z0-9:/_-]',
    );
    expect(validateClientOrderId('a'.repeat(37))).toContain('has 37 characters');
    expect(validateClientOrderId('order 1')).toBe(
      'client order id contains " "; it must be 1-36 characters of [.A-Za-z0-9:/_-]',
    );
    expect(validateClientOrderId('ordre-é')).toContain('"é"');
    expect(validateClientOrderId('a\nb')).toContain('"\\n"');
    expect(validateClientOrderId(42)).toBe(
      'client order id must be a string of 1-36 characters of [.A-Za-z0-9:/_-]',
    );
  });

  it('agrees with the Binance pattern on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (id) => {
        expect(validateClientOrderId(id) === null).toBe(/^[.A-Za-z0-9:/_-]{1,36}$/.test(id));
      }),
    );
  });
});

describe('orderWorkflowId', () => {
  it('prefixes the client order id', () => {
    expect(orderWorkflowId('k-abc-1')).toBe('order-k-abc-1');
  });
});
