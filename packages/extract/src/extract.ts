import { docToDocument } from "./document/from-doc.js";
import { imageDocument, pdfDocument, readPdfLayers } from "./document/from-pdf.js";
import { DocumentTimeoutError } from "./errors.js";
import { MAX_INPUT_BYTES, PDF_TIME_BUDGET_MS } from "./limits.js";
import { type OcrDocument, ocrImages, ocrPdfPages } from "./ocr/ocr-document.js";
import { markOcrFigures } from "./ocr/ocr-marks.js";
import {
  failure,
  failureOf,
  inputFailure,
  normalizeScript,
  readReport,
  tooMuchText,
} from "./report-reading.js";
import { detectKind } from "./source-kind.js";
import type { ExtractInput, ExtractResult, NormalizedDocument } from "./types.js";
import type * as Markup from "./extract-markup.js";

export { EXTRACTOR_VERSION } from "./report-reading.js";

/**
 * Runs a parser within a time budget: the parser is told to stop through `signal`, and the result
 * is a DocumentTimeoutError once the budget is spent even if the parser does not stop in time.
 */
async function withinBudget<T>(what: string, budgetMs: number, read: (signal: AbortSignal) => Promise<T>) {
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DocumentTimeoutError(`the ${what} was not read within ${budgetMs} ms`);
      stop.abort(error);
      reject(error);
    }, budgetMs);
  });
  try {
    return await Promise.race([read(stop.signal), expired]);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/**
 * Like `extract`, and also reads PDF and DOC, and scans: a PDF's pages without a usable text layer
 * and image files (JPG, PNG, TIFF…) are read by OCR (see ocr/), every figure so read marked with its
 * confidence. Asynchronous because their readers are; the text layer gets `input.timeBudgetMs`
 * (a `timeout` failure past it), OCR its own limits per page (ocr-limits.ts). Never rejects.
 */
export async function extractAsync(input: ExtractInput): Promise<ExtractResult> {
  const refused = inputFailure(input.bytes);
  if (refused) return refused;
  const kind = detectKind(input.bytes, input.url, input.contentType);
  if (kind === "image") return extractScanImages({ ...input, pages: [input.bytes] });
  if (kind !== "pdf" && kind !== "ole") {
    // HTML, text and DOCX: their readers are loaded when one is read (see extract-markup.ts); a
    // failure to load them is a typed failure too, so that this still never rejects.
    let markup: typeof Markup;
    try {
      markup = await import("./extract-markup.js");
    } catch (error) {
      return failureOf(error);
    }
    return markup.extract(input);
  }
  const budgetMs = input.timeBudgetMs ?? PDF_TIME_BUDGET_MS;
  let doc: NormalizedDocument;
  let scanned = false;
  let ocr: OcrDocument | null = null;
  let pageCount = 0;
  try {
    if (kind === "ole") {
      doc = await withinBudget("DOC", budgetMs, () => docToDocument(input.bytes));
    } else {
      const layers = await withinBudget("PDF", budgetMs, (signal) => readPdfLayers(input.bytes, signal));
      if (layers.scanned.length > 0 && input.ocr !== false) {
        ocr = await ocrPdfPages(input.bytes, layers.scanned, layers.pdf.sizes);
      }
      const pdf = pdfDocument(layers, ocr);
      ({ scanned } = pdf);
      pageCount = layers.pdf.pages.length;
      doc = pdf;
    }
  } catch (error) {
    // WPS Office's own format shares the OLE container; no maintained library reads it.
    const wps = kind === "ole" && /\.wps(?:$|[?#])/i.test(input.url ?? "");
    if (wps && !(error instanceof DocumentTimeoutError)) {
      return failure(
        "unsupported_format",
        "WPS documents (.wps) are not supported: ask the agency for PDF or DOCX",
      );
    }
    return failureOf(error, `the ${kind === "ole" ? "DOC" : "PDF"} could not be read`);
  }
  try {
    const report =
      tooMuchText(doc) ?? readReport(kind === "ole" ? normalizeScript(doc) : doc, input.agencyHint, scanned);
    return report.ok && ocr ? markOcrFigures(report, ocr, pageCount) : report;
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Reads a report published as page images — an image attachment, the pages of an article whose body
 * is a sequence of scans — by OCR, one page after another in the order given (a multi-page TIFF gives
 * all its pages). Every figure is marked with its OCR confidence; the report is `scanned`. Never rejects.
 */
export async function extractScanImages(
  input: Omit<ExtractInput, "bytes"> & { pages: readonly Uint8Array[] },
): Promise<ExtractResult> {
  if (input.pages.length === 0) return failure("empty", "no page images were given");
  const total = input.pages.reduce((n, p) => n + p.byteLength, 0);
  if (total > MAX_INPUT_BYTES) {
    return failure("too_large", `the page images are ${total} bytes; the limit is ${MAX_INPUT_BYTES}`);
  }
  try {
    const ocr = await ocrImages(input.pages);
    const pageCount = Math.max(ocr.items.size, ...[...ocr.items.keys()]);
    if (!ocr.reading) {
      const why = ocr.warnings.join("; ") || "no page could be read";
      return failure("unsupported_format", `the document is an image (a scan) and was not read: ${why}`);
    }
    const doc = imageDocument(ocr, pageCount);
    const report = tooMuchText(doc) ?? readReport(normalizeScript(doc), input.agencyHint, true);
    return report.ok ? markOcrFigures(report, ocr, pageCount) : report;
  } catch (error) {
    return failureOf(error, "the image could not be read");
  }
}
