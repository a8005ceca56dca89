import { type Kysely, SqliteAdapter, sql } from "kysely";
import { identityKey } from "./column-types.js";

type AnyDb = Kysely<unknown>;

/**
 * What oversight offices said about the cards: one row per review (a finding confirmed, dismissed or
 * withdrawn; a fact corrected or the correction withdrawn), with who, when and why. Append-only: the
 * database itself refuses to change or delete a row (triggers), so no re-run, re-extraction or
 * re-grade can lose one; an office changes its mind by appending a later row.
 */
export async function up(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable("reviews")
    .addColumn("id", "integer", identityKey(db))
    // No foreign key: a review outlives its agency's removal from the registry.
    .addColumn("agency_id", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    /** A finding key (`check:T3-A:total`), or null for a fact. */
    .addColumn("finding_key", "text")
    /** A fact (`publish_date`, `agency`, `cell:<value key>`), or null for a finding. */
    .addColumn("fact", "text")
    .addColumn("action", "text", (c) => c.notNull())
    /** The corrected value (a date, an agency id, a number as text); null unless `correct`. */
    .addColumn("value", "text")
    /** What shows the corrected value: a URL (publish date) or where it is printed (a cell). */
    .addColumn("evidence", "text")
    /** The fingerprint of the finding's evidence, or of the extracted fact, when it was reviewed. */
    .addColumn("fingerprint", "text")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reviewer", "text", (c) => c.notNull())
    /** `command` or the reviews file it was imported from. */
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("reviews_action", sql`action in ('confirm', 'dismiss', 'correct', 'withdraw')`)
    .addCheckConstraint("reviews_subject", sql`(finding_key is null) <> (fact is null)`)
    .addCheckConstraint(
      "reviews_correction",
      sql`(action = 'correct') = (value is not null) and (action <> 'correct' or fact is not null)`,
    )
    .execute();
  await db.schema.createIndex("reviews_agency_year").on("reviews").columns(["agency_id", "year"]).execute();
  await db.schema.createIndex("reviews_created").on("reviews").column("created_at").execute();
  if (sqlite) {
    for (const [name, event] of [
      ["reviews_no_update", "UPDATE"],
      ["reviews_no_delete", "DELETE"],
    ] as const) {
      await sql
        .raw(
          `CREATE TRIGGER ${name} BEFORE ${event} ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only: add a review instead'); END`,
        )
        .execute(db);
    }
  } else {
    // PostgreSQL: the same refusal, from one trigger function for both events.
    await sql
      .raw(
        `CREATE FUNCTION reviews_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `RAISE EXCEPTION 'reviews are append-only: add a review instead'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER reviews_no_change BEFORE UPDATE OR DELETE ON reviews ` +
          `FOR EACH ROW EXECUTE FUNCTION reviews_append_only()`,
      )
      .execute(db);
  }
}

/** Drops the table (its triggers go with it) and, on PostgreSQL, the trigger function. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("reviews").ifExists().execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter))
    await sql.raw(`DROP FUNCTION IF EXISTS reviews_append_only()`).execute(db);
}
