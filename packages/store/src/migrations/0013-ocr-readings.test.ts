import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { getReport } from "../queries/reports-read.js";
import { useTempDirs } from "../testing/index.js";
import { migrationProvider } from "./index.js";

const tempDir = useTempDirs();

/** The names of the migrations after `name`, in apply order (whatever lands after it later). */
const migrationsAfter = async (name: string) =>
  Object.keys(await migrationProvider.getMigrations())
    .filter((n) => n > name)
    .sort();

describe("migration 0013-ocr-readings", () => {
  it("adds the OCR columns to a store at 0012, the rows it held read as not OCR, and goes down again", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    expect(
      (
        await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo(
          "0012-fetches-by-url-newest",
        )
      ).error,
    ).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't');
      INSERT INTO reports (agency_id, year, text, extractor_version, created_at, updated_at)
        VALUES ('a', 2024, '', '1', 't', 't');
      INSERT INTO report_values (report_id, key, value, raw) VALUES (1, 'apply.new_received.total', 7, '7');
      INSERT INTO checks (report_id, key, severity, status) VALUES (1, 'T3-A:total', 'hard', 'fail');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toEqual(
      await migrationsAfter("0012-fetches-by-url-newest"),
    );
    expect(store.applied.slice(0, 2).map((r) => r.migrationName)).toEqual([
      "0013-ocr-readings",
      "0014-document-pages",
    ]);
    const report = await getReport(store.db, "a", 2024);
    expect(report?.values.map((v) => [v.key, v.value, v.ocr])).toEqual([
      ["apply.new_received.total", 7, null],
    ]);
    expect(report?.checks.map((c) => [c.key, c.ocr_review])).toEqual([["T3-A:total", 0]]);
    await store.close();

    const back = await openStore({ dataDir: dir, migrate: false });
    const down = await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo(
      "0012-fetches-by-url-newest",
    );
    expect(down.error).toBeUndefined();
    const columns = async (table: string) =>
      (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(back.db)).rows.map(
        (c) => c.name,
      );
    expect(await columns("report_values")).not.toContain("ocr_level");
    expect(await columns("checks")).not.toContain("ocr_review");
    expect(await back.db.selectFrom("report_values").select("value").execute()).toEqual([{ value: 7 }]);
    await back.close();
  });
});
