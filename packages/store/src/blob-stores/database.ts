import type { Kysely } from "kysely";
import { type BlobStore, type PutResult, assertSha256, sha256Hex } from "../blob-store.js";
import { type Clock, stamp, systemClock } from "../clock.js";
import { BlobCorruptError } from "../errors.js";
import type { Database } from "../schema.js";

/**
 * Blobs as rows of the store's own database (table `blobs`, migration 0015), for machines that share
 * a PostgreSQL database but no file system. One `insert … on conflict do nothing` stores a blob: a
 * reader sees all of its bytes or no row, nothing half-written is ever left behind, and two machines
 * storing the same bytes at once both succeed, one of them learning it `existed`.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = "database";
  readonly location = "database";

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
  ) {}

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = sha256Hex(bytes);
    // Whether the row was there already is what the insert itself did: a read before it could race
    // with another machine's insert of the same bytes.
    const inserted = await this.db
      .insertInto("blobs")
      .values({ sha256, bytes: asBuffer(bytes), size: bytes.byteLength, created_at: stamp(this.clock) })
      .onConflict((oc) => oc.column("sha256").doNothing())
      .executeTakeFirst();
    const existed = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0;
    return { sha256, bytes: bytes.byteLength, existed };
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    const row = await this.db
      .selectFrom("blobs")
      .select("sha256")
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Reads a blob and verifies its digest; a missing one fails with `code: "ENOENT"`, as a missing file does. */
  async get(sha256: string): Promise<Buffer> {
    assertSha256(sha256);
    const row = await this.db
      .selectFrom("blobs")
      .select("bytes")
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    if (!row) {
      throw Object.assign(new Error(`ENOENT: no blob ${sha256} in the ${this.location} (table blobs)`), {
        code: "ENOENT",
      });
    }
    const bytes = asBuffer(row.bytes);
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new BlobCorruptError(
        `blob ${sha256} is damaged in the ${this.location} (its bytes hash to ${actual})`,
      );
    }
    return bytes;
  }

  /** Nothing to sweep: a blob is one row, written whole or not at all. */
  async sweepTemp(): Promise<number> {
    return 0;
  }
}

/** The bytes as a Buffer, without copying: better-sqlite3 binds only Buffers, and both drivers read Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
