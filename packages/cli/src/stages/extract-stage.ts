import { isProseFigureKey } from "@touming/vocabulary";
import { type ExtractResult, type ExtractedReport, EXTRACTOR_VERSION, extractAsync } from "@touming/extract";
import {
  type DocumentRow,
  countDocumentsToExtract,
  documentsToExtract,
  getAgency,
  getReport,
  recordExtractionOutcome,
  saveExtraction,
  storageFailure,
} from "@touming/store";
import type { StageContext } from "../stage-run.js";
import { ExtractPool, ExtractWorkerError, extractWorkerCount } from "./extract-pool.js";

export interface ExtractStageOptions {
  /** Stop after this many documents (default: all pending). */
  limit?: number;
  /** Worker threads (default: one per core, TOUMING_EXTRACT_WORKERS); 0 extracts on the main thread. */
  workers?: number;
}

const tableValueCount = (report: ExtractedReport) =>
  report.values.filter((v) => !isProseFigureKey(v.key)).length;

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
  const workers = options.workers ?? extractWorkerCount();
  const pool = workers > 0 && total > 1 ? new ExtractPool(workers) : null;
  // Documents are extracted ahead on the workers but saved one by one in id order, so the rows a
  // run leaves do not depend on which extraction finished first.
  const window: { doc: DocumentRow; result: Promise<Extracted> }[] = [];
  const ahead = pool ? pool.size * 2 : 1;
  const save = async ({ doc, result }: (typeof window)[number]) => {
    const outcome = await saveOne(ctx, doc, await result, clock).catch(
      async (error: Error): Promise<Outcome> => {
        // One document's unexpected failure is recorded and the run goes on; a full disk or a
        // read-only store is no fault of the document (and recording it may even succeed): stop.
        if (storageFailure(error)) throw error;
        const reason = `unexpected: ${error.message}`;
        await recordExtractionOutcome(
          store.db,
          doc.id,
          { state: "failed", reason, extractorVersion: EXTRACTOR_VERSION },
          clock,
        );
        return { state: "failed", reason };
      },
    );
    counters.documents++;
    counters[outcome.state]++;
    if (outcome.state === "reports") {
      counters.values += outcome.values;
      counters.failedChecks += outcome.failedChecks;
    } else {
      log.warn(`document ${outcome.state}`, { document: doc.id, url: doc.url, reason: outcome.reason });
    }
    log.progress(counters.documents, total);
  };
  try {
    let afterId = 0;
    let started = 0;
    while (started < total && !ctx.signal.aborted) {
      const page = await documentsToExtract(store.db, {
        extractorVersion: EXTRACTOR_VERSION,
        afterId,
        limit: 100,
      });
      if (page.length === 0) break;
      for (const doc of page) {
        if (started >= total || ctx.signal.aborted) break;
        afterId = doc.id;
        started++;
        window.push({ doc, result: extractDocument(ctx, doc, pool) });
        if (window.length >= ahead) await save(window.shift()!);
      }
    }
    while (window.length > 0 && !ctx.signal.aborted) await save(window.shift()!);
  } finally {
    // Extractions still running when the run stops are dropped: their documents stay pending.
    for (const w of window) void w.result.catch(() => undefined);
    await pool?.close();
  }
  log.done();
  return { ...counters };
}

/** An extraction result, or why the document could not be read or extracted at all. */
type Extracted = { result: ExtractResult } | { unreadable: string } | { lost: ExtractWorkerError };

async function extractDocument(
  ctx: StageContext,
  doc: DocumentRow,
  pool: ExtractPool | null,
): Promise<Extracted> {
  const { store } = ctx;
  let bytes: Buffer;
  try {
    bytes = await store.blobs.get(doc.blob_sha256!);
  } catch (error) {
    return { unreadable: `raw bytes unreadable: ${(error as Error).message}` };
  }
  const agency = await getAgency(store.db, doc.agency_id);
  const input = {
    bytes,
    url: doc.url,
    ...(doc.content_type ? { contentType: doc.content_type } : {}),
    ...(agency ? { agencyHint: agency.name } : {}),
  };
  if (!pool) return { result: await extractAsync(input) };
  try {
    return { result: await pool.extract(input) };
  } catch (error) {
    if (error instanceof ExtractWorkerError) return { lost: error };
    throw error;
  }
}

type Outcome =
  | { state: "reports"; values: number; failedChecks: number }
  | { state: "skipped" | "failed"; reason: string };

async function saveOne(
  ctx: StageContext,
  doc: DocumentRow,
  extracted: Extracted,
  clock: () => Date,
): Promise<Outcome> {
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
  if (!result.isReport) return give("skipped", `not an annual report (confidence ${result.confidence})`);
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
        left: c.left,
        right: c.right,
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
