import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * `frontier_rounds`: one row per agency, the crawl of its frontier now open or last ended. A round
 * starts when a crawl seeds the agency's frontier and ends when that crawl records the agency's
 * coverage (in the same transaction). A crawl killed after its last page but before its coverage
 * leaves no page pending and the round open: the next crawl finishes that round (records the
 * coverage) instead of starting a new one. `findings_after_id` is the last crawl finding before the
 * round started: the round's findings, whichever run recorded them (a killed one included), are
 * those after it, and they are what the coverage is judged from.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("frontier_rounds")
    // not null: SQLite lets a text primary key hold nulls unless told otherwise.
    .addColumn("agency_id", "text", (col) => col.primaryKey().notNull())
    .addColumn("started_at", "text", (col) => col.notNull())
    .addColumn("ended_at", "text")
    .addColumn("findings_after_id", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("frontier_rounds").execute();
}
