import { createRandom } from "@touming/sample-sites";

/**
 * A seeded PRNG in [0, 1) (the sample world's mulberry32): the same sequence, kill points say, on
 * every run of a test.
 */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}
