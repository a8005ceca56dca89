import { type ExtractedReport, EXTRACTOR_VERSION, extractAsync } from "@touming/extract";
import {
  type DocumentRow,
  countDocumentsToExtract,
  documentsToExtract,
  getAgency,
  getReport,
  recordExtractionOutcome,
  saveExtraction,
} from "@touming/store";
import type { StageContext } from "../stage-run.js";

export interface ExtractStageOptions {
  /** Stop after this many documents (default: all pending). */
  limit?: number;
}

const tableValueCount = (report: ExtractedReport) =>
  report.values.filter((v) => !v.key.startsWith("text.")).length;

/**
 * The extract stage: every document that is new, changed, failed last time or extracted by another
 * extractor version is read from blob storage, extracted, and saved with its values, sections and
 * checks in one transaction. One bad document is recorded with its error; the run goes on.
 */
export interface ExtractStageSummary {
  documents: number;
  reports: number;
  skipped: number;
  failed: number;
  values: number;
  failedChecks: number;
}

export async function runExtractStage(
  ctx: StageContext,
  options: ExtractStageOptions = {},
): Promise<ExtractStageSummary> {
  const { store, log } = ctx;
  const clock = () => ctx.io.now();
  const pending = await countDocumentsToExtract(store.db, EXTRACTOR_VERSION);
  const total = Math.min(pending, options.limit ?? Infinity);
  // The run log's counters are this summary: kept current so an interrupted run records its progress.
  const counters: ExtractStageSummary = Object.assign(ctx.counters, {
    documents: 0,
    reports: 0,
    skipped: 0,
    failed: 0,
    values: 0,
    failedChecks: 0,
  });
  log.info("start", { pending, extractorVersion: EXTRACTOR_VERSION });
  let afterId = 0;
  while (counters.documents < total && !ctx.signal.aborted) {
    const page = await documentsToExtract(store.db, {
      extractorVersion: EXTRACTOR_VERSION,
      afterId,
      limit: 100,
    });
    if (page.length === 0) break;
    for (const doc of page) {
      if (counters.documents >= total || ctx.signal.aborted) break;
      afterId = doc.id;
      const outcome = await extractOne(ctx, doc, clock).catch(async (error: Error): Promise<Outcome> => {
        // One document's unexpected failure is recorded and the run goes on; if even recording
        // fails (disk full, read-only store) the store is unusable and the run stops.
        const reason = `unexpected: ${error.message}`;
        await recordExtractionOutcome(
          store.db,
          doc.id,
          { state: "failed", reason, extractorVersion: EXTRACTOR_VERSION },
          clock,
        );
        return { state: "failed", reason };
      });
      counters.documents++;
      counters[outcome.state]++;
      if (outcome.state === "reports") {
        counters.values += outcome.values;
        counters.failedChecks += outcome.failedChecks;
      } else {
        log.warn(`document ${outcome.state}`, { document: doc.id, url: doc.url, reason: outcome.reason });
      }
      log.progress(counters.documents, total);
    }
  }
  log.done();
  return { ...counters };
}

type Outcome =
  | { state: "reports"; values: number; failedChecks: number }
  | { state: "skipped" | "failed"; reason: string };

async function extractOne(ctx: StageContext, doc: DocumentRow, clock: () => Date): Promise<Outcome> {
  const { store } = ctx;
  const give = async (state: "skipped" | "failed", reason: string): Promise<Outcome> => {
    await recordExtractionOutcome(
      store.db,
      doc.id,
      { state, reason, extractorVersion: EXTRACTOR_VERSION },
      clock,
    );
    return { state, reason };
  };
  let bytes: Buffer;
  try {
    bytes = await store.blobs.get(doc.blob_sha256!);
  } catch (error) {
    return give("failed", `raw bytes unreadable: ${(error as Error).message}`);
  }
  const agency = await getAgency(store.db, doc.agency_id);
  const result = await extractAsync({
    bytes,
    url: doc.url,
    ...(doc.content_type ? { contentType: doc.content_type } : {}),
    ...(agency ? { agencyHint: agency.name } : {}),
  });
  if (!result.ok) {
    // Formats this extractor cannot read are retried when the extractor version changes.
    const state =
      result.error.code === "unsupported_format" || result.error.code === "too_large" ? "skipped" : "failed";
    return give(state, `${result.error.code}: ${result.error.message}`);
  }
  if (!result.isReport) return give("skipped", `not an annual report (confidence ${result.confidence})`);
  const year = result.metadata.year;
  if (year === null) return give("failed", "report year not found");

  // Two documents for one agency-year (an article and its attachment, a republished copy):
  // keep the one with more table values.
  const existing = await getReport(store.db, doc.agency_id, year);
  if (existing && existing.report.document_id !== null && existing.report.document_id !== doc.id) {
    const existingTableValues = existing.values.filter((v) => !v.key.startsWith("text.")).length;
    if (existingTableValues > tableValueCount(result)) {
      return give(
        "skipped",
        `document ${existing.report.document_id} holds a fuller ${year} report for this agency`,
      );
    }
  }
  const publishDate = result.metadata.publishDate ?? doc.listed_date;
  await saveExtraction(
    store.db,
    {
      documentId: doc.id,
      agencyId: doc.agency_id,
      year,
      title: result.metadata.title ?? doc.title,
      publishDate,
      publishDateSource: result.metadata.publishDate
        ? result.metadata.publishDateSource
        : doc.listed_date
          ? "list"
          : null,
      format: result.format,
      text: result.text,
      metadata: {
        ...result.metadata,
        encoding: result.encoding,
        sourceKind: result.sourceKind,
        confidence: result.confidence,
        scanned: result.scanned,
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
      })),
      sections: result.sections,
      checks: result.checks.map((c) => ({
        key: `${c.id}:${c.scope}`,
        severity: c.severity,
        status: c.status,
        expected: c.right,
        actual: c.left,
        message: c.message,
      })),
      extractorVersion: EXTRACTOR_VERSION,
    },
    clock,
  );
  return {
    state: "reports",
    values: result.values.length,
    failedChecks: result.checks.filter((c) => c.status === "fail").length,
  };
}
