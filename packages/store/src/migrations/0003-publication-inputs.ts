import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * `publications.inputs`: a fingerprint of what a file was made from, so that publishing again with
 * nothing changed can skip regenerating large files (the open data) without reading them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("publications").addColumn("inputs", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("publications").dropColumn("inputs").execute();
}
