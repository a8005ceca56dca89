import {
  type Clock,
  type DocumentRow,
  type Store,
  getAgency,
  getReport,
  recordExtractionOutcome,
  saveExtraction,
} from "@touming/store";
import { checkKey, isProseFigureKey } from "@touming/vocabulary";
import { EXTRACTOR_VERSION } from "../extract.js";
import type { ExtractResult, ExtractedReport } from "../types.js";
import { type AgencyMismatch, agencyMismatch } from "./agency-mismatch.js";
import { type ParentPageFacts, attachmentParentFacts } from "./attachment-parent.js";
import type { ExtractWorkerError } from "./extract-pool.js";
import { storeOcrPages } from "./ocr-pages.js";

/** An extraction result, or why the document could not be read or extracted at all. */
export type Extracted = { result: ExtractResult } | { unreadable: string } | { lost: ExtractWorkerError };

const tableValueCount = (report: ExtractedReport) =>
  report.values.filter((v) => !isProseFigureKey(v.key)).length;

/** What became of one document, as the stage counts it. */
export type Outcome =
  | { state: "reports"; values: number; failedChecks: number; agencyMismatch?: AgencyMismatch }
  | { state: "skipped" | "failed"; reason: string; attachmentPage?: true };

/** Records that a document was skipped or failed, and why. */
export async function recordGivenUp(
  store: Store,
  doc: DocumentRow,
  state: "skipped" | "failed",
  reason: string,
  clock: Clock,
): Promise<Outcome> {
  await recordExtractionOutcome(
    store.db,
    doc.id,
    { state, reason, extractorVersion: EXTRACTOR_VERSION },
    clock,
  );
  return { state, reason };
}

/**
 * Records what became of one document: its report (values, sections and checks in one transaction)
 * or why it was skipped or failed. Store failures are thrown. `shownOn`: what the page the report is
 * published on says of itself (an article whose body is the report's page images), whose title and
 * own date come before what was read from the report.
 */
export async function saveOutcome(
  store: Store,
  doc: DocumentRow,
  extracted: Extracted,
  clock: Clock,
  shownOn?: ParentPageFacts | null,
): Promise<Outcome> {
  const give = (state: "skipped" | "failed", reason: string) =>
    recordGivenUp(store, doc, state, reason, clock);
  if ("unreadable" in extracted) return give("failed", extracted.unreadable);
  // A document that exhausts a worker's memory would do so again: skipped until the extractor changes.
  if ("lost" in extracted) {
    const { outOfMemory, message } = extracted.lost;
    return give(
      outOfMemory ? "skipped" : "failed",
      `${outOfMemory ? "too_large" : "unexpected"}: ${message}`,
    );
  }
  const result = extracted.result;
  if (!result.ok) {
    // Formats this extractor cannot read are retried when the extractor version changes.
    const state =
      result.error.code === "unsupported_format" || result.error.code === "too_large" ? "skipped" : "failed";
    return give(state, `${result.error.code}: ${result.error.message}`);
  }
  // The page of an attachment report: the attachment is the report, and takes this page's title and date.
  if (result.attachmentPage) {
    await recordGivenUp(store, doc, "skipped", result.notReport ?? "an attachment's page", clock);
    return { state: "skipped", reason: result.notReport ?? "an attachment's page", attachmentPage: true };
  }
  if (!result.isReport)
    return give("skipped", `not an annual report: ${result.notReport ?? "does not read as one"}`);
  const year = result.metadata.year;
  if (year === null) return give("failed", "report year not found");

  // Two documents for one agency-year (an article and its attachment, a republished copy):
  // keep the one with more table values.
  const existing = await getReport(store.db, doc.agency_id, year);
  if (existing && existing.report.document_id !== null && existing.report.document_id !== doc.id) {
    const existingTableValues = existing.values.filter((v) => !isProseFigureKey(v.key)).length;
    if (existingTableValues > tableValueCount(result)) {
      return give(
        "skipped",
        `document ${existing.report.document_id} holds a fuller ${year} report for this agency`,
      );
    }
  }
  const m = result.metadata;
  // An attachment without its own date or title takes those of the page it was linked from.
  const parent = !shownOn && (!m.publishDate || !m.title) ? await attachmentParentFacts(store, doc) : null;
  const publishDate = shownOn?.publishDate ?? m.publishDate ?? parent?.publishDate ?? doc.listed_date;
  const publishDateSource = shownOn?.publishDate
    ? shownOn.publishDateSource
    : m.publishDate
      ? m.publishDateSource
      : parent?.publishDate
        ? "attachment-page"
        : doc.listed_date
          ? "list"
          : null;
  const agency = await getAgency(store.db, doc.agency_id);
  const mismatch = agency
    ? agencyMismatch({ name: m.agency, source: m.agencySource, confidence: m.agencyConfidence }, agency.name)
    : null;
  // The page images go to the blob store before the report that names them (a blob nobody names is harmless).
  const ocr = await storeOcrPages(store.blobs, result.ocr);
  await saveExtraction(
    store.db,
    {
      documentId: doc.id,
      agencyId: doc.agency_id,
      year,
      title: shownOn?.title ?? m.title ?? parent?.title ?? doc.title,
      publishDate,
      publishDateSource,
      format: result.format,
      text: result.text,
      metadata: {
        ...result.metadata,
        encoding: result.encoding,
        sourceKind: result.sourceKind,
        confidence: result.confidence,
        scanned: result.scanned,
        tables: result.tables,
        formatEvidence: result.formatEvidence,
        ...(ocr ? { ocr } : {}),
        ...(mismatch ? { agencyMismatch: mismatch } : {}),
      },
      warnings: result.warnings,
      values: result.values.map((v) => ({
        key: v.key,
        value: v.value,
        raw: v.raw,
        unit: v.unit ?? null,
        approximate: v.approximate ?? false,
        excerpt: v.excerpt,
        page: v.page ?? null,
        cell: v.cell ?? null,
        ocr: v.ocr ?? null,
      })),
      sections: result.sections,
      checks: result.checks.map((c) => ({
        key: checkKey(c.id, c.scope),
        severity: c.severity,
        status: c.status,
        left: c.left,
        right: c.right,
        message: c.message,
        ...(c.ocrReview ? { ocrReview: true } : {}),
      })),
      extractorVersion: EXTRACTOR_VERSION,
    },
    clock,
  );
  return {
    state: "reports",
    values: result.values.length,
    // A failure over figures OCR did not read surely is a 提示 for human check, not a failed check.
    failedChecks: result.checks.filter((c) => c.status === "fail" && !c.ocrReview).length,
    ...(mismatch ? { agencyMismatch: mismatch } : {}),
  };
}
