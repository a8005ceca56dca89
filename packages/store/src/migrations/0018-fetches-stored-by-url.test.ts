import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { recordCrawlBatch } from "../queries/crawl-batch.js";
import { lastSuccessfulFetch } from "../queries/fetches.js";
import { testDialect } from "../testing/postgres-databases.js";
import { migrateStoreTo, migrationsAfter, useMigrationStores } from "../testing/migration-stores.js";

const stores = useMigrationStores();
const LIST = "https://a.gov.cn/ndbg/";

describe("migration 0018-fetches-stored-by-url", () => {
  it("finds a list page's stored body past a year of 304s through an index of stored bodies only, and goes down again", async () => {
    const where = await stores.emptyDatabase();
    await migrateStoreTo(where, "0017-frontier-rounds");
    const store = await openStore(where);
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0017-frontier-rounds"));
    expect(store.applied[0]?.migrationName).toBe("0018-fetches-stored-by-url");
    const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day, 2)).toISOString();
    // The page changed twice, then was answered 304 every night for a year; another URL in between.
    const fetches = [
      { url: LIST, status: 200, sha256: "aa".repeat(32), etag: '"1"', at: at(0) },
      { url: LIST, status: 200, sha256: "bb".repeat(32), etag: '"2"', at: at(1) },
      ...Array.from({ length: 365 }, (_, day) => [
        { url: LIST, status: 304, sha256: null, etag: '"2"', at: at(2 + day) },
        { url: `${LIST}other`, status: 200, sha256: "cc".repeat(32), etag: null, at: at(2 + day) },
      ]).flat(),
      { url: LIST, status: 200, sha256: null, etag: null, at: at(400) },
    ];
    await recordCrawlBatch(store.db, { fetches, findings: [], completions: [] });
    const stored = await lastSuccessfulFetch(store.db, LIST, { withBody: true });
    expect([stored?.sha256, stored?.etag, stored?.fetched_at]).toEqual(["bb".repeat(32), '"2"', at(1)]);
    // Without the body: the newest answer of any kind, the empty 200.
    expect((await lastSuccessfulFetch(store.db, LIST))?.fetched_at).toBe(at(400));
    if (testDialect() === "sqlite") {
      const plan = await sql<{ detail: string }>`explain query plan
        select * from fetches where url = ${LIST} and status = ${200}
        and sha256 is not null order by id desc limit ${1}`.execute(store.db);
      expect(plan.rows.map((r) => r.detail)).toEqual([
        "SEARCH fetches USING INDEX fetches_url_stored (url=?)",
      ]);
    } else {
      const index = await sql<{ def: string }>`select indexdef as def from pg_indexes
        where tablename = 'fetches' and indexname = 'fetches_url_stored'`.execute(store.db);
      expect(index.rows.map((r) => r.def.replace(/\s+/g, " "))).toEqual([
        expect.stringMatching(/\(url, id\) WHERE \(\(status = 200\) AND \(sha256 IS NOT NULL\)\)$/),
      ]);
    }
    await store.close();

    await migrateStoreTo(where, "0017-frontier-rounds");
    const back = await openStore({ ...where, migrate: false });
    expect((await lastSuccessfulFetch(back.db, LIST, { withBody: true }))?.sha256).toBe("bb".repeat(32));
    const indexes =
      testDialect() === "sqlite"
        ? await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and name = 'fetches_url_stored'`.execute(
            back.db,
          )
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where indexname = 'fetches_url_stored'`.execute(
            back.db,
          );
    expect(indexes.rows).toEqual([]);
    await back.close();
  });
});
