import { availableParallelism } from "node:os";

/** Worker threads the extract stage uses unless told otherwise: one per core, at most 4. */
export function defaultExtractWorkers(): number {
  return Math.min(availableParallelism(), 4);
}
