/**
 * `size` deterministic pseudo-random bytes (xorshift32 from `seed`): the same on every run, so an
 * upload can be resent or regenerated chunk by chunk and checked against what was stored, and
 * incompressible, so no layer shrinks it. Benchmarks import this file directly.
 */
export function xorshiftBytes(seed: number, size: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed * 2654435761;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer).subarray(0, size);
}
