import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * `documents.page`: a page image of an article whose body is the scanned report (the paper copy's
 * pages as `<img>` tags) keeps its place among the article's page images (1, 2, …), so that the
 * extract stage reads them as one report in the article's order. Null for every other document and
 * for those a store held before.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("documents").addColumn("page", "integer").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("documents").dropColumn("page").execute();
}
