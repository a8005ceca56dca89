import type { Kysely } from "kysely";
import { binaryType } from "./column-types.js";

type AnyDb = Kysely<unknown>;

/**
 * `blobs`: the blobs of a store that keeps them in its database (`blobStore: "database"`, for
 * machines that share a PostgreSQL database but no file system), named by their sha256. Empty in a
 * store whose blobs are in a directory.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("blobs")
    // not null: SQLite lets a text primary key hold nulls unless told otherwise.
    .addColumn("sha256", "text", (col) => col.primaryKey().notNull())
    .addColumn("bytes", binaryType(db), (col) => col.notNull())
    .addColumn("size", "integer", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("blobs").execute();
}
