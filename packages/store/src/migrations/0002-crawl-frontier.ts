import type { Kysely } from "kysely";
import { identityKey } from "./column-types.js";

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("crawl_frontier")
    .addColumn("id", "integer", identityKey(db))
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("depth", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("parent_document_id", "integer", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("meta", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("last_error", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("crawl_frontier_agency_url", ["agency_id", "url"])
    .execute();
  await db.schema.createIndex("crawl_frontier_state").on("crawl_frontier").columns(["state", "id"]).execute();

  await db.schema
    .createTable("crawl_findings")
    .addColumn("id", "integer", identityKey(db))
    .addColumn("run_id", "integer", (c) => c.references("runs.id").onDelete("set null"))
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("crawl_findings_agency")
    .on("crawl_findings")
    .columns(["agency_id", "id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("crawl_findings").ifExists().execute();
  await db.schema.dropTable("crawl_frontier").ifExists().execute();
}
