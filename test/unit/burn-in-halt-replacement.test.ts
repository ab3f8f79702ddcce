import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DESK_HALTED,
  haltReplacementId,
  placedAgainAfterHalt,
} from '../../domain/burn-in/halt-replacement.js';
import { deriveClientOrderId, validateClientOrderId } from '../../domain/orders/client-order-id.js';
import { KEEL_CLIENT_ORDER_ID_PATTERN } from '../../domain/reconcile/diff.js';

const derivedId = fc
  .record({
    runId: fc.string({ minLength: 1, maxLength: 40 }),
    strategy: fc.string({ minLength: 1, maxLength: 20 }),
    sequence: fc.nat({ max: 10_000_000 }),
  })
  .map((source) => deriveClientOrderId(source));
const validId = fc.stringMatching(/^[.A-Za-z0-9:/_-]{1,36}$/);

describe('placedAgainAfterHalt', () => {
  it('places again only an accelerated run’s order denied for the halt alone', () => {
    expect(placedAgainAfterHalt('accelerated', { decision: 'DENY', codes: [DESK_HALTED] })).toBe(true);
    expect(placedAgainAfterHalt('realtime', { decision: 'DENY', codes: [DESK_HALTED] })).toBe(false);
    expect(placedAgainAfterHalt('accelerated', { decision: 'ALLOW', codes: [] })).toBe(false);
    expect(placedAgainAfterHalt('accelerated', { decision: 'DENY', codes: [] })).toBe(false);
    expect(placedAgainAfterHalt('accelerated', { decision: 'DENY', codes: ['DESK_CLOSE_ONLY'] })).toBe(false);
    expect(
      placedAgainAfterHalt('accelerated', { decision: 'DENY', codes: [DESK_HALTED, 'MAX_ORDER_QUANTITY'] }),
    ).toBe(false);
  });

  it('never places again an order some other rule denied', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('accelerated' as const, 'realtime' as const),
        fc.array(fc.constantFrom(DESK_HALTED, 'DESK_CLOSE_ONLY', 'MAX_ORDER_QUANTITY', 'DUPLICATE_INTENT')),
        (mode, codes) => {
          const again = placedAgainAfterHalt(mode, { decision: 'DENY', codes });
          if (codes.some((code) => code !== DESK_HALTED) || codes.length === 0) expect(again).toBe(false);
          else expect(again).toBe(mode === 'accelerated');
        },
      ),
    );
  });
});

describe('haltReplacementId', () => {
  it('suffixes a derived id', () => {
    expect(haltReplacementId('k-abc-12', 1)).toBe('k-abc-12.h1');
    expect(haltReplacementId('k-abc-12', 2)).toBe('k-abc-12.h2');
  });

  it('hashes when the suffix would pass 36 characters', () => {
    const long = 'x'.repeat(35);
    const id = haltReplacementId(long, 1);
    expect(id).toMatch(/^k-[0-9a-z]{14}-h1$/);
    expect(haltReplacementId(long, 1)).toBe(id);
    expect(haltReplacementId(long.replace(/.$/, 'y'), 1)).not.toBe(id);
  });

  it('is a valid client order id, distinct from the original, from derived ids and per attempt', () => {
    fc.assert(
      fc.property(fc.oneof(derivedId, validId), fc.integer({ min: 1, max: 1_000 }), (original, attempt) => {
        const id = haltReplacementId(original, attempt);
        expect(validateClientOrderId(id)).toBeNull();
        expect(id).not.toBe(original);
        expect(id).not.toMatch(/^k-[0-9a-z]+-\d+$/);
        expect(haltReplacementId(original, attempt + 1)).not.toBe(id);
        expect(haltReplacementId(original, attempt)).toBe(id);
      }),
    );
  });

  it("is one of Keel's own ids for reconciliation (adoptable, not foreign) when the original is", () => {
    const keel = new RegExp(KEEL_CLIENT_ORDER_ID_PATTERN);
    fc.assert(
      fc.property(derivedId, fc.integer({ min: 1, max: 1_000 }), (original, attempt) => {
        expect(keel.test(original)).toBe(true);
        expect(keel.test(haltReplacementId(original, attempt))).toBe(true);
      }),
    );
    expect(keel.test('k-0123456789abcd-12.h0')).toBe(false);
    expect(keel.test('x-0123456789abcd-12.h1')).toBe(false);
    expect(keel.test('k-0123456789abcd-12.h1x')).toBe(false);
  });

  it('refuses an attempt that is not a whole number from 1', () => {
    for (const attempt of [0, -1, 1.5, Number.NaN])
      expect(() => haltReplacementId('k-a-1', attempt)).toThrow(RangeError);
  });
});
