import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// The shared host gate's test runs on PostgreSQL too: on the cluster `.ci/run` started
// (TOUMING_TEST_DATABASE_URL), or on a throwaway one this run starts and stops.
export default defineConfig({
  test: {
    globalSetup: [createRequire(import.meta.url).resolve("@touming/store/testing/postgres-global-setup")],
    // expect.poll waits on a journal another task writes: on a loaded CI machine that can take
    // longer than its default second. A wrong value still fails, at the end of the wait.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
