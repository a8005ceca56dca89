import { type Agency, upsertAgencies } from "../queries/agencies.js";
import { type Store, openStore } from "../open-store.js";
import { useCleanups } from "./cleanups.js";
import { createTestDatabase, testDialect } from "./postgres-databases.js";
import { type TempOptions, makeTempDir } from "./temp-dirs.js";

export interface TempStoreOptions extends TempOptions {
  /** Agencies every new store holds (unless the call names others). Default none. */
  agencies?: readonly Agency[];
  /**
   * The database: default the test run's (`TOUMING_TEST_DIALECT`; the store package runs its tests
   * once on each), else SQLite. A PostgreSQL store is a fresh database of the test cluster, dropped
   * after the test.
   */
  dialect?: "sqlite" | "postgres";
  /** Where the store keeps blobs (`StoreOptions.blobStore`). Default `directory`: `<dataDir>/blobs`. */
  blobStore?: "directory" | "database";
}

/**
 * Real stores (a migrated SQLite file or PostgreSQL database, and blobs), each in a fresh temp
 * directory (`store.dataDir`), closed and removed after each test (or after the suite). The function
 * it returns opens one, holding `agencies` (default: the options' agencies).
 */
export function useTempStore(
  options: TempStoreOptions = {},
): (agencies?: readonly Agency[]) => Promise<Store> {
  const defer = useCleanups(options.lifetime);
  return async (agencies = options.agencies ?? []) => {
    const dataDir = makeTempDir(defer);
    const blobs = options.blobStore ? { blobStore: options.blobStore } : {};
    let store: Store;
    if ((options.dialect ?? testDialect()) === "postgres") {
      const database = await createTestDatabase();
      defer(() => database.drop());
      store = await openStore({ dataDir, databaseUrl: database.url, maxConnections: 4, ...blobs });
    } else {
      store = await openStore({ dataDir, ...blobs });
    }
    defer(() => store.close());
    if (agencies.length > 0) await upsertAgencies(store.db, agencies);
    return store;
  };
}
