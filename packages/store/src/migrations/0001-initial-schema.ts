import type { Kysely } from "kysely";
import { floatType, identityKey } from "./column-types.js";

// Migrations see an untyped database: they describe the schema at their point in history.
type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  const real = floatType(db);
  const id = identityKey(db);

  await db.schema
    .createTable("agencies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("region_code", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("parent_id", "text")
    .addColumn("site_url", "text")
    .addColumn("list_urls", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("deadline_override", "text")
    .addColumn("crawl_options", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("source_file", "text")
    .addColumn("first_imported_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agencies_parent").on("agencies").column("parent_id").execute();

  await db.schema
    .createTable("runs")
    .addColumn("id", "integer", id)
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("counters", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("error", "text")
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("runs_stage_started").on("runs").columns(["stage", "started_at"]).execute();
  await db.schema.createIndex("runs_status").on("runs").column("status").execute();

  await db.schema
    .createTable("stage_locks")
    .addColumn("stage", "text", (c) => c.primaryKey())
    .addColumn("run_id", "integer", (c) => c.references("runs.id").onDelete("set null"))
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("process_token", "text", (c) => c.notNull())
    .addColumn("acquired_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("fetches")
    .addColumn("id", "integer", id)
    .addColumn("run_id", "integer", (c) => c.references("runs.id").onDelete("set null"))
    .addColumn("agency_id", "text", (c) => c.references("agencies.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("final_url", "text")
    .addColumn("status", "integer")
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("content_type", "text")
    .addColumn("bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("duration_ms", "integer")
    .addColumn("error", "text")
    .addColumn("fetched_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("fetches_url_time").on("fetches").columns(["url", "fetched_at"]).execute();
  await db.schema.createIndex("fetches_run").on("fetches").column("run_id").execute();
  await db.schema.createIndex("fetches_agency").on("fetches").column("agency_id").execute();

  await db.schema
    .createTable("documents")
    .addColumn("id", "integer", id)
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("listed_date", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("blob_sha256", "text")
    .addColumn("content_type", "text")
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("changed_at", "text")
    .addColumn("fetch_state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("fetch_error", "text")
    .addColumn("extraction_state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("extraction_error", "text")
    .addColumn("extractor_version", "text")
    .addColumn("extracted_at", "text")
    .addUniqueConstraint("documents_agency_url", ["agency_id", "url"])
    .execute();
  await db.schema
    .createIndex("documents_extraction")
    .on("documents")
    .columns(["extraction_state", "id"])
    .execute();
  await db.schema.createIndex("documents_fetch").on("documents").columns(["fetch_state", "id"]).execute();
  await db.schema.createIndex("documents_parent").on("documents").column("parent_id").execute();
  await db.schema.createIndex("documents_blob").on("documents").column("blob_sha256").execute();

  await db.schema
    .createTable("document_changes")
    .addColumn("id", "integer", id)
    .addColumn("document_id", "integer", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("previous_sha256", "text", (c) => c.notNull())
    .addColumn("new_sha256", "text", (c) => c.notNull())
    .addColumn("detected_at", "text", (c) => c.notNull())
    .addUniqueConstraint("document_changes_once", ["document_id", "previous_sha256", "new_sha256"])
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "integer", id)
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("document_id", "integer", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("title", "text")
    .addColumn("publish_date", "text")
    .addColumn("publish_date_source", "text")
    .addColumn("format", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("warnings", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("extractor_version", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("reports_agency_year", ["agency_id", "year"])
    .execute();
  await db.schema.createIndex("reports_year").on("reports").column("year").execute();
  await db.schema.createIndex("reports_document").on("reports").column("document_id").execute();

  await db.schema
    .createTable("report_values")
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("value", real)
    .addColumn("raw", "text")
    .addColumn("unit", "text")
    .addColumn("approximate", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("excerpt", "text")
    .addColumn("page", "integer")
    .addColumn("cell", "text")
    .addColumn("confidence", real)
    .addPrimaryKeyConstraint("report_values_pk", ["report_id", "key"])
    .execute();
  await db.schema.createIndex("report_values_key").on("report_values").column("key").execute();

  await db.schema
    .createTable("report_sections")
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_sections_pk", ["report_id", "key"])
    .execute();

  await db.schema
    .createTable("checks")
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("expected", "text")
    .addColumn("actual", "text")
    .addColumn("message", "text")
    .addPrimaryKeyConstraint("checks_pk", ["report_id", "key"])
    .execute();

  await db.schema
    .createTable("grades")
    .addColumn("agency_id", "text", (c) => c.notNull().references("agencies.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("report_id", "integer", (c) => c.references("reports.id").onDelete("set null"))
    .addColumn("rubric_version", "text", (c) => c.notNull())
    .addColumn("dimension", "text", (c) => c.notNull())
    .addColumn("points", real, (c) => c.notNull())
    .addColumn("max_points", real, (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("evidence", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("graded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("grades_pk", ["agency_id", "year", "dimension"])
    .execute();
  await db.schema.createIndex("grades_year").on("grades").column("year").execute();

  await db.schema
    .createTable("publications")
    .addColumn("path", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("agency_id", "text")
    .addColumn("year", "integer")
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("run_id", "integer", (c) => c.references("runs.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("publications_year").on("publications").columns(["year", "kind"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "publications",
    "grades",
    "checks",
    "report_sections",
    "report_values",
    "reports",
    "document_changes",
    "documents",
    "fetches",
    "stage_locks",
    "runs",
    "agencies",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
