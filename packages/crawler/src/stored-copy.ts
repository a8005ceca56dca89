import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** A page's stored copy, read where the page is read (the page reader's thread), not by the crawl's. */
export interface StoredCopy {
  /** The blob's file (BlobStore.pathOf). */
  file: string;
  sha256: string;
}

/** A stored copy that is missing or damaged: the page answered 304 has nothing to be read from. */
export class StoredCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoredCopyError";
  }
}

/**
 * The bytes of a stored copy, verified against its digest as the blob store verifies a blob it
 * reads. Read at once: the page reader's thread reads one page at a time and waits on nothing else.
 */
export function readStoredCopy(copy: StoredCopy): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(copy.file);
  } catch (error) {
    throw new StoredCopyError(`the stored copy ${copy.sha256} cannot be read: ${(error as Error).message}`);
  }
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== copy.sha256)
    throw new StoredCopyError(`the stored copy ${copy.sha256} is damaged (its bytes hash to ${actual})`);
  return bytes;
}
