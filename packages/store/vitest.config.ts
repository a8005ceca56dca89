import { defineConfig } from "vitest/config";

// Every store test runs twice, once per database (as Kysely's own suite loops over its dialects):
// `useTempStore` reads TOUMING_TEST_DIALECT. The PostgreSQL project uses the cluster `.ci/run`
// started (TOUMING_TEST_DATABASE_URL), or starts a throwaway one itself.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: "sqlite", env: { TOUMING_TEST_DIALECT: "sqlite" } } },
      {
        extends: true,
        test: {
          name: "postgres",
          env: { TOUMING_TEST_DIALECT: "postgres" },
          globalSetup: ["./src/testing/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
