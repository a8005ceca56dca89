import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BlobStore, sha256Hex } from "./blob-store.js";
import { BlobCorruptError } from "./errors.js";
import { useTempDirs } from "./testing/index.js";

const tempDir = useTempDirs();
let dir: string;
function store() {
  dir = tempDir();
  return new BlobStore(dir);
}

describe("BlobStore", () => {
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
});
