import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// The pipeline's end-to-end test runs on PostgreSQL too: on the cluster `.ci/run` started
// (TOUMING_TEST_DATABASE_URL), or on a throwaway one this run starts and stops.
export default defineConfig({
  test: {
    globalSetup: [createRequire(import.meta.url).resolve("@touming/store/testing/postgres-global-setup")],
  },
});
