import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { recordCrawlBatch } from "../queries/crawl-batch.js";
import { lastSuccessfulFetch } from "../queries/fetches.js";
import { useTempDirs } from "../testing/index.js";
import { migrateStoreTo } from "../testing/migration-stores.js";

const tempDir = useTempDirs();

describe("migration 0012-fetches-by-url-newest", () => {
  it("lets a URL's newest successful fetch be found from the newest back, without sorting its fetches", async () => {
    // At this migration: a later one indexes the fetches with a stored body apart (0018).
    const dataDir = tempDir();
    await migrateStoreTo({ dataDir }, "0012-fetches-by-url-newest");
    const store = await openStore({ dataDir, migrate: false });
    try {
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      const fetches = Array.from({ length: 30 }, (_, i) => ({
        url: i % 2 ? "https://a.gov.cn/list" : "https://a.gov.cn/other",
        status: i === 29 ? 503 : 200,
        sha256: i === 29 ? null : "ab".repeat(32),
        etag: `"${i}"`,
        at: at(i),
      }));
      await recordCrawlBatch(store.db, { fetches, findings: [], completions: [] });
      const plan = await sql<{ detail: string }>`explain query plan
        select * from fetches where url = ${"https://a.gov.cn/list"} and status = 200
        and sha256 is not null order by id desc limit 1`.execute(store.db);
      expect(plan.rows.map((r) => r.detail)).toEqual(["SEARCH fetches USING INDEX fetches_url_id (url=?)"]);
      expect((await lastSuccessfulFetch(store.db, "https://a.gov.cn/list", { withBody: true }))?.etag).toBe(
        '"27"',
      );
    } finally {
      await store.close();
    }
  });
});
