import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ListPattern } from "./list-patterns/list-pattern.js";
import { type PageJob, type PageReading, readPage } from "./page-reading.js";

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

/** readPage of a job whose bytes may be a stored copy's (`job.stored`), read and verified here first. */
export function readPageJob(job: PageJob, patterns?: readonly ListPattern[]): PageReading {
  const body = job.stored ? readStoredCopy(job.stored) : job.body;
  return readPage({ ...job, body }, patterns);
}
