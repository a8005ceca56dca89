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
 * Registers one `afterEach` (or, for `"suite"`, `afterAll`) hook that runs the cleanups deferred
 * since, last deferred first. Call it where hooks may be registered: at the top of a test file or of
 * a `describe` block. Returns `defer`, which adds a cleanup.
 */
export function useCleanups(lifetime: Lifetime = "test"): (cleanup: Cleanup) => void {
  const pending: Cleanup[] = [];
  const hook = lifetime === "test" ? afterEach : afterAll;
  hook(async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => {
    pending.push(cleanup);
  };
}
