import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../blob-store.js";
import { openStore } from "../open-store.js";
import { testDialect } from "../testing/index.js";
import {
  migrateStoreTo,
  migrationsAfter,
  tablesLike,
  useMigrationStores,
} from "../testing/migration-stores.js";

const stores = useMigrationStores();

describe("migration 0015-blobs", () => {
  it("adds the blobs table to a store at 0014, keeps what the store held, and goes down again", async () => {
    const where = await stores.emptyDatabase();
    await migrateStoreTo(where, "0014-document-pages");
    const old = await openStore({ ...where, migrate: false });
    await old.db
      .insertInto("agencies")
      .values({
        id: "a",
        name: "某局",
        region_code: "320800",
        level: "department",
        list_urls: "[]",
        crawl_options: "{}",
        first_imported_at: "t",
        updated_at: "t",
      })
      .execute();
    await old.close();

    const store = await openStore({ ...where, blobStore: "database" });
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0014-document-pages"));
    expect(store.applied[0]?.migrationName).toBe("0015-blobs");
    expect(await store.db.selectFrom("agencies").select(["id", "name"]).execute()).toEqual([
      { id: "a", name: "某局" },
    ]);
    const bytes = Buffer.from("%PDF-1.7\n%%EOF");
    const { sha256 } = await store.blobs.put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    const row = await store.db.selectFrom("blobs").selectAll().executeTakeFirstOrThrow();
    expect(row.sha256).toBe(sha256);
    expect(Buffer.isBuffer(row.bytes)).toBe(true);
    expect(row.bytes.equals(bytes)).toBe(true);
    expect(Number(row.size)).toBe(bytes.byteLength);
    expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The key is the digest: a second row of the same blob is refused by the table itself.
    await expect(
      store.db
        .insertInto("blobs")
        .values({ ...row, created_at: "t" })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await expect(
      store.db
        .insertInto("blobs")
        .values({ sha256: "0".repeat(64), bytes: null as unknown as Buffer, size: 0, created_at: "t" })
        .execute(),
    ).rejects.toThrow(/not[ -]?null/i);
    await store.close();

    await migrateStoreTo(where, "0014-document-pages");
    const back = await openStore({ ...where, migrate: false });
    expect(await tablesLike(back.db, "blobs")).toEqual([]);
    expect(await back.db.selectFrom("agencies").select("id").execute()).toEqual([{ id: "a" }]);
    await back.close();
  });

  it("makes bytes a blob column on SQLite and a bytea column on PostgreSQL", async () => {
    const where = await stores.emptyDatabase();
    const store = await openStore(where);
    stores.defer(() => store.close());
    const columns =
      testDialect() === "sqlite"
        ? await sql<{ name: string; type: string; notnull: number }>`
            select name, lower(type) as type, "notnull" from pragma_table_info('blobs') order by cid`.execute(
            store.db,
          )
        : await sql<{ name: string; type: string; notnull: number }>`
            select column_name as name, data_type as type,
                   case when is_nullable = 'NO' then 1 else 0 end as "notnull"
              from information_schema.columns
             where table_schema = current_schema() and table_name = 'blobs' order by ordinal_position`.execute(
            store.db,
          );
    const binary = testDialect() === "sqlite" ? "blob" : "bytea";
    expect(columns.rows.map((c) => [c.name, c.type, Number(c.notnull)])).toEqual([
      ["sha256", "text", 1],
      ["bytes", binary, 1],
      ["size", "integer", 1],
      ["created_at", "text", 1],
    ]);
  });
});
