// Latency models: how long after acceptance an order can first execute. Jitter is derived from
// a hash of (seed, orderId) rather than a running RNG, so an order's delay does not depend on
// which other orders were placed before it or on the order the simulator asks in: replays with
// the same seed give the same delays (invariant 8).
import type { LatencyModel, WorkingOrder } from './orders.js';

function assertNonNegativeMs(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a finite number of milliseconds ≥ 0, got ${value}`);
}

/** Every order becomes live exactly `ms` milliseconds after acceptance. */
export function fixedLatency(ms: number): LatencyModel {
  assertNonNegativeMs('latency', ms);
  return { name: `fixed(${ms}ms)`, delayMs: () => ms };
}

/** Murmur3's 32-bit finaliser: cheap, and every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** High 32 bits of a safe integer, so seeds and ids beyond 2^32 still change the hash. */
function high32(value: number): number {
  return Math.floor(value / 2 ** 32) >>> 0;
}

/** Hash of two safe integers (seed, id) into [0, 1). */
export function unitHash(seed: number, id: number): number {
  // The golden-ratio constant keeps (0, 0) off the finaliser's fixed point at zero.
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32(h ^ high32(seed));
  h = mix32(h ^ (id >>> 0));
  h = mix32(h ^ high32(id));
  return h / 2 ** 32;
}

export interface SeededJitterOptions {
  /** Minimum delay, ms. */
  baseMs: number;
  /** Extra delay, a whole number of ms drawn uniformly from [0, jitterMs] per order. */
  jitterMs: number;
  /** Integer seed; the same seed and order id always give the same delay. */
  seed: number;
}

/** Delay = baseMs + a per-order jitter in [0, jitterMs], a pure function of (seed, orderId). */
export function seededJitterLatency({ baseMs, jitterMs, seed }: SeededJitterOptions): LatencyModel {
  assertNonNegativeMs('baseMs', baseMs);
  assertNonNegativeMs('jitterMs', jitterMs);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const spread = Math.floor(jitterMs) + 1;
  return {
    name: `seeded-jitter(${baseMs}ms+0..${Math.floor(jitterMs)}ms, seed ${seed})`,
    delayMs: (order: WorkingOrder) => baseMs + Math.floor(unitHash(seed, order.orderId) * spread),
  };
}
