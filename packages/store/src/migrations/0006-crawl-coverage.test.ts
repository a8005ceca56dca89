import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { crawlCoverage, recordCrawlCoverage } from "../queries/crawl-coverage.js";
import { useTempDirs } from "../testing/index.js";
import { migrationProvider } from "./index.js";

const tempDir = useTempDirs();

describe("migration 0006-crawl-coverage", () => {
  it("adds crawl_coverage to a store at 0005 and keeps what it held", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0005-check-sides")).error).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't');
      INSERT INTO runs (stage, started_at, status, counters, pid, host)
        VALUES ('crawl', '2026-01-01T00:00:00.000Z', 'ok', '{}', 1, 'h');
      INSERT INTO crawl_findings (run_id, agency_id, url, kind, detail, created_at)
        VALUES (1, 'a', 'https://a.example/list/', 'failed', 'HTTP 500', '2026-01-01T00:01:00.000Z');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    const applied = store.applied.map((r) => r.migrationName);
    expect(applied).toContain("0006-crawl-coverage");
    expect(applied).not.toContain("0005-check-sides");
    expect(
      await store.db.selectFrom("crawl_findings").select(["run_id", "kind", "detail"]).execute(),
    ).toEqual([{ run_id: 1, kind: "failed", detail: "HTTP 500" }]);
    expect(await crawlCoverage(store.db, "a")).toEqual([]);
    const reasons = [{ url: "https://a.example/list/", kind: "failed", detail: "HTTP 500" }];
    await recordCrawlCoverage(
      store.db,
      [{ runId: 1, agencyId: "a", complete: false, reasons }],
      () => new Date("2026-01-01T00:02:00Z"),
    );
    expect(await crawlCoverage(store.db, "a")).toEqual([
      { runId: 1, agencyId: "a", finishedAt: "2026-01-01T00:02:00.000Z", complete: false, reasons },
    ]);
    await store.close();

    // Stored as an integer 0/1 and JSON text, with an index for an agency's rows.
    const check = new SqliteDatabase(path.join(dir, "touming.db"), { readonly: true });
    expect(check.prepare("select complete, typeof(complete) as t from crawl_coverage").get()).toEqual({
      complete: 0,
      t: "integer",
    });
    expect(
      check
        .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'crawl_coverage'")
        .pluck()
        .all(),
    ).toContain("crawl_coverage_agency");
    check.close();
  });

  it("goes down again, leaving the rest of the store", async () => {
    const store = await openStore({ dataDir: tempDir() });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0005-check-sides")).error).toBeUndefined();
    const tables = await store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain("crawl_coverage");
    expect(tables.map((t) => t.name)).toContain("crawl_findings");
    await store.close();
  });
});
