import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { DirectoryBlobStore } from "./blob-stores/directory.js";
import { migrationProvider } from "./migrations/index.js";
import { openStore } from "./open-store.js";
import { getAgency, listAgencies } from "./queries/agencies.js";
import { testAgency, useTempDirs, useTempStore } from "./testing/index.js";
import { upsertAgencies } from "./queries/agencies.js";

const tempDir = useTempDirs();
const tempStore = useTempStore();

/** The names of the migrations after `name`, in apply order (whatever lands beside 0007 later). */
const migrationsAfter = async (name: string) =>
  Object.keys(await migrationProvider.getMigrations())
    .filter((n) => n > name)
    .sort();

const run = () => ({
  stage: "crawl",
  started_at: "2026-01-01T00:00:00.000Z",
  status: "running" as const,
  counters: "{}",
  pid: 1,
  host: "h",
});

describe("openStore", () => {
  it("migrates an empty directory to the full schema, then applies nothing the second time", async () => {
    const dir = tempDir();
    const first = await openStore({ dataDir: dir });
    expect(first.applied.map((r) => [r.migrationName, r.status])).toEqual([
      ["0001-initial-schema", "Success"],
      ["0002-crawl-frontier", "Success"],
      ["0003-publication-inputs", "Success"],
      ["0004-drop-value-key-index", "Success"],
      ["0005-check-sides", "Success"],
      ["0006-crawl-coverage", "Success"],
      ["0007-listed-date-source", "Success"],
      ["0008-monitoring-window", "Success"],
      ["0009-outbox", "Success"],
      ["0010-reviews", "Success"],
      ["0011-feed-entries", "Success"],
      ["0012-fetches-by-url-newest", "Success"],
      ["0013-ocr-readings", "Success"],
      ["0014-document-pages", "Success"],
      ["0015-blobs", "Success"],
      ["0016-host-leases", "Success"],
      ["0017-frontier-rounds", "Success"],
      ["0018-fetches-stored-by-url", "Success"],
    ]);
    expect(first.dbFile).toBe(path.join(dir, "touming.db"));
    await first.close();

    const raw = new SqliteDatabase(path.join(dir, "touming.db"), { readonly: true });
    const tables = raw
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .pluck()
      .all();
    raw.close();
    expect(tables).toEqual([
      "agencies",
      "blobs",
      "checks",
      "crawl_coverage",
      "crawl_findings",
      "crawl_frontier",
      "document_changes",
      "documents",
      "feed_entries",
      "fetches",
      "frontier_rounds",
      "grades",
      "host_leases",
      "host_pacing",
      "kysely_migration",
      "kysely_migration_lock",
      "outbox",
      "publications",
      "report_sections",
      "report_values",
      "reports",
      "reviews",
      "runs",
      "stage_locks",
    ]);

    const second = await openStore({ dataDir: dir });
    expect(second.applied).toEqual([]);
    await second.close();
  });

  it("0005 renames a check's sides to left and right and keeps what a store held", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0004-drop-value-key-index")).error).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't');
      INSERT INTO reports (agency_id, year, text, extractor_version, created_at, updated_at)
        VALUES ('a', 2024, '', 'x', 't', 't');
      INSERT INTO checks (report_id, key, severity, status, expected, actual, message)
        VALUES (1, 'T3-A:total', 'hard', 'fail', 'handled_total = 9', 'new_received = 10', 'm');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toEqual(
      await migrationsAfter("0004-drop-value-key-index"),
    );
    expect(await store.db.selectFrom("checks").select(["key", "left", "right"]).execute()).toEqual([
      { key: "T3-A:total", left: "new_received = 10", right: "handled_total = 9" },
    ]);
    await store.close();
  });

  it("0007 adds documents.listed_date_source, null for the documents a store held, and keeps their dates", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0005-check-sides")).error).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't');
      INSERT INTO documents (agency_id, url, title, listed_date, kind, first_seen_at, last_seen_at, fetch_state, extraction_state)
        VALUES ('a', 'https://a.gov.cn/1.html', '年报', '2025-01-24', 'article', 't', 't', 'fetched', 'done');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0005-check-sides"));
    const read = () =>
      store.db.selectFrom("documents").select(["url", "listed_date", "listed_date_source"]).execute();
    expect(await read()).toEqual([
      { url: "https://a.gov.cn/1.html", listed_date: "2025-01-24", listed_date_source: null },
    ]);
    await store.db.updateTable("documents").set({ listed_date_source: "api" }).execute();
    expect((await read())[0]?.listed_date_source).toBe("api");
    await store.close();

    // Down again: the column goes, the rows stay.
    const back = await openStore({ dataDir: dir, migrate: false });
    const down = await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo(
      "0005-check-sides",
    );
    expect(down.error).toBeUndefined();
    const columns = await sql<{ name: string }>`select name from pragma_table_info('documents')`.execute(
      back.db,
    );
    expect(columns.rows.map((c) => c.name)).not.toContain("listed_date_source");
    expect(await back.db.selectFrom("documents").select("listed_date").execute()).toEqual([
      { listed_date: "2025-01-24" },
    ]);
    await back.close();
  });

  it("0008 adds agencies.monitor_from and monitor_until, null for the agencies a store held", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0007-listed-date-source")).error).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, deadline_override, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '["https://a.gov.cn/ndbg/"]', '01-28', '{}', 't', 't'),
               ('b', '某县人民政府', '320826', 'county', '[]', NULL, '{"minHostDelayMs":0}', 't', 't');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toEqual(
      await migrationsAfter("0007-listed-date-source"),
    );
    expect(await listAgencies(store.db)).toEqual([
      {
        id: "a",
        name: "某局",
        regionCode: "320800",
        level: "department",
        parentId: null,
        siteUrl: null,
        listUrls: ["https://a.gov.cn/ndbg/"],
        deadlineOverride: "01-28",
        monitorFrom: null,
        monitorUntil: null,
        crawlOptions: {},
      },
      {
        id: "b",
        name: "某县人民政府",
        regionCode: "320826",
        level: "county",
        parentId: null,
        siteUrl: null,
        listUrls: [],
        deadlineOverride: null,
        monitorFrom: null,
        monitorUntil: null,
        crawlOptions: { minHostDelayMs: 0 },
      },
    ]);
    await store.db.updateTable("agencies").set({ monitor_from: 2022 }).where("id", "=", "a").execute();
    expect((await getAgency(store.db, "a"))?.monitorFrom).toBe(2022);
    await store.close();

    // Stored as integers; down again, the columns go and the agencies stay.
    const check = new SqliteDatabase(path.join(dir, "touming.db"), { readonly: true });
    expect(check.prepare("select typeof(monitor_from) from agencies where id = 'a'").pluck().get()).toBe(
      "integer",
    );
    check.close();
    const back = await openStore({ dataDir: dir, migrate: false });
    const down = await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo(
      "0007-listed-date-source",
    );
    expect(down.error).toBeUndefined();
    const columns = await sql<{ name: string }>`select name from pragma_table_info('agencies')`.execute(
      back.db,
    );
    expect(columns.rows.map((c) => c.name)).not.toContain("monitor_from");
    expect(columns.rows.map((c) => c.name)).not.toContain("monitor_until");
    expect(await back.db.selectFrom("agencies").select("id").orderBy("id").execute()).toEqual([
      { id: "a" },
      { id: "b" },
    ]);
    await back.close();
  });

  it("uses WAL, enforces foreign keys and sets a busy timeout", async () => {
    const store = await openStore({ dataDir: tempDir(), busyTimeoutMs: 4321 });
    const raw = new SqliteDatabase(store.dbFile!);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
    await expect(
      store.db
        .insertInto("reports")
        .values({
          agency_id: "no-such-agency",
          year: 2024,
          text: "",
          extractor_version: "x",
          created_at: "t",
          updated_at: "t",
        })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await store.close();
  });

  it("a transaction SQLite has already ended (as on SQLITE_FULL) fails with its own error, not the rollback's", async () => {
    // Before: Kysely's ROLLBACK after the failure threw "cannot rollback - no transaction is active",
    // and a full disk during a crawl was reported as that instead of as a full disk.
    const store = await openStore({ dataDir: tempDir() });
    const failing = store.db.transaction().execute(async (trx) => {
      await trx.insertInto("runs").values(run()).execute();
      await sql`rollback`.execute(trx); // what SQLite does itself on some errors
      throw new Error("database or disk is full");
    });
    await expect(failing).rejects.toThrow(/^database or disk is full$/);
    // The store goes on: a later transaction commits.
    await store.db.transaction().execute((trx) => trx.insertInto("runs").values(run()).execute());
    expect(await store.db.selectFrom("runs").select("id").execute()).toHaveLength(1);
    await store.close();
  });

  it("reopens the same store from its `reopen` options (as a grading thread does), migrating nothing", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "mz", name: "某县民政局" })]);
    expect(structuredClone(store.reopen)).toEqual(store.reopen);
    expect(store.reopen.migrate).toBe(false);
    const again = await openStore(store.reopen);
    try {
      expect(again.location).toBe(store.location);
      expect(again.applied).toEqual([]);
      expect((await listAgencies(again.db)).map((a) => a.name)).toEqual(["某县民政局"]);
    } finally {
      await again.close();
    }
  });

  it("puts the database where --db says, and the blobs under the data directory", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "elsewhere", "x.sqlite");
    const store = await openStore({ dataDir: path.join(dir, "data"), dbFile });
    expect(store.dbFile).toBe(dbFile);
    expect(store.blobs).toBeInstanceOf(DirectoryBlobStore);
    expect((store.blobs as DirectoryBlobStore).root).toBe(path.join(dir, "data", "blobs"));
    expect(store.blobs.location).toBe(path.join(dir, "data", "blobs"));
    await store.close();
  });

  it("names the file when the database cannot be opened", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "not-a-db");
    const fs = await import("node:fs");
    fs.writeFileSync(
      dbFile,
      "this is not an SQLite file, just text that is long enough to have a header".repeat(20),
    );
    await expect(openStore({ dataDir: dir, dbFile })).rejects.toThrow(
      new RegExp(`^${dbFile.replace(/[/.]/g, "\\$&")}: `),
    );
  });
});
