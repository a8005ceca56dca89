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
});
