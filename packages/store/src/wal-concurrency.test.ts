import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./queries/agencies.js";
import { testAgency, testDialect, useTempStore } from "./testing/index.js";

const tempStore = useTempStore();

// SQLite only: PostgreSQL gives readers the same snapshot by MVCC (postgres-dialect.test.ts).
describe.skipIf(testDialect() !== "sqlite")("WAL", () => {
  it("a reader in another connection reads the last committed state while a write is open", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);

    const writer = new SqliteDatabase(store.dbFile!, { timeout: 0 });
    const reader = new SqliteDatabase(store.dbFile!, { readonly: true, timeout: 0 });
    const count = () => reader.prepare("select count(*) from agencies").pluck().get();
    try {
      writer.exec("BEGIN IMMEDIATE");
      writer
        .prepare(
          `insert into agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
           values ('b', '乙', '320800', 'city', '[]', '{}', 't', 't')`,
        )
        .run();
      // Not blocked, and sees only committed rows.
      expect(count()).toBe(1);
      // The Kysely connection reads too.
      const viaStore = await store.db.selectFrom("agencies").select("id").execute();
      expect(viaStore.map((r) => r.id)).toEqual(["a"]);
      writer.exec("COMMIT");
      expect(count()).toBe(2);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it("a transaction that reads and then writes keeps the write lock from its start: another connection's write waits for it, and neither is lost", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);
    const other = new SqliteDatabase(store.dbFile!, { timeout: 0 });
    const insertB = other.prepare(
      `insert into agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
       values ('b', '乙', '320800', 'city', '[]', '{}', 't', 't')`,
    );
    let refused: unknown;
    try {
      await store.db.transaction().execute(async (trx) => {
        // A read first: a deferred transaction would hold only a read snapshot here.
        await trx.selectFrom("agencies").select("id").execute();
        // The other connection's write (SQLite in another thread or process) cannot slip in between.
        try {
          insertB.run();
        } catch (error) {
          refused = error;
        }
        // Deferred, this write failed at once (SQLITE_BUSY_SNAPSHOT) had the other write committed.
        await trx.updateTable("agencies").set({ name: "甲" }).where("id", "=", "a").execute();
      });
      expect((refused as { code?: string }).code).toBe("SQLITE_BUSY");
      // Once committed, the other connection writes.
      insertB.run();
      const rows = await store.db.selectFrom("agencies").select(["id", "name"]).orderBy("id").execute();
      expect(rows).toEqual([
        { id: "a", name: "甲" },
        { id: "b", name: "乙" },
      ]);
    } finally {
      other.close();
    }
  });
});
