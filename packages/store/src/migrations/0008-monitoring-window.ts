import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * An agency's monitoring window from the registry (`monitorFrom` / `monitorUntil`): the first and
 * the last report year graded for it. Null where the registry sets no bound, as for every agency
 * a store held before this migration: their window is the grade stage's alone.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("agencies").addColumn("monitor_from", "integer").execute();
  await db.schema.alterTable("agencies").addColumn("monitor_until", "integer").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("agencies").dropColumn("monitor_until").execute();
  await db.schema.alterTable("agencies").dropColumn("monitor_from").execute();
}
