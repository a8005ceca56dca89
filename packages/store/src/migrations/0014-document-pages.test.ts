import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { useTempDirs } from "../testing/index.js";
import { migrationProvider } from "./index.js";

const tempDir = useTempDirs();

/** The names of the migrations after `name`, in apply order (whatever lands after it later). */
const migrationsAfter = async (name: string) =>
  Object.keys(await migrationProvider.getMigrations())
    .filter((n) => n > name)
    .sort();

describe("migration 0014-document-pages", () => {
  it("adds documents.page to a store at 0013, null for the documents it held, and goes down again", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const to13 = await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo(
      "0013-ocr-readings",
    );
    expect(to13.error).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`
      INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
        VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't');
      INSERT INTO documents (agency_id, url, kind, first_seen_at, last_seen_at)
        VALUES ('a', 'https://a.gov.cn/1.html', 'article', 't', 't');
    `);
    raw.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toEqual(await migrationsAfter("0013-ocr-readings"));
    expect(store.applied[0]?.migrationName).toBe("0014-document-pages");
    expect(await store.db.selectFrom("documents").select(["url", "page"]).execute()).toEqual([
      { url: "https://a.gov.cn/1.html", page: null },
    ]);
    await store.close();

    const back = await openStore({ dataDir: dir, migrate: false });
    const down = await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo(
      "0013-ocr-readings",
    );
    expect(down.error).toBeUndefined();
    const columns = (
      await sql<{ name: string }>`select name from pragma_table_info('documents')`.execute(back.db)
    ).rows.map((c) => c.name);
    expect(columns).not.toContain("page");
    expect(await back.db.selectFrom("documents").select("url").execute()).toEqual([
      { url: "https://a.gov.cn/1.html" },
    ]);
    await back.close();
  });
});
