import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A check's two sides are `left` and `right` from extraction to the open data; the store called
 * them `actual` (the left side) and `expected` (the right side), and every reader renamed them back.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("checks").renameColumn("actual", "left").execute();
  await db.schema.alterTable("checks").renameColumn("expected", "right").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("checks").renameColumn("left", "actual").execute();
  await db.schema.alterTable("checks").renameColumn("right", "expected").execute();
}
