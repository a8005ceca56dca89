import { type Agency, upsertAgencies } from "../queries/agencies.js";
import { type Store, openStore } from "../open-store.js";
import { useCleanups } from "./cleanups.js";
import { type TempOptions, makeTempDir } from "./temp-dirs.js";

export interface TempStoreOptions extends TempOptions {
  /** Agencies every new store holds (unless the call names others). Default none. */
  agencies?: readonly Agency[];
}

/**
 * Real stores (migrated SQLite file and blobs), each in a fresh temp directory (`store.dataDir`),
 * closed and removed after each test (or after the suite). The function it returns opens one,
 * holding `agencies` (default: the options' agencies).
 */
export function useTempStore(
  options: TempStoreOptions = {},
): (agencies?: readonly Agency[]) => Promise<Store> {
  const defer = useCleanups(options.lifetime);
  return async (agencies = options.agencies ?? []) => {
    const store = await openStore({ dataDir: makeTempDir(defer) });
    defer(() => store.close());
    if (agencies.length > 0) await upsertAgencies(store.db, agencies);
    return store;
  };
}
