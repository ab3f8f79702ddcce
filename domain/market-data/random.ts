import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { skipN } from 'pure-rand/utils/skipN';

// xoroshiro128plus seeds its 128-bit state as (-1, ~seed, seed, 0): the first outputs of nearby
// seeds are almost identical (the first float is ~1.0 for every small seed). Hashing the seed and
// discarding a few outputs makes seeds 1, 2, 3 give unrelated streams.
const WARM_UP_OUTPUTS = 16;

/**
 * A seeded, deterministic source of random numbers for synthetic market data. The same seed always
 * yields the same sequence; the whole state is the generator's state, so `state()` / `fromState()`
 * resume a stream exactly.
 */
export class SeededRandom {
  private constructor(private readonly rng: JumpableRandomGenerator) {}

  /** `seed` is any safe integer; all of its bits matter (not only the low 32). */
  static fromSeed(seed: number): SeededRandom {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const rng = xoroshiro128plus(mixSeed(seed));
    skipN(rng, WARM_UP_OUTPUTS);
    return new SeededRandom(rng);
  }

  /** Resumes a stream from a `state()` snapshot. */
  static fromState(state: readonly number[]): SeededRandom {
    return new SeededRandom(xoroshiro128plusFromState(state));
  }

  state(): number[] {
    return [...this.rng.getState()];
  }

  /** Uniform in [0, 1), 53 bits of randomness. */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /**
   * Standard normal via Box–Muller. Only one of the pair is used: caching the spare would put
   * hidden state outside the generator and break `state()` / `split()` exactness.
   */
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]: log(0) must never happen
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [min, max], both included, without modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs safe integers with min <= max, got ${min}, ${max}`);
    }
    return uniformInt(this.rng, min, max);
  }

  /**
   * Returns an independent stream starting at this one's current position, and moves this stream
   * 2^64 steps ahead. Sub-streams (one per market, say) then do not shift when a sibling draws more.
   */
  split(): SeededRandom {
    const child = new SeededRandom(this.rng.clone());
    this.rng.jump();
    return child;
  }
}

/** Folds a 53-bit seed into 32 bits and scrambles it (murmur3's finaliser, a bijection). */
function mixSeed(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) | 0;
  let h = (low ^ Math.imul(high, 0x9e3779b1) ^ 0x5bd1e995) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
