import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Figures read by OCR from a scanned page (issue 17): each value keeps how it was read — its
 * confidence (the `confidence` column, unused until now), its level (`high`, `low`, `unreadable`)
 * and where on the page image (`ocr_box`, `[left, top, width, height]` as JSON) — and each check
 * whether it takes such figures not all read with high confidence (`ocr_review`: a failure is then a
 * 提示 for human check, never the agency's error). Rows saved before keep nulls and 0: not OCR.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("report_values").addColumn("ocr_level", "text").execute();
  await db.schema.alterTable("report_values").addColumn("ocr_box", "text").execute();
  await db.schema
    .alterTable("checks")
    .addColumn("ocr_review", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("checks").dropColumn("ocr_review").execute();
  await db.schema.alterTable("report_values").dropColumn("ocr_box").execute();
  await db.schema.alterTable("report_values").dropColumn("ocr_level").execute();
}
