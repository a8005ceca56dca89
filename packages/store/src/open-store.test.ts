import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "touming-open-"));
  dirs.push(dir);
  return dir;
}

describe("openStore", () => {
  it("migrates an empty directory to the full schema, then applies nothing the second time", async () => {
    const dir = tempDir();
    const first = await openStore({ dataDir: dir });
    expect(first.applied.map((r) => [r.migrationName, r.status])).toEqual([
      ["0001-initial-schema", "Success"],
      ["0002-crawl-frontier", "Success"],
      ["0003-publication-inputs", "Success"],
      ["0004-drop-value-key-index", "Success"],
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
      "checks",
      "crawl_findings",
      "crawl_frontier",
      "document_changes",
      "documents",
      "fetches",
      "grades",
      "kysely_migration",
      "kysely_migration_lock",
      "publications",
      "report_sections",
      "report_values",
      "reports",
      "runs",
      "stage_locks",
    ]);

    const second = await openStore({ dataDir: dir });
    expect(second.applied).toEqual([]);
    await second.close();
  });

  it("uses WAL, enforces foreign keys and sets a busy timeout", async () => {
    const store = await openStore({ dataDir: tempDir(), busyTimeoutMs: 4321 });
    const raw = new SqliteDatabase(store.dbFile);
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

  it("puts the database where --db says, and the blobs under the data directory", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "elsewhere", "x.sqlite");
    const store = await openStore({ dataDir: path.join(dir, "data"), dbFile });
    expect(store.dbFile).toBe(dbFile);
    expect(store.blobs.root).toBe(path.join(dir, "data", "blobs"));
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
