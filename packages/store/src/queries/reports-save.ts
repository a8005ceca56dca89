import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { CheckSeverity, CheckStatus, ReportFormat } from "@touming/vocabulary";
import type { Database, OcrLevel } from "../schema.js";
import { insertRows } from "../dialects/compiled-inserts.js";

/** How a figure was read by OCR from a page image (extract's `OcrMark`). */
export interface OcrMarkInput {
  /** 0..1 */
  confidence: number;
  level: OcrLevel;
  /** `[left, top, width, height]` in the page image's pixels. */
  box?: readonly [number, number, number, number] | null;
}

export interface ReportValueInput {
  key: string;
  /** null: the cell exists and is blank (not 0). */
  value: number | null;
  raw?: string | null;
  unit?: string | null;
  approximate?: boolean;
  excerpt?: string | null;
  page?: number | null;
  cell?: string | null;
  /** The figure was read by OCR from a scanned page; absent or null when it was not. */
  ocr?: OcrMarkInput | null;
}

export interface ReportSectionInput {
  key: string;
  title: string;
  text: string;
}

export interface CheckInput {
  key: string;
  severity: CheckSeverity;
  status: CheckStatus;
  left?: string | null;
  right?: string | null;
  message?: string | null;
  /** The check takes OCR figures not all read with high confidence: a failure is for human check. */
  ocrReview?: boolean;
}

export interface ExtractionToSave {
  documentId: number | null;
  agencyId: string;
  year: number;
  title?: string | null;
  publishDate?: string | null;
  publishDateSource?: string | null;
  format?: ReportFormat | null;
  text: string;
  metadata?: Record<string, unknown>;
  warnings?: string[];
  values: readonly ReportValueInput[];
  sections: readonly ReportSectionInput[];
  checks: readonly CheckInput[];
  extractorVersion: string;
}

/**
 * Saves one extracted report with all its values, sections and checks in a single transaction:
 * the (agency, year) report row is upserted and its children replaced, so a re-run yields the same
 * rows and a failure part-way leaves the previous extraction intact.
 */
export async function saveExtraction(
  db: Kysely<Database>,
  extraction: ExtractionToSave,
  clock: Clock = systemClock,
): Promise<{ reportId: number; created: boolean }> {
  const now = stamp(clock);
  return db.transaction().execute(async (trx) => {
    const fields = {
      document_id: extraction.documentId,
      title: extraction.title ?? null,
      publish_date: extraction.publishDate ?? null,
      publish_date_source: extraction.publishDateSource ?? null,
      format: extraction.format ?? null,
      text: extraction.text,
      metadata: JSON.stringify(extraction.metadata ?? {}),
      warnings: JSON.stringify(extraction.warnings ?? []),
      extractor_version: extraction.extractorVersion,
      updated_at: now,
    };
    const existing = await trx
      .selectFrom("reports")
      .select("id")
      .where("agency_id", "=", extraction.agencyId)
      .where("year", "=", extraction.year)
      .executeTakeFirst();
    let reportId: number;
    if (existing) {
      reportId = existing.id;
      await trx.updateTable("reports").set(fields).where("id", "=", reportId).execute();
      for (const table of ["report_values", "report_sections", "checks"] as const) {
        await trx.deleteFrom(table).where("report_id", "=", reportId).execute();
      }
    } else {
      const row = await trx
        .insertInto("reports")
        .values({ agency_id: extraction.agencyId, year: extraction.year, created_at: now, ...fields })
        .returning("id")
        .executeTakeFirstOrThrow();
      reportId = row.id;
    }

    await insertRows(
      trx,
      "report_values",
      extraction.values.map((v) => ({
        report_id: reportId,
        key: v.key,
        value: v.value,
        raw: v.raw ?? null,
        unit: v.unit ?? null,
        approximate: v.approximate ? 1 : 0,
        excerpt: v.excerpt ?? null,
        page: v.page ?? null,
        cell: v.cell ?? null,
        confidence: v.ocr?.confidence ?? null,
        ocr_level: v.ocr?.level ?? null,
        ocr_box: v.ocr?.box ? JSON.stringify(v.ocr.box) : null,
      })),
    );
    await insertRows(
      trx,
      "report_sections",
      extraction.sections.map((s, position) => ({
        report_id: reportId,
        position,
        key: s.key,
        title: s.title,
        text: s.text,
      })),
    );
    await insertRows(
      trx,
      "checks",
      extraction.checks.map((c) => ({
        report_id: reportId,
        key: c.key,
        severity: c.severity,
        status: c.status,
        left: c.left ?? null,
        right: c.right ?? null,
        message: c.message ?? null,
        ocr_review: c.ocrReview ? 1 : 0,
      })),
    );
    if (extraction.documentId !== null) {
      await trx
        .updateTable("documents")
        .set({
          extraction_state: "done",
          extraction_error: null,
          extractor_version: extraction.extractorVersion,
          extracted_at: now,
        })
        .where("id", "=", extraction.documentId)
        .execute();
    }
    return { reportId, created: !existing };
  });
}
