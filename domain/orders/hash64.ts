// A 64-bit non-cryptographic string hash in plain TypeScript: the workflow sandbox has no crypto
// and no Buffer. It is two independent 32-bit hashes of different construction (FNV-1a and
// MurmurHash3 x86_32) over the same bytes; a collision needs both to collide at once, so for n
// distinct inputs the chance of any collision is about n² / 2⁶⁵ (1e-9 at 190 000 inputs).
// Identifiers only: it is not a defence against anyone choosing inputs to collide.

/** The string as bytes, two per UTF-16 code unit: injective and simple to reproduce elsewhere. */
function bytesOf(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes.push(unit & 0xff, unit >>> 8);
  }
  return bytes;
}

/** FNV-1a, 32-bit (offset basis 2166136261, prime 16777619). */
export function fnv1a32(bytes: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3 x86_32 with the given seed. */
export function murmur3x86_32(bytes: readonly number[], seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let hash = seed >>> 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k =
      (bytes[i] ?? 0) |
      ((bytes[i + 1] ?? 0) << 8) |
      ((bytes[i + 2] ?? 0) << 16) |
      ((bytes[i + 3] ?? 0) << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  const tail = bytes.length & 3;
  if (tail > 0) {
    let k = 0;
    for (let i = tail - 1; i >= 0; i--) k = (k << 8) | (bytes[blocks + i] ?? 0);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    hash ^= k;
  }
  hash ^= bytes.length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Murmur's seed: any fixed value; changing it changes every derived id. */
const MURMUR_SEED = 0x4b45454c; // "KEEL"

/** The 64-bit hash of `text` as 14 base-36 characters (two zero-padded 7-character halves). */
export function hash64Base36(text: string): string {
  const bytes = bytesOf(text);
  const half = (value: number): string => value.toString(36).padStart(7, '0');
  return half(fnv1a32(bytes)) + half(murmur3x86_32(bytes, MURMUR_SEED));
}
