import { randomBytes } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type BlobStore, sha256Hex } from "../blob-store.js";
import { BlobCorruptError } from "../errors.js";
import { type Store, openStore } from "../open-store.js";
import { testDialect, useCleanups, useTempStore } from "../testing/index.js";
import { DatabaseBlobStore } from "./database.js";
import { DirectoryBlobStore } from "./directory.js";

type Kind = BlobStore["kind"];

/** sha256 of no bytes. */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The same behaviour from both kinds of blob store, on the test run's database (SQLite or PostgreSQL). */
describe.each<Kind>(["directory", "database"])("%s blob store", (kind) => {
  const newStore = useTempStore({ blobStore: kind });
  const defer = useCleanups();

  /**
   * A second store on the same database and blob directory, as another process or machine opens
   * it. The test cluster's URL has no password, so the store's location is its URL.
   */
  async function secondStore(first: Store): Promise<Store> {
    const where =
      first.dialect.name === "postgres"
        ? { databaseUrl: first.location, maxConnections: 4 }
        : { dbFile: first.dbFile! };
    expect(first.location).not.toContain("***");
    const store = await openStore({ dataDir: first.dataDir, blobStore: kind, ...where });
    defer(() => store.close());
    return store;
  }

  /** Overwrites a stored blob's bytes behind the store's back. */
  async function damage(store: Store, sha256: string, bytes: Buffer): Promise<void> {
    if (store.blobs instanceof DirectoryBlobStore) {
      writeFileSync(store.blobs.pathOf(sha256), bytes);
    } else {
      const updated = await store.db
        .updateTable("blobs")
        .set({ bytes })
        .where("sha256", "=", sha256)
        .executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(1n);
    }
  }

  /** How many blobs the store holds: files under its directory, or rows of `blobs`. */
  async function blobCount(store: Store): Promise<number> {
    if (store.blobs instanceof DirectoryBlobStore) {
      const root = store.blobs.root;
      return readdirSync(root)
        .filter((name) => name !== ".tmp")
        .reduce((n, shard) => n + readdirSync(path.join(root, shard)).length, 0);
    }
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from blobs`.execute(store.db);
    return Number(rows[0]!.n);
  }

  it("is the kind asked for, on the test run's database", async () => {
    const store = await newStore();
    expect(store.dialect.name).toBe(testDialect());
    expect(store.blobs.kind).toBe(kind);
    if (kind === "directory") {
      expect(store.blobs).toBeInstanceOf(DirectoryBlobStore);
      expect(store.blobs.location).toBe(path.join(store.dataDir, "blobs"));
    } else {
      expect(store.blobs).toBeInstanceOf(DatabaseBlobStore);
      expect(store.blobs.location).toBe("database");
    }
  });

  it("gives back exactly the bytes put, and storing them again writes nothing", async () => {
    const store = await newStore();
    const bytes = Buffer.from("淮安市2024年政府信息公开工作年度报告", "utf8");
    const first = await store.blobs.put(bytes);
    expect(first).toEqual({ sha256: sha256Hex(bytes), bytes: bytes.byteLength, existed: false });
    expect(await store.blobs.put(Buffer.from(bytes))).toEqual({ ...first, existed: true });
    const read = await store.blobs.get(first.sha256);
    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read.toString("utf8")).toBe("淮安市2024年政府信息公开工作年度报告");
    expect(await blobCount(store)).toBe(1);
  });

  it("round-trips 3 MB of random bytes", async () => {
    const store = await newStore();
    const bytes = randomBytes(3 * 1024 * 1024);
    const { sha256, bytes: size, existed } = await store.blobs.put(bytes);
    expect([sha256, size, existed]).toEqual([sha256Hex(bytes), 3 * 1024 * 1024, false]);
    const read = await store.blobs.get(sha256);
    expect(read.byteLength).toBe(bytes.byteLength);
    expect(read.equals(bytes)).toBe(true);
  });

  it("round-trips no bytes at all", async () => {
    const store = await newStore();
    expect(await store.blobs.put(Buffer.alloc(0))).toEqual({
      sha256: EMPTY_SHA256,
      bytes: 0,
      existed: false,
    });
    expect(await store.blobs.has(EMPTY_SHA256)).toBe(true);
    const read = await store.blobs.get(EMPTY_SHA256);
    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read.byteLength).toBe(0);
    expect((await store.blobs.put(new Uint8Array(0))).existed).toBe(true);
  });

  it("stores a Uint8Array view (not a Buffer) by its own bytes only", async () => {
    const store = await newStore();
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    const { sha256 } = await store.blobs.put(view);
    expect(sha256).toBe(sha256Hex(Buffer.from([1, 2, 3])));
    expect([...(await store.blobs.get(sha256))]).toEqual([1, 2, 3]);
  });

  it("knows which blobs it has", async () => {
    const store = await newStore();
    const { sha256 } = await store.blobs.put(new Uint8Array([1, 2, 3]));
    expect(await store.blobs.has(sha256)).toBe(true);
    expect(await store.blobs.has("0".repeat(64))).toBe(false);
  });

  it("two stores putting the same bytes at once both succeed, and the blob is stored once", async () => {
    const one = await newStore();
    const other = await secondStore(one);
    const bytes = randomBytes(1024 * 1024);
    const results = await Promise.all([one.blobs.put(bytes), other.blobs.put(Buffer.from(bytes))]);
    expect(results.map((r) => [r.sha256, r.bytes])).toEqual([
      [sha256Hex(bytes), bytes.byteLength],
      [sha256Hex(bytes), bytes.byteLength],
    ]);
    if (kind === "database") {
      // The insert decides: exactly one of them wrote the row.
      expect(results.map((r) => r.existed).sort()).toEqual([false, true]);
    }
    expect(await blobCount(one)).toBe(1);
    expect((await other.blobs.get(sha256Hex(bytes))).equals(bytes)).toBe(true);
    expect((await one.blobs.get(sha256Hex(bytes))).equals(bytes)).toBe(true);
    expect(await other.blobs.put(bytes)).toEqual({
      sha256: sha256Hex(bytes),
      bytes: bytes.byteLength,
      existed: true,
    });
  });

  it("refuses to return a damaged blob", async () => {
    const store = await newStore();
    const { sha256 } = await store.blobs.put(Buffer.from("original"));
    await damage(store, sha256, Buffer.from("tampered"));
    const error = await store.blobs.get(sha256).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobCorruptError);
    expect((error as Error).message).toBe(
      `blob ${sha256} is damaged ${kind === "directory" ? "on disk" : "in the database"} ` +
        `(its bytes hash to ${sha256Hex(Buffer.from("tampered"))})`,
    );
    expect(await store.blobs.has(sha256)).toBe(true);
  });

  it("fails with ENOENT, naming the blob and where it looked, for a blob it does not have", async () => {
    const store = await newStore();
    const sha256 = "ab".repeat(32);
    const error = (await store.blobs.get(sha256).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("ENOENT");
    expect(error.message).toContain(sha256);
    expect(error.message).toContain(store.blobs.location);
  });

  it.each([
    ["a path", "../../etc/passwd"],
    ["upper-case hex", "AB".repeat(32)],
    ["a short digest", "ab".repeat(31)],
    ["an empty name", ""],
  ])("refuses %s as a digest", async (_, name) => {
    const store = await newStore();
    const refused = new RegExp(`^not a sha256 digest: ${JSON.stringify(name).replace(/[.]/g, "\\.")}$`);
    await expect(store.blobs.get(name)).rejects.toThrow(refused);
    await expect(store.blobs.has(name)).rejects.toThrow(refused);
  });

  it("has nothing half-written to sweep after puts", async () => {
    const store = await newStore();
    await store.blobs.put(Buffer.from("one"));
    await store.blobs.put(Buffer.from("two"));
    expect(await store.blobs.sweepTemp()).toBe(0);
    expect(await blobCount(store)).toBe(2);
  });
});
