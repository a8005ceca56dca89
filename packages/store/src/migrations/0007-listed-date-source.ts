import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Where a document's listed date was read: `api` (a JSON list API's publish time) or `list` (the
 * date printed beside the link on an HTML list page). Null for documents listed without a date and
 * for those sighted before this migration, whose source is not known.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("documents").addColumn("listed_date_source", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("documents").dropColumn("listed_date_source").execute();
}
