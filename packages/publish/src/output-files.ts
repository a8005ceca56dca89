import { createHash } from "node:crypto";
import { once } from "node:events";
import { statSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { type DuplexOptions, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Gzip, type ZlibOptions, createGzip } from "node:zlib";
import { tempPathFor } from "./temp-files.js";

const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,120}$/;
/** What a streamed file hands its compressor at a time. */
const CHUNK_BYTES = 256 * 1024;
const UTF8 = new TextEncoder();

/** A path under the output directory built from ids; anything that could escape it is refused. */
export function outputPath(outDir: string, ...segments: string[]): string {
  for (const s of segments) {
    if (!SEGMENT.test(s) || s.includes(".."))
      throw new Error(`unsafe output path segment: ${JSON.stringify(s)}`);
  }
  const full = path.resolve(outDir, ...segments);
  if (!full.startsWith(path.resolve(outDir) + path.sep))
    throw new Error(`output path escapes ${outDir}: ${full}`);
  return full;
}

export interface Written {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  sha256: string;
  bytes: number;
  changed: boolean;
}

/** What `publications` says was last written to a path. */
export interface Recorded {
  sha256: string;
  bytes: number;
}

/**
 * Removes a file with one system call (`rm` looks at it first); one that is not there (nor its
 * folder: ENOTDIR when a file is where the folder would be) is gone already.
 */
export async function removeFile(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT" && error.code !== "ENOTDIR") throw error;
  });
}

/** A page's PDF, next to it. */
export const pdfOf = (htmlFile: string) => htmlFile.replace(/\.html$/, ".pdf");

const relativePath = (outDir: string, file: string) => path.relative(outDir, file).split(path.sep).join("/");

/**
 * The size of a file on disk, or undefined when there is none. One system call, without the error
 * object a missing file costs an asynchronous stat (most files of a first publish are missing).
 */
const sizeOnDisk = (file: string): number | undefined => statSync(file, { throwIfNoEntry: false })?.size;

/** The file on disk is still the one recorded with these bytes (same size; its hash was recorded). */
export async function stillRecorded(
  file: string,
  sha256: string,
  recorded: Recorded | undefined,
): Promise<boolean> {
  if (!recorded || recorded.sha256 !== sha256) return false;
  return sizeOnDisk(file) === recorded.bytes;
}

/**
 * A blob of the store published at `target` (an archived source, a scan's page image): when the
 * file on disk is still the one recorded with this hash, the blob is not even read.
 */
export async function publishBlob(
  outDir: string,
  target: string,
  sha256: string,
  recorded: (Recorded & { path: string }) | undefined,
  read: () => Promise<Buffer>,
): Promise<Written> {
  if (recorded && (await stillRecorded(target, sha256, recorded)))
    return { path: recorded.path, sha256, bytes: recorded.bytes, changed: false };
  return writeIfChanged(outDir, target, await read());
}

/**
 * Writes a file atomically, and not at all when the bytes on disk are already the same. When the
 * publications table recorded this content for the path (and the file has its size), the file is not
 * even read.
 */
export async function writeIfChanged(
  outDir: string,
  file: string,
  content: string | Buffer,
  recorded?: Recorded,
  /** Runs just before the new content replaces the file (only when it changes). */
  beforeReplace?: () => Promise<unknown>,
): Promise<Written> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const rel = relativePath(outDir, file);
  if (await stillRecorded(file, sha256, recorded))
    return { path: rel, sha256, bytes: bytes.length, changed: false };
  // A file of another size holds other bytes: only one of this size is read to compare.
  if (sizeOnDisk(file) === bytes.length) {
    const existing = await readFile(file).catch(() => null);
    if (existing?.equals(bytes)) return { path: rel, sha256, bytes: bytes.length, changed: false };
  }
  const tmp = tempPathFor(file);
  try {
    await writeInFolder(tmp, bytes);
    await beforeReplace?.();
    await rename(tmp, file);
  } catch (error) {
    // A full disk leaves a partial temp file: it must not be published with the rest.
    await rm(tmp, { force: true });
    throw error;
  }
  return { path: rel, sha256, bytes: bytes.length, changed: true };
}

