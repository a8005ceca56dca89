import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../blob-store.js";
import { BlobCorruptError } from "../errors.js";
import { openStore } from "../open-store.js";
import { useCleanups, useTempDirs } from "../testing/index.js";
import { DirectoryBlobStore } from "./directory.js";

const tempDir = useTempDirs();
const defer = useCleanups();
let dir: string;
function store() {
  dir = tempDir();
  return new DirectoryBlobStore(dir);
}

describe("DirectoryBlobStore", () => {
  it("stores bytes under their sha256, and storing them again writes nothing", async () => {
    const blobs = store();
    const bytes = Buffer.from("淮安市2024年政府信息公开工作年度报告", "utf8");
    const first = await blobs.put(bytes);
    expect(first).toEqual({ sha256: sha256Hex(bytes), bytes: bytes.byteLength, existed: false });
    expect(blobs.pathOf(first.sha256)).toBe(path.join(dir, first.sha256.slice(0, 2), first.sha256));
    const second = await blobs.put(Buffer.from(bytes));
    expect(second.existed).toBe(true);
    expect((await blobs.get(first.sha256)).toString("utf8")).toBe("淮安市2024年政府信息公开工作年度报告");
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
    expect([blobs.kind, blobs.location]).toEqual(["directory", dir]);
  });

  it("makes its directories when a write finds them missing (a fresh root, or one emptied meanwhile)", async () => {
    const blobs = new DirectoryBlobStore(path.join(store().root, "not", "yet"));
    const first = await blobs.put(Buffer.from("one"));
    rmSync(blobs.root, { recursive: true });
    const second = await blobs.put(Buffer.from("two"));
    expect(second.existed).toBe(false);
    expect((await blobs.get(second.sha256)).toString()).toBe("two");
    expect(await blobs.has(first.sha256)).toBe(false);
    expect(readdirSync(path.join(blobs.root, ".tmp"))).toEqual([]);
  });

  it("stores a blob it wrote or found in the last ten minutes again without asking the disk, then asks", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-31T00:00:00Z") });
    defer(() => vi.useRealTimers());
    const blobs = store();
    const written = await blobs.put(Buffer.from("written"));
    const found = (await blobs.put(Buffer.from("found"))).sha256;
    const other = new DirectoryBlobStore(dir);
    expect(await other.has(found)).toBe(true);
    // Removed by hand meanwhile: within ten minutes, both stores go by what they saw.
    rmSync(dir, { recursive: true });
    expect((await blobs.put(Buffer.from("written"))).existed).toBe(true);
    expect((await other.put(Buffer.from("found"))).existed).toBe(true);
    // Ten minutes on, the disk is asked again and the blobs are written back.
    vi.setSystemTime(new Date("2026-01-31T00:10:01Z"));
    expect(await blobs.put(Buffer.from("written"))).toEqual({ ...written, existed: false });
    expect((await other.put(Buffer.from("found"))).existed).toBe(false);
    expect((await blobs.get(written.sha256)).toString()).toBe("written");
    expect((await blobs.get(found)).toString()).toBe("found");
  });

  it("knows which blobs it has", async () => {
    const blobs = store();
    const { sha256 } = await blobs.put(new Uint8Array([1, 2, 3]));
    expect(await blobs.has(sha256)).toBe(true);
    expect(await blobs.has("0".repeat(64))).toBe(false);
  });

  it("detects a blob damaged on disk", async () => {
    const blobs = store();
    const { sha256 } = await blobs.put(Buffer.from("original"));
    writeFileSync(blobs.pathOf(sha256), "tampered");
    await expect(blobs.get(sha256)).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it("refuses names that are not digests (no path escapes)", () => {
    const blobs = store();
    expect(() => blobs.pathOf("../../etc/passwd")).toThrow(/not a sha256 digest/);
  });

  it("a missing blob fails with readFile's ENOENT, naming its file", async () => {
    const blobs = store();
    const sha256 = "cd".repeat(32);
    await expect(blobs.get(sha256)).rejects.toMatchObject({
      code: "ENOENT",
      message: expect.stringContaining(blobs.pathOf(sha256)),
    });
  });
});

describe("openStore's blob directory", () => {
  it("is <dataDir>/blobs unless blobDir names another (a mount every machine shares)", async () => {
    const dataDir = tempDir();
    const shared = path.join(tempDir(), "mount", "blobs");
    const store = await openStore({ dataDir, blobDir: shared });
    defer(() => store.close());
    expect(store.blobs).toBeInstanceOf(DirectoryBlobStore);
    expect(store.blobs.location).toBe(shared);
    const { sha256 } = await store.blobs.put(Buffer.from("shared"));
    expect(existsSync(path.join(shared, sha256.slice(0, 2), sha256))).toBe(true);
    expect(existsSync(path.join(dataDir, "blobs"))).toBe(false);

    const other = await openStore({ dataDir: tempDir(), blobDir: shared });
    defer(() => other.close());
    expect((await other.blobs.get(sha256)).toString()).toBe("shared");
  });

  it("is not made when the blobs are in the database", async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, blobStore: "database" });
    defer(() => store.close());
    expect([store.blobs.kind, store.blobs.location]).toEqual(["database", "database"]);
    await store.blobs.put(Buffer.from("in a row"));
    expect(existsSync(path.join(dataDir, "blobs"))).toBe(false);
  });

  it("refuses a blob store it does not know", async () => {
    await expect(
      openStore({ dataDir: tempDir(), blobStore: "s3" as unknown as "directory" }),
    ).rejects.toThrow(/^blob store "s3": expected "directory" or "database"$/);
  });
});
