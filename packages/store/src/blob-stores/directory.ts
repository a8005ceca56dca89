import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { type BlobStore, type PutResult, assertSha256, sha256Hex } from "../blob-store.js";
import { BlobCorruptError } from "../errors.js";
import { isProcessAlive } from "../process-identity.js";

/**
 * Blobs as files `<root>/ab/abcdef…` named by sha256, on local disk or a mount several machines
 * share. Writes go to a temp file in the same file system (`<root>/.tmp`), are flushed, then renamed
 * into place, so a reader (or a crash) never sees a half-written blob.
 */
/** This machine's name as a temp file name part (no dots): whose writers a sweep may judge. */
const HOST_TAG = hostname().replace(/[^A-Za-z0-9-]/g, "-") || "host";

/** Runs a file operation in `dir`, making the directory first when the operation finds it missing. */
async function inDirectory<T>(dir: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dir, { recursive: true });
    return operation();
  }
}

/** Blobs a store remembers being on disk, at most (a sha256 key is about 150 bytes of heap), and for how long. */
const PRESENT_KEPT = 100_000;
const PRESENT_FOR_MS = 10 * 60_000;

export class DirectoryBlobStore implements BlobStore {
  readonly kind = "directory";
  /**
   * Blobs this store wrote or found on disk in the last PRESENT_FOR_MS: storing one again asks the
   * file system nothing (a stat per stored body was 5 % of a crawl's main thread). Nothing in Touming
   * removes a blob; the bound is for a long-running process (a schedule) whose blobs are restored or
   * removed by hand meanwhile: it trusts what it saw for ten minutes at most.
   */
  private present = new Set<string>();
  private presentSince = Date.now();

  constructor(readonly root: string) {}

  private remember(sha256: string): void {
    if (this.present.size >= PRESENT_KEPT || Date.now() - this.presentSince > PRESENT_FOR_MS) {
      this.present = new Set();
      this.presentSince = Date.now();
    }
    this.present.add(sha256);
  }

  private remembered(sha256: string): boolean {
    return this.present.has(sha256) && Date.now() - this.presentSince <= PRESENT_FOR_MS;
  }

  get location(): string {
    return this.root;
  }

  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (this.remembered(sha256) || (await this.has(sha256))) {
      return { sha256, bytes: bytes.byteLength, existed: true };
    }

    const tmpDir = path.join(this.root, ".tmp");
    const tmp = path.join(tmpDir, `${sha256}.${process.pid}.${randomBytes(6).toString("hex")}.${HOST_TAG}`);
    try {
      // The directories are made when missing, not before every write (two calls a blob, a tenth
      // of the crawl's file system work).
      const handle = await inDirectory(tmpDir, () => open(tmp, "wx"));
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await inDirectory(path.dirname(target), () => rename(tmp, target));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    this.remember(sha256);
    return { sha256, bytes: bytes.byteLength, existed: false };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      const found = (await stat(this.pathOf(sha256))).isFile();
      if (found) this.remember(sha256);
      return found;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  /** Reads a blob and verifies its digest; a missing one fails with readFile's ENOENT, naming the file. */
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
   * of a live process (`<sha256>.<pid>.<random>.<host>`) stays: another stage may be writing it right
   * now. So does one written on another machine (a shared mount): its pid cannot be checked here.
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
      const [, pidText, , host] = name.split(".");
      // Written before temp names carried their host (three parts): this machine's, as then.
      if (host !== undefined && host !== HOST_TAG) continue;
      const pid = Number(pidText);
      if (Number.isSafeInteger(pid) && pid > 0 && isProcessAlive({ pid, host: hostname() })) continue;
      await rm(path.join(dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}
