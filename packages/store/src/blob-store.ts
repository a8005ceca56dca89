import { createHash } from "node:crypto";

export interface PutResult {
  sha256: string;
  bytes: number;
  /** The same bytes were stored already: nothing was written. */
  existed: boolean;
}

/**
 * Content-addressed storage of raw bytes, named by their sha256: a directory (`DirectoryBlobStore`,
 * on local disk or a mount every machine shares) or a table of the store's database
 * (`DatabaseBlobStore`). Either way a reader never sees part of a blob, two writers of the same bytes
 * both succeed, and `get` returns only bytes that hash to the name asked for.
 */
export interface BlobStore {
  /** `directory` or `database`. */
  readonly kind: "directory" | "database";
  /** Where the blobs are, for messages: the directory, or `database`. */
  readonly location: string;
  /** Stores the bytes under their sha256; `existed` when they were stored already. */
  put(bytes: Uint8Array): Promise<PutResult>;
  has(sha256: string): Promise<boolean>;
  /**
   * Reads a blob and verifies its digest: `BlobCorruptError` when its bytes hash to another one, an
   * error with `code: "ENOENT"` when there is no such blob.
   */
  get(sha256: string): Promise<Buffer>;
  /**
   * The file that holds a blob, in a store that keeps each blob as a file of its own (the directory
   * store): a reader on another thread may read it there, verifying its digest as `get` does.
   */
  pathOf?(sha256: string): string;
  /** Removes what writers killed mid-write left behind; returns how many. */
  sweepTemp(): Promise<number>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws unless `sha256` is a lower-case hex sha256 digest (a blob's name: no path escapes). */
export function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 digest: ${JSON.stringify(sha256)}`);
}
