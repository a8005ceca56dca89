import {
  type DocumentRow,
  type Stage,
  type StageContext,
  countDocumentsToExtract,
  documentsToExtract,
  getAgency,
  storageFailure,
} from "@touming/store";
import { EXTRACTOR_VERSION, extractAsync } from "../extract.js";
import type { ParentPageFacts } from "./attachment-parent.js";
import { ExtractPool, ExtractWorkerError } from "./extract-pool.js";
import { defaultExtractWorkers } from "./extract-workers.js";
import {
  type PageImageReport,
  extractPageImages,
  pageImageReportOf,
  pageImageSkipReason,
} from "./page-image-report.js";
import { type Extracted, type Outcome, recordGivenUp, saveOutcome } from "./save-outcome.js";

export interface ExtractStageOptions {
  /** Stop after this many documents (default: all pending). */
  limit?: number;
  /** Worker threads (default `defaultExtractWorkers()`: one per core, at most 4); 0 extracts on the calling thread. */
  workers?: number;
  /**
   * Only these documents, when they need extracting (a worker's job: one document). The pages of an
   * article read with it as one scanned report are taken with the article whether listed or not.
   */
  documentIds?: readonly number[];
}

/** What one extract run did, as the run log records it. */
export type ExtractStageSummary = {
  /** Documents taken (each one ends as a report, skipped or failed). */
  documents: number;
  reports: number;
  skipped: number;
  failed: number;
  /** Values saved with the reports. */
  values: number;
  /** Checks that failed in the reports saved (not those over unsure OCR figures: 提示 for human check). */
  failedChecks: number;
};

/** Documents read per store query while walking the pending ones. */
const PAGE_SIZE = 100;

/**
 * The extract stage: every document that is new, changed, failed last time or extracted by another
 * extractor version is read from blob storage, extracted, and saved with its values, sections and
 * checks in one transaction. One bad document is recorded with its error and the run goes on; a
 * store failure (a full disk) stops it. Once `signal` aborts, the documents being extracted are
 * dropped (they stay pending) and the summary of what was saved is returned.
 */
export const extractStage: Stage<ExtractStageOptions, ExtractStageSummary> = {
  name: "extract",
  async run(ctx, options) {
    return { summary: await extractPending(ctx, options), details: undefined };
  },
};

async function extractPending(ctx: StageContext, options: ExtractStageOptions): Promise<ExtractStageSummary> {
  const { store, clock, signal } = ctx;
  const only = options.documentIds ? { documentIds: options.documentIds } : {};
  const pending = await countDocumentsToExtract(store.db, EXTRACTOR_VERSION, only);
  const total = Math.min(pending, options.limit ?? Infinity);
  const summary: ExtractStageSummary = {
    documents: 0,
    reports: 0,
    skipped: 0,
    failed: 0,
    values: 0,
    failedChecks: 0,
  };
  ctx.log?.info("start", { pending, extractorVersion: EXTRACTOR_VERSION });
  const workers = options.workers ?? defaultExtractWorkers();
  const pool = workers > 0 && total > 1 ? new ExtractPool(workers) : null;
  // Documents are extracted ahead on the workers but saved one by one in id order, so the rows a
  // run leaves do not depend on which extraction finished first.
  const window: Work[] = [];
  const ahead = pool ? pool.size * 2 : 1;
  /** Documents read in this run with their article's page images: not taken again. */
  const claimed = new Set<number>();
  const saveOne = async (doc: DocumentRow, extracted: Extracted, shownOn?: ParentPageFacts | null) => {
    const outcome = await saveOutcome(store, doc, extracted, clock, shownOn).catch(
      async (error: Error): Promise<Outcome> => {
        // One document's unexpected failure is recorded and the run goes on; a full disk or a
        // read-only store is no fault of the document (and recording it may even succeed): stop.
        if (storageFailure(error)) throw error;
        return recordGivenUp(store, doc, "failed", `unexpected: ${error.message}`, clock);
      },
    );
    summary.documents++;
    summary[outcome.state]++;
    if (outcome.state === "reports") {
      summary.values += outcome.values;
      summary.failedChecks += outcome.failedChecks;
      if (outcome.agencyMismatch)
        ctx.log?.warn("report names another agency", {
          document: doc.id,
          url: doc.url,
          ...outcome.agencyMismatch,
        });
    } else if (outcome.state === "skipped" && outcome.attachmentPage) {
      // Not a fault: the report is the page's attachment.
      ctx.log?.info("attachment's page", { document: doc.id, url: doc.url });
    } else {
      ctx.log?.warn(`document ${outcome.state}`, { document: doc.id, url: doc.url, reason: outcome.reason });
    }
    ctx.onProgress?.({ done: summary.documents, total, item: doc.url });
  };
  const save = async (work: Work) => {
    if (!("report" in work)) return saveOne(work.doc, await work.result);
    // The article's report read from its page images; each page is recorded as read with it.
    const { extracted, page } = await work.result;
    await saveOne(work.report.article, extracted, page);
    for (const p of work.report.pages) {
      const reason = pageImageSkipReason(p, work.report.article);
      await recordGivenUp(store, p, "skipped", reason, clock);
      summary.documents++;
      summary.skipped++;
      ctx.log?.info("page image read with its article", {
        document: p.id,
        url: p.url,
        article: work.report.article.id,
      });
      ctx.onProgress?.({ done: summary.documents, total, item: p.url });
    }
  };
  try {
    let afterId = 0;
    let started = 0;
    while (started < total && !signal.aborted) {
      const page = await documentsToExtract(store.db, {
        extractorVersion: EXTRACTOR_VERSION,
        afterId,
        limit: PAGE_SIZE,
        ...only,
      });
      if (page.length === 0) break;
      for (const doc of page) {
        if (started >= total || signal.aborted) break;
        afterId = doc.id;
        if (claimed.has(doc.id)) continue;
        const report = await pageImageReportOf(store, doc);
        if (report) {
          for (const d of [report.article, ...report.pages]) claimed.add(d.id);
          started += 1 + report.pages.length;
          window.push({ doc: report.article, report, result: extractPageImages(store, report) });
        } else {
          started++;
          window.push({ doc, result: extractDocument(ctx, doc, pool) });
        }
        if (window.length >= ahead) await save(window.shift()!);
      }
    }
    while (window.length > 0 && !signal.aborted) await save(window.shift()!);
  } finally {
    // Extractions still running when the run stops are dropped: their documents stay pending.
    for (const w of window) void (w.result as Promise<unknown>).catch(() => undefined);
    await pool?.close();
  }
  return summary;
}

/**
 * One extraction under way: a document's, or the report of an article whose body is its page
 * images (read by OCR on the calling thread: the pool's workers take one document each).
 */
type Work =
  | { doc: DocumentRow; result: Promise<Extracted> }
  | {
      doc: DocumentRow;
      report: PageImageReport;
      result: Promise<{ extracted: Extracted; page: ParentPageFacts | null }>;
    };

async function extractDocument(
  { store }: StageContext,
  doc: DocumentRow,
  pool: ExtractPool | null,
): Promise<Extracted> {
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
