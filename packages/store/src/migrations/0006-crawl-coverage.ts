import type { Kysely } from "kysely";
import { identityKey } from "./column-types.js";

type AnyDb = Kysely<unknown>;

/**
 * What each crawl that ran to its end read of each agency: whether every list page was read to its
 * last page (`complete`, 0 or 1) and, when not, why (`reasons`, a JSON array). Grading tells "not
 * published" from "could not verify" by it.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("crawl_coverage")
    .addColumn("id", "integer", identityKey(db))
    .addColumn("run_id", "integer", (c) => c.references("runs.id").onDelete("set null"))
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("finished_at", "text", (c) => c.notNull())
    .addColumn("complete", "integer", (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createIndex("crawl_coverage_agency")
    .on("crawl_coverage")
    .columns(["agency_id", "finished_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("crawl_coverage").ifExists().execute();
}
