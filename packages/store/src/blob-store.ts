import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { BlobCorruptError } from "./errors.js";
import { isProcessAlive } from "./process-identity.js";

export interface PutResult {
  sha256: string;
  bytes: number;
  /** The same bytes were stored already: nothing was written. */
  existed: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Content-addressed storage of raw bytes: `<root>/ab/abcdef…` named by sha256.
 * Writes go to a temp file in the same file system, are flushed, then renamed into place,
 * so a reader (or a crash) never sees a half-written blob.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256 digest: ${JSON.stringify(sha256)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, bytes: bytes.byteLength, existed: true };

    const tmpDir = path.join(this.root, ".tmp");
    await mkdir(tmpDir, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${sha256}.${process.pid}.${randomBytes(6).toString("hex")}`);
    try {
      const handle = await open(tmp, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { sha256, bytes: bytes.byteLength, existed: false };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  /** Reads a blob and verifies its digest. */
  async get(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(sha256));
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new BlobCorruptError(`blob ${sha256} is damaged on disk (its bytes hash to ${actual})`);
    }
    return bytes;
  }

  /**
   * Removes temp files left by writers that were killed mid-write; returns how many. A temp file
   * of a live process (`<sha256>.<pid>.<random>`) stays: another stage may be writing it right now.
   */
  async sweepTemp(): Promise<number> {
    const dir = path.join(this.root, ".tmp");
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const pid = Number(name.split(".")[1]);
      if (Number.isSafeInteger(pid) && pid > 0 && isProcessAlive({ pid, host: hostname() })) continue;
      await rm(path.join(dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}
