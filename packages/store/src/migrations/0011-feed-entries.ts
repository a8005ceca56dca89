import type { Kysely } from "kysely";
import { floatType, identityKey } from "./column-types.js";

type AnyDb = Kysely<unknown>;

/**
 * What the published Atom feeds announce: one row per new card, changed grade or correction, in the
 * order publish saw them. The grades table keeps only the current grade of an agency-year, so the
 * last entry of an agency-year is also what the next publish compares its headline with.
 */
export async function up(db: AnyDb): Promise<void> {
  const real = floatType(db);
  await db.schema
    .createTable("feed_entries")
    .addColumn("id", "integer", identityKey(db))
    .addColumn("agency_id", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("letter", "text", (c) => c.notNull())
    .addColumn("score", real, (c) => c.notNull())
    .addColumn("previous_state", "text")
    .addColumn("previous_letter", "text")
    .addColumn("previous_score", real)
    .addColumn("published_on", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("feed_entries_agency_year")
    .on("feed_entries")
    .columns(["agency_id", "year", "seq"])
    .unique()
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("feed_entries").execute();
}
