// The store's test fixtures (`@touming/store/testing`): only for tests, as it imports vitest.
export { CLEANUP_TIMEOUT_MS, useCleanups } from "./cleanups.js";
export type { Cleanup, Lifetime } from "./cleanups.js";
export { useTempDirs } from "./temp-dirs.js";
export type { TempOptions } from "./temp-dirs.js";
export { useTempStore } from "./temp-store.js";
export type { TempStoreOptions } from "./temp-store.js";
export { testAgency } from "./agency-fixture.js";
export {
  createTestDatabase,
  databaseNameOf,
  openStoreAgain,
  testClusterUrl,
  testDialect,
} from "./postgres-databases.js";
export { startPostgresCluster } from "./postgres-cluster.js";
export type { PostgresCluster } from "./postgres-cluster.js";
