import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { type StoreOptions, openStore } from "../open-store.js";
import { createTestDatabase, testDialect, useCleanups, useTempDirs } from "../testing/index.js";
import { migrationProvider } from "./index.js";

const tempDir = useTempDirs();
const defer = useCleanups();

/** Where a store of the test run's database is: a fresh, unmigrated PostgreSQL database, or an SQLite file. */
async function emptyDatabase(): Promise<StoreOptions> {
  const dataDir = tempDir();
  if (testDialect() === "sqlite") return { dataDir };
  const database = await createTestDatabase({ migrated: false });
  defer(() => database.drop());
  return { dataDir, databaseUrl: database.url, maxConnections: 2 };
}

describe("migration 0016-host-leases", () => {
  it("adds host_pacing and host_leases to a store at 0015, holding epoch milliseconds, and goes down again", async () => {
    const where = await emptyDatabase();
    const old = await openStore({ ...where, migrate: false });
    const to15 = await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo("0015-blobs");
    expect(to15.error).toBeUndefined();
    await old.close();

    const store = await openStore(where);
    expect(store.applied.map((r) => r.migrationName)).toContain("0016-host-leases");
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

    const back = await openStore({ ...where, migrate: false });
    const down = await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo("0015-blobs");
    expect(down.error).toBeUndefined();
    const remaining =
      testDialect() === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master where name like 'host_%'`.execute(
            back.db,
          )
        : await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_name like 'host_%'`.execute(back.db);
    expect(remaining.rows).toEqual([]);
    await back.close();
  });
});
