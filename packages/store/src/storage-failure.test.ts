import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DirectoryBlobStore } from "./blob-stores/directory.js";
import { StoreOpenError, StoreReadOnlyError } from "./errors.js";
import { storageFailure } from "./storage-failure.js";
import { databaseNameOf, openStoreAgain, testDialect, useTempStore } from "./testing/index.js";

const newStore = useTempStore();

const errno = (code: string, syscall: string, file = "/data/blobs/.tmp/x") =>
  Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });
const sqlite = (code: string) => Object.assign(new Error("database or disk is full"), { code });

describe("storageFailure", () => {
  it.each([
    [
      "ENOSPC from a write",
      errno("ENOSPC", "write"),
      { kind: "full", code: "ENOSPC", path: "/data/blobs/.tmp/x" },
    ],
    [
      "EDQUOT (quota) from a write",
      errno("EDQUOT", "write"),
      { kind: "full", code: "EDQUOT", path: "/data/blobs/.tmp/x" },
    ],
    ["SQLITE_FULL", sqlite("SQLITE_FULL"), { kind: "full", code: "SQLITE_FULL", path: null }],
    [
      "EROFS from an open",
      errno("EROFS", "open"),
      { kind: "read-only", code: "EROFS", path: "/data/blobs/.tmp/x" },
    ],
    [
      "SQLITE_READONLY",
      sqlite("SQLITE_READONLY"),
      { kind: "read-only", code: "SQLITE_READONLY", path: null },
    ],
    [
      "SQLITE_READONLY_DBMOVED",
      sqlite("SQLITE_READONLY_DBMOVED"),
      { kind: "read-only", code: "SQLITE_READONLY_DBMOVED", path: null },
    ],
    [
      "EACCES from a mkdir",
      errno("EACCES", "mkdir", "/data/blobs/ab"),
      { kind: "read-only", code: "EACCES", path: "/data/blobs/ab" },
    ],
    [
      "a StoreReadOnlyError",
      new StoreReadOnlyError("/data", "EACCES"),
      { kind: "read-only", code: "EACCES", path: "/data" },
    ],
    [
      "SQLITE_FULL as the cause of a wrapper",
      new StoreOpenError("cannot open", { cause: sqlite("SQLITE_FULL") }),
      { kind: "full", code: "SQLITE_FULL", path: null },
    ],
  ])("%s is a storage failure", (_name, error, expected) => {
    expect(storageFailure(error)).toEqual(expected);
  });

  it.each([
    ["EACCES from an open (it may be a read)", errno("EACCES", "open")],
    ["ENOENT", errno("ENOENT", "open")],
    ["a network error", errno("ECONNRESET", "read")],
    ["SQLITE_CONSTRAINT", sqlite("SQLITE_CONSTRAINT_UNIQUE")],
    ["a plain error", new Error("boom")],
    ["a string", "boom"],
  ])("%s is not", (_name, error) => {
    expect(storageFailure(error)).toBeNull();
  });

  it.skipIf(testDialect() !== "sqlite")(
    "classifies what SQLite really raises when the database cannot grow, and the database stays sound",
    async () => {
      const store = await newStore();
      const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(store.db);
      // Writes past this many pages fail exactly as they do on a full disk.
      await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count + 2}`).execute(store.db);
      const error = await store.db
        .insertInto("runs")
        .values({
          stage: "x".repeat(200_000),
          started_at: "2026-01-01T00:00:00.000Z",
          status: "running",
          counters: "{}",
          pid: 1,
          host: "h",
        })
        .execute()
        .catch((e: unknown) => e);
      expect(storageFailure(error)).toEqual({ kind: "full", code: "SQLITE_FULL", path: null });
      const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.db);
      expect(check.rows).toEqual([{ integrity_check: "ok" }]);
    },
  );

  it.skipIf(testDialect() !== "postgres")(
    "classifies what PostgreSQL really raises for a database set read-only (as a standby is)",
    async () => {
      const store = await newStore();
      await sql
        .raw(`ALTER DATABASE ${databaseNameOf(store)} SET default_transaction_read_only = on`)
        .execute(store.db);
      const readOnly = await openStoreAgain(store, { migrate: false });
      try {
        const error = await readOnly.db
          .insertInto("runs")
          .values({ stage: "x", started_at: "t", status: "running", counters: "{}", pid: 1, host: "h" })
          .execute()
          .catch((e: unknown) => e);
        expect(storageFailure(error)).toEqual({ kind: "read-only", code: "25006", path: null });
      } finally {
        await readOnly.close();
      }
    },
  );

  it("classifies PostgreSQL's disk-full SQLSTATE", () => {
    expect(storageFailure(Object.assign(new Error("could not extend file"), { code: "53100" }))).toEqual({
      kind: "full",
      code: "53100",
      path: null,
    });
  });
});

describe("DirectoryBlobStore.sweepTemp", () => {
  it("removes the temp files of dead writers and keeps those of live ones", async () => {
    const store = await newStore();
    expect(store.blobs).toBeInstanceOf(DirectoryBlobStore);
    const tmp = path.join((store.blobs as DirectoryBlobStore).root, ".tmp");
    mkdirSync(tmp, { recursive: true });
    const sha = "cd".repeat(32);
    const here = hostname().replace(/[^A-Za-z0-9-]/g, "-");
    // pid 2^22 + 1 is above Linux's pid_max: no process has it.
    const dead = `${sha}.${2 ** 22 + 1}.0123456789ab.${here}`;
    const live = `${sha}.${process.pid}.0123456789ab.${here}`;
    const deadBeforeHosts = `${sha}.${2 ** 22 + 1}.0123456789ac`;
    // Another machine writing into a shared blob directory: its pid means nothing here.
    const elsewhere = `${sha}.${2 ** 22 + 1}.0123456789ad.other-machine`;
    for (const name of [dead, live, deadBeforeHosts, elsewhere, "not-a-temp-name"])
      writeFileSync(path.join(tmp, name), "half");
    expect(await store.blobs.sweepTemp()).toBe(3);
    expect(readdirSync(tmp).sort()).toEqual([live, elsewhere].sort());
    expect(await store.blobs.has(sha)).toBe(false);
  });

  it("is a no-op before the first blob", async () => {
    const store = await newStore();
    expect(await store.blobs.sweepTemp()).toBe(0);
  });
});
