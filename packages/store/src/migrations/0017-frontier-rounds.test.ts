import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import {
  migrateStoreTo,
  migrationsAfter,
  tablesLike,
  useMigrationStores,
} from "../testing/migration-stores.js";

const stores = useMigrationStores();

describe("migration 0017-frontier-rounds", () => {
  it("adds frontier_rounds to a store at 0016 (no round: a crawl in progress resumes as before), and goes down again", async () => {
    const where = await stores.emptyDatabase();
    await migrateStoreTo(where, "0016-host-leases");

    const store = await openStore(where);
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0016-host-leases"));
    expect(store.applied[0]?.migrationName).toBe("0017-frontier-rounds");
    expect(await store.db.selectFrom("frontier_rounds").selectAll().execute()).toEqual([]);
    await store.db
      .insertInto("frontier_rounds")
      .values({ agency_id: "a", started_at: "2026-11-30T02:00:00.000Z", ended_at: null })
      .execute();
    expect(await store.db.selectFrom("frontier_rounds").selectAll().execute()).toEqual([
      { agency_id: "a", started_at: "2026-11-30T02:00:00.000Z", ended_at: null, findings_after_id: 0 },
    ]);
    // One round per agency.
    await expect(
      store.db
        .insertInto("frontier_rounds")
        .values({ agency_id: "a", started_at: "2026-11-30T03:00:00.000Z", ended_at: null })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await store.close();

    await migrateStoreTo(where, "0016-host-leases");
    const back = await openStore({ ...where, migrate: false });
    expect(await tablesLike(back.db, "frontier_%")).toEqual([]);
    await back.close();
  });
});
