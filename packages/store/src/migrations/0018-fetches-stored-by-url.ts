import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Indexes by URL, in id order, only the fetches whose body was stored (a 200 with a blob): what a
 * 304 refers back to, and what the crawler reads before every list and site page
 * (`lastSuccessfulFetch` with `withBody`). By (url, id) alone it walked back over every 304 since the
 * last change: a list page answered 304 night after night made the lookup grow with each crawl.
 * SQLite takes it for the lookup's `status = 200` bound as a parameter (the test reads its plan).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex("fetches_url_stored")
    .on("fetches")
    .columns(["url", "id"])
    .where(sql.ref("status"), "=", sql.lit(200))
    .where(sql.ref("sha256"), "is not", sql.lit(null))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("fetches_url_stored").ifExists().execute();
}
