import { afterAll, afterEach } from "vitest";

/**
 * How long what a test helper makes lives: until the end of each test (`"test"`, the default), or
 * until the end of the suite the helper was called in, the test file or a `describe` block
 * (`"suite"`, for what `beforeAll` sets up).
 */
export type Lifetime = "test" | "suite";

/** Undoes something a test made (closes it, removes it); may be async. */
export type Cleanup = () => unknown;

/**
 * How long one hook's cleanups may take together. Removing what a suite made can take long: the
 * storage-failure suite's temp tree (whole CLI runs' data directories, copied per test) took over
 * vitest's default 10 s hook timeout to remove on a loaded 2-core CI machine, and failed a green
 * suite. A bound, not a timing.
 */
export const CLEANUP_TIMEOUT_MS = 120_000;

/**
 * Registers one `afterEach` (or, for `"suite"`, `afterAll`) hook that runs the cleanups deferred
 * since, last deferred first. Call it where hooks may be registered: at the top of a test file or of
 * a `describe` block. Returns `defer`, which adds a cleanup.
 */
export function useCleanups(lifetime: Lifetime = "test"): (cleanup: Cleanup) => void {
  const pending: Cleanup[] = [];
  const hook = lifetime === "test" ? afterEach : afterAll;
  hook(async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup();
  }, CLEANUP_TIMEOUT_MS);
  return (cleanup) => {
    pending.push(cleanup);
  };
}
