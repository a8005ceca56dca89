import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import {
  migrateStoreTo,
  migrationsAfter,
  tablesLike,
  useMigrationStores,
} from "../testing/migration-stores.js";

const stores = useMigrationStores();

describe("migration 0016-host-leases", () => {
  it("adds host_pacing and host_leases to a store at 0015, holding epoch milliseconds, and goes down again", async () => {
    const where = await stores.emptyDatabase();
    await migrateStoreTo(where, "0015-blobs");

    const store = await openStore(where);
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0015-blobs"));
    // Past 2^31: PostgreSQL's 32-bit integer could not hold a millisecond timestamp.
    const at = Date.UTC(2026, 10, 1, 8, 0, 0, 123);
    await store.db
      .insertInto("host_pacing")
      .values({ host: "a.gov.cn", next_start_at: at, penalty_ms: 60_000 })
      .execute();
    await store.db
      .insertInto("host_leases")
      .values({ host: "a.gov.cn", lease_id: "l1", holder: "box pid 1", expires_at: at + 60_000 })
      .execute();
    expect(await store.db.selectFrom("host_pacing").selectAll().execute()).toEqual([
      { host: "a.gov.cn", next_start_at: at, penalty_ms: 60_000 },
    ]);
    expect(await store.db.selectFrom("host_leases").selectAll().execute()).toEqual([
      { host: "a.gov.cn", lease_id: "l1", holder: "box pid 1", expires_at: at + 60_000 },
    ]);
    // One lease id per host.
    await expect(
      store.db
        .insertInto("host_leases")
        .values({ host: "a.gov.cn", lease_id: "l1", holder: "other", expires_at: 0 })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await store.close();

    await migrateStoreTo(where, "0015-blobs");
    const back = await openStore({ ...where, migrate: false });
    expect(await tablesLike(back.db, "host_%")).toEqual([]);
    await back.close();
  });
});
