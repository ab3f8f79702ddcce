import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../domain/market-data/random.js';

const draw = (rng: SeededRandom, n: number) => Array.from({ length: n }, () => rng.uniform());

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.maxSafeInteger(), (a, b) => {
        expect(draw(SeededRandom.fromSeed(a), 8)).toEqual(draw(SeededRandom.fromSeed(a), 8));
        if (a !== b) expect(draw(SeededRandom.fromSeed(a), 8)).not.toEqual(draw(SeededRandom.fromSeed(b), 8));
      }),
      { numRuns: 200 },
    );
  });

  it('uses every bit of the seed, not only the low 32', () => {
    expect(draw(SeededRandom.fromSeed(2 ** 32), 4)).not.toEqual(draw(SeededRandom.fromSeed(0), 4));
    expect(draw(SeededRandom.fromSeed(-1), 4)).not.toEqual(draw(SeededRandom.fromSeed(2 ** 32 - 1), 4));
  });

  it('does not start nearby seeds with nearby values', () => {
    const firsts = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => SeededRandom.fromSeed(seed).uniform());
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(0.3);
  });

  it('resumes exactly from a state snapshot', () => {
    const rng = SeededRandom.fromSeed(42);
    draw(rng, 5);
    const resumed = SeededRandom.fromState(rng.state());
    expect([rng.normal(), rng.int(1, 6), rng.uniform()]).toEqual([
      resumed.normal(),
      resumed.int(1, 6),
      resumed.uniform(),
    ]);
  });

  it('splits into independent, reproducible streams', () => {
    const root = SeededRandom.fromSeed(9);
    const [a, b] = [root.split(), root.split()];
    const again = SeededRandom.fromSeed(9);
    const [a2, b2] = [again.split(), again.split()];
    const seqA = draw(a, 5);
    expect(seqA).toEqual(draw(a2, 5));
    expect(draw(b, 5)).toEqual(draw(b2, 5));
    expect(draw(b, 5)).not.toEqual(seqA);
  });

  it('draws uniforms in [0, 1), integers in range and standard normals', () => {
    const rng = SeededRandom.fromSeed(3);
    const uniforms = draw(rng, 20_000);
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(uniforms.reduce((s, u) => s + u, 0) / uniforms.length).toBeCloseTo(0.5, 1);

    const dice = Array.from({ length: 6_000 }, () => rng.int(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));

    const normals = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = normals.reduce((s, x) => s + x, 0) / normals.length;
    const variance = normals.reduce((s, x) => s + (x - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(normals.every(Number.isFinite)).toBe(true);
  });

  it('rejects seeds and ranges it cannot honour', () => {
    expect(() => SeededRandom.fromSeed(1.5)).toThrow(RangeError);
    expect(() => SeededRandom.fromSeed(Number.NaN)).toThrow(/seed/);
    expect(() => SeededRandom.fromSeed(1).int(5, 1)).toThrow(RangeError);
  });
});