/** Writes a file, making its folder only when it is not there (not a `mkdir` per file). */
async function writeInFolder(file: string, bytes: Buffer): Promise<void> {
  try {
    await writeFile(file, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
}

/** The sha256 and size of a file on disk, read as a stream; undefined when there is none. */
async function hashOnDisk(file: string): Promise<Recorded | undefined> {
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return undefined;
  try {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of handle.createReadStream()) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { sha256: hash.digest("hex"), bytes };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * A gzip-compressed file written as a stream (open data of every agency-year), hashed as it lands on
 * disk, and swapped in atomically at the end only if its bytes differ from what is there. Compression
 * is deterministic (no name or time in the gzip header; the same text in the
 * same pieces makes the same bytes), so unchanged data keeps its file, its hash and its ETag.
 */
export class StreamedFile {
  private readonly hash = createHash("sha256");
  /** The UTF-8 of the texts written since the last flush, in `chunk[0, used)`. */
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private bytes = 0;
  /** Settles when every byte is on disk and the file is closed (rejects if anything failed). */
  private readonly done: Promise<void>;

  private constructor(
    private readonly outDir: string,
    private readonly file: string,
    private readonly tmp: string,
    /** Where the text goes: the gzip stream. */
    private readonly input: Gzip,
    sink: Writable,
  ) {
    const counted = new Transform({
      transform: (chunk: Buffer, _encoding, next) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        next(null, chunk);
      },
    });
    this.done = pipeline(input, counted, sink);
    // Awaited by `write`, `finish` or `abandon`; never left to reject unheard.
    this.done.catch(() => undefined);
  }

  /** Relative to the output directory, with forward slashes. */
  get path(): string {
    return relativePath(this.outDir, this.file);
  }

  static async open(outDir: string, file: string): Promise<StreamedFile> {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = tempPathFor(file);
    const handle = await open(tmp, "w");
    // Room for a chunk being compressed and the next: the agencies' records are read while the
    // compressor works on the other core (with the default 16 KB, each chunk waited for the last).
    const options: ZlibOptions & DuplexOptions = { writableHighWaterMark: 2 * CHUNK_BYTES };
    const input = createGzip(options);
    return new StreamedFile(outDir, file, tmp, input, handle.createWriteStream());
  }

  /**
   * Encodes the text into the chunk under way at once (a record at a time: joining many records'
   * strings and encoding the whole took twice as long), and hands a full chunk to the compressor.
   */
  async write(text: string): Promise<void> {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    if (this.used + text.length * 3 > this.chunk.length) {
      await this.flush();
      if (text.length * 3 > this.chunk.length) return this.push(Buffer.from(text, "utf8"));
    }
    this.used += UTF8.encodeInto(text, this.chunk.subarray(this.used)).written;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    // The compressor keeps the chunk until it has read it: the next texts go to a new one.
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.push(full);
  }

  private async push(bytes: Buffer): Promise<void> {
    if (!this.input.write(bytes)) await Promise.race([once(this.input, "drain"), this.done]);
  }

  /** Closes the file; keeps the old one when nothing changed. */
  async finish(recorded?: Recorded): Promise<Written> {
    await this.flush();
    this.input.end();
    await this.done;
    const sha256 = this.hash.digest("hex");
    const rel = this.path;
    if (
      (await stillRecorded(this.file, sha256, recorded)) ||
      (await stillRecorded(this.file, sha256, await hashOnDisk(this.file)))
    ) {
      await unlink(this.tmp);
      return { path: rel, sha256, bytes: this.bytes, changed: false };
    }
    await rename(this.tmp, this.file);
    return { path: rel, sha256, bytes: this.bytes, changed: true };
  }

  /** Removes the partial file (the run stopped). */
  async abandon(): Promise<void> {
    this.input.destroy();
    await this.done.catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
  }
}
