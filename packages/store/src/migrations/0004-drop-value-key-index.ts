import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Drops the index of report values by key. Every saved report added an entry to each of its ~250
 * keys' pages, so one report dirtied ~250 scattered index pages (most of the extract stage's write
 * time at 10,000 agencies), and no query needs it: values are always read by report.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("report_values_key").ifExists().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.createIndex("report_values_key").on("report_values").column("key").execute();
}
