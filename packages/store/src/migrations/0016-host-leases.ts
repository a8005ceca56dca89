import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Per-host politeness shared by every process on the database (`src/queries/host-leases.ts`):
 * `host_pacing`, one row per host, says when its next request may start and its back-off penalty;
 * `host_leases`, one row per request in flight, counts against the host's concurrency until it is
 * released or expires (a killed worker's lease stops counting at `expires_at`). Times are epoch
 * milliseconds, hence `bigint` (PostgreSQL's `integer` is 32-bit).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("host_pacing")
    // not null: SQLite lets a text primary key hold nulls unless told otherwise.
    .addColumn("host", "text", (col) => col.primaryKey().notNull())
    .addColumn("next_start_at", "bigint", (col) => col.notNull())
    .addColumn("penalty_ms", "integer", (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("host_leases")
    .addColumn("host", "text", (col) => col.notNull())
    .addColumn("lease_id", "text", (col) => col.notNull())
    .addColumn("holder", "text", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("host_leases_pk", ["host", "lease_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("host_leases").execute();
  await db.schema.dropTable("host_pacing").execute();
}
