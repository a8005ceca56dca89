import { runIdentityChecks, runTextTableChecks } from "./checks/identities.js";
import { decodeBytes } from "./decode/detect-encoding.js";
import { isTraditional, stripPinyinAnnotations, toSimplified } from "./decode/simplify.js";
import { htmlToDocument } from "./document/from-html.js";
import { docToDocument } from "./document/from-doc.js";
import { docxToDocument } from "./document/from-docx.js";
import { imageDocument, pdfDocument, readPdfLayers } from "./document/from-pdf.js";
import { textToDocument } from "./document/from-text.js";
import { ZipEntryMissingError } from "./document/zip-entry.js";
import { DocumentTimeoutError, DocumentTooLargeError } from "./errors.js";
import { MAX_INPUT_BYTES, MAX_TEXT_CHARS, PDF_TIME_BUDGET_MS } from "./limits.js";
import { findAgency } from "./fields/agency-name.js";
import { landingPageOf } from "./fields/attachment-page.js";
import { isApplicationsTable, readApplicationsTable } from "./fields/applications-table.js";
import { findContact } from "./fields/contact.js";
import { isProactiveTable, readProactiveTable } from "./fields/proactive-table.js";
import { findProseFigures } from "./fields/prose-figures.js";
import { findPublishDate } from "./fields/publish-date.js";
import { toReportLines } from "./fields/report-lines.js";
import { decideFormat } from "./fields/report-format.js";
import { judgeReportKind } from "./fields/report-kind.js";
import { findReportYear } from "./fields/report-year.js";
import { isReviewTable, readReviewNumbersFromText, readReviewTable } from "./fields/review-table.js";
import { findSections } from "./fields/sections.js";
import { applicationRowsAsGrid } from "./fields/text-tables.js";
import { type OcrDocument, ocrImages, ocrPdfPages } from "./ocr/ocr-document.js";
import { markOcrFigures } from "./ocr/ocr-marks.js";
import { detectKind } from "./source-kind.js";
import type {
  ExtractInput,
  ExtractResult,
  ExtractedReport,
  ExtractedValue,
  ExtractionErrorCode,
  ExtractionFailure,
  NormalizedDocument,
  TableGrid,
} from "./types.js";

/** Bump when a change alters what extraction produces: the extract stage re-runs older results. */
export const EXTRACTOR_VERSION = "7";

function failure(code: ExtractionErrorCode, message: string, warnings: string[] = []): ExtractionFailure {
  return { ok: false, extractorVersion: EXTRACTOR_VERSION, error: { code, message }, warnings };
}

/**
 * An error as a typed failure: over a limit, out of time, else `malformed` when a parser threw it
 * (`unreadable` says what could not be read) and `internal` when extract's own code did.
 */
function failureOf(error: unknown, unreadable?: string): ExtractionFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DocumentTooLargeError) return failure("too_large", message);
  if (error instanceof DocumentTimeoutError) return failure("timeout", message);
  if (unreadable) return failure("malformed", `${unreadable}: ${message}`);
  return failure("internal", `extraction failed: ${message}`);
}

/**
 * A failure when the document holds more than MAX_TEXT_CHARS of text: the field readers are linear
 * but slow per character. A spanned table cell counts once.
 */
function tooMuchText(doc: NormalizedDocument): ExtractionFailure | null {
  let chars = 0;
  for (const block of doc.blocks) {
    if (block.kind === "text") chars += block.text.length;
    else {
      block.table.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell.originRow === r && cell.originCol === c) chars += cell.text.length;
        }),
      );
    }
    if (chars > MAX_TEXT_CHARS) {
      return failure("too_large", `the document has more than ${MAX_TEXT_CHARS} characters of text`);
    }
  }
  return null;
}

/** Pinyin annotations out, traditional script to simplified, in every text of the document. */
function normalizeScript(doc: NormalizedDocument): NormalizedDocument {
  const all = [
    doc.title ?? "",
    ...doc.blocks.map((b) =>
      b.kind === "text"
        ? b.text
        : b.table.rows
            .flat()
            .map((c) => c.text)
            .join(" "),
    ),
  ].join("\n");
  const { text: stripped, removed: pinyin } = stripPinyinAnnotations(all);
  // Judged on the whole document: a short cell or title cannot tell traditional from simplified.
  const traditional = isTraditional(stripped);
  if (pinyin === 0 && !traditional) return doc;
  const fix = (text: string) => {
    const t = pinyin > 0 ? stripPinyinAnnotations(text).text : text;
    return traditional ? toSimplified(t) : t;
  };
  const warnings = [...doc.warnings];
  if (pinyin > 0) warnings.push(`removed ${pinyin} pinyin annotations inserted after characters`);
  if (traditional) warnings.push("converted traditional script to simplified");
  return {
    ...doc,
    title: doc.title === null ? null : fix(doc.title),
    site: Object.fromEntries(
      Object.entries(doc.site).map(([k, v]) => [k, typeof v === "string" ? fix(v) : v]),
    ),
    blocks: doc.blocks.map((b) =>
      b.kind === "text"
        ? { ...b, text: fix(b.text) }
        : {
            ...b,
            table: {
              ...b.table,
              rows: b.table.rows.map((row) => row.map((c) => ({ ...c, text: fix(c.text) }))),
            },
          },
    ),
    warnings,
  };
}

/** Reads the document into an ExtractedReport: metadata, sections, tables, prose figures, checks. */
function readReport(doc: NormalizedDocument, hint: string | undefined, scanned = false): ExtractedReport {
  const warnings = [...doc.warnings];
  const lines = toReportLines(doc.blocks);
  const grids = doc.blocks
    .filter((b): b is { kind: "table"; table: TableGrid } => b.kind === "table")
    .map((b) => b.table);

  const values = new Map<string, ExtractedValue>();
  const addValues = (list: readonly ExtractedValue[]) => {
    for (const v of list) if (!values.has(v.key)) values.set(v.key, v);
  };
  let tableFormat: "2019" | "2021" | null = null;
  let foundApplications = false;
  for (const grid of grids) {
    if (isApplicationsTable(grid)) {
      const table = readApplicationsTable(grid);
      if (table) {
        foundApplications ||= table.values.length > 0;
        tableFormat ??= table.format;
        warnings.push(...table.warnings);
        addValues(table.values);
      }
    }
    if (isReviewTable(grid)) addValues(readReviewTable(grid));
    if (isProactiveTable(grid)) {
      const table = readProactiveTable(grid);
      if (table.format === "2019" || (table.format && !tableFormat)) tableFormat = table.format;
      addValues(table.values);
    }
  }
  if (!foundApplications) {
    const grid = applicationRowsAsGrid(lines);
    const table = grid ? readApplicationsTable(grid) : null;
    if (table) {
      tableFormat ??= table.format;
      warnings.push(...table.warnings);
      addValues(table.values);
    }
  }
  if (![...values.keys()].some((k) => k.startsWith("review."))) addValues(readReviewNumbersFromText(lines));

  // A title is the page's title, or a first line that names the report.
  // A converted page may start with navigation: the title is the first short line naming a report.
  const titleLine = lines
    .slice(0, 12)
    .find(
      (l) =>
        /(信息公开|政务公开)/.test(l.text) &&
        /(年度报告|年报|工作报告)/.test(l.text) &&
        /(\d{4}|[〇零一二三四五六七八九]{4})\s*年/.test(l.text) &&
        l.text.length <= 60,
    );
  const pdfTitleIsGeneric = doc.sourceKind === "pdf" && doc.title !== null && !/\d{4}/.test(doc.title);
  // A text dump may label its title: `标题: 平潭综合实验区2021年度政府信息公开工作年度报告`.
  const labelledTitle = lines
    .slice(0, 12)
    .map((l) => /^\s*(?:标题|题目|文章标题)\s*[:：]\s*(\S.{0,80})$/.exec(l.text)?.[1]?.trim())
    .find((t) => t !== undefined);
  const title =
    (pdfTitleIsGeneric ? null : doc.title) ?? doc.site.title ?? labelledTitle ?? titleLine?.text ?? null;
  const publish = findPublishDate(doc.site, lines);
  const year = findReportYear(title, lines, publish?.date ?? null);
  const agency = findAgency(title, doc.site, lines, hint, scanned);
  const sections = findSections(lines);
  addValues(findProseFigures(lines));

  const tableValues = [...values.keys()].filter((k) =>
    /^(apply|review|litigation_direct|litigation_after_review|proactive)\./.test(k),
  ).length;
  const hasTables = tableValues > 0;
  const text = lines.map((l) => l.text).join("\n");
  // Labels printed in tables the readers did not take are evidence of the format too.
  const gridText = grids.map((g) => g.rows.map((row) => row.map((c) => c.text).join(" ")).join("\n"));
  const decided = decideFormat({
    text: [text, ...gridText].join("\n"),
    tableFormat,
    tableValues,
    year: year?.year ?? null,
    scanned,
  });
  const { format } = decided;
  if (decided.tables.state === "unreadable") warnings.push(`tables: unreadable: ${decided.tables.reason}`);
  const allValues = [...values.values()];
  const checks = [...runIdentityChecks(allValues, format), ...runTextTableChecks(allValues)];
  for (const soft of checks.filter((c) => c.severity === "soft" && c.status === "fail")) {
    warnings.push(`${soft.id} ${soft.scope}: ${soft.message}`);
  }

  const kind = judgeReportKind({
    title,
    labels: `${doc.site.catalogue ?? ""}${doc.site.columnName ?? ""}`,
    text,
    sections,
    hasTables,
    modernForm: format !== "legacy",
  });
  const { isReport } = kind;
  const headed = sections.filter((s) => s.key !== "assessment").length;
  const attachmentPage = isReport ? null : landingPageOf(doc, title, text);
  // The page of an attachment report is not a fault of the page: no warning.
  const notReport = attachmentPage
    ? "the landing page of an attachment report: the report is its attachment"
    : kind.notReport;
  if (!isReport && !attachmentPage) warnings.push(notReport ?? "does not read as a report");
  if (isReport && format === "legacy" && year && year.year >= 2019) {
    warnings.push(
      `a ${year.year} report must use the ${year.year >= 2021 ? "2021" : "2019"} format with tables 二, 三 and 四; none were found`,
    );
  }
  if (!year) warnings.push("report year not found");
  if (!agency) warnings.push("agency name not found");
  const confidence =
    (isReport ? 0.5 : 0.1) +
    (year ? 0.2 : 0) +
    (agency ? 0.1 : 0) +
    (publish ? 0.1 : 0) +
    (headed >= 3 || hasTables ? 0.1 : 0);

  return {
    ok: true,
    extractorVersion: EXTRACTOR_VERSION,
    sourceKind: doc.sourceKind,
    encoding: doc.encoding,
    format,
    isReport,
    notReport,
    attachmentPage,
    formatEvidence: decided.evidence,
    tables: decided.tables,
    confidence: Math.round(confidence * 100) / 100,
    metadata: {
      title,
      agency: agency?.name ?? null,
      agencySource: agency?.source ?? null,
      agencyConfidence: agency?.confidence ?? null,
      year: year?.year ?? null,
      yearSource: year?.source ?? null,
      publishDate: publish?.date ?? null,
      publishDateSource: publish?.source ?? null,
      indexNo: doc.site.indexNo ?? null,
      documentNo: doc.site.documentNo ?? null,
      publisher: doc.site.publisher ?? null,
      catalogue: doc.site.catalogue ?? null,
      contact: findContact(lines),
    },
    // A document refused as a report states no figures of a report.
    values: isReport ? allValues : [],
    sections,
    checks: isReport ? checks : [],
    warnings,
    text,
    scanned,
    ocr: null,
  };
}

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
  const kind = detectKind(input.bytes, input.url, input.contentType);
  if (input.bytes.byteLength > MAX_INPUT_BYTES) return extract(input);
  if (kind === "image") return extractScanImages({ ...input, pages: [input.bytes] });
  if (kind !== "pdf" && kind !== "ole") return extract(input);
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

/**
 * Extracts a report from bytes. Pure: no I/O, no clock. Never throws: bad input gives
 * `{ ok: false, error: { code, message } }` or a low-confidence report with warnings.
 *
 * @example
 *   const result = extract({ bytes, url: "https://x.gov.cn/art/2025/1/20/art_1_2.html" });
 *   if (result.ok) console.log(result.metadata.year, result.values.length);
 */
export function extract(input: ExtractInput): ExtractResult {
  try {
    const { bytes } = input;
    if (bytes.byteLength === 0) return failure("empty", "the document is empty");
    if (bytes.byteLength > MAX_INPUT_BYTES) {
      return failure(
        "too_large",
        `the document is ${bytes.byteLength} bytes; the limit is ${MAX_INPUT_BYTES}`,
      );
    }
    const kind = detectKind(bytes, input.url, input.contentType);
    switch (kind) {
      case "pdf":
        return failure(
          "unsupported_format",
          "PDF documents are read by extractAsync (PDF parsing is asynchronous)",
        );
      case "zip": {
        let docx: NormalizedDocument;
        try {
          docx = docxToDocument(bytes);
        } catch (error) {
          if (error instanceof ZipEntryMissingError) {
            return failure(
              "unsupported_format",
              "a zip archive that is not a Word document (no word/document.xml); archives are not opened",
            );
          }
          return failureOf(error, "the DOCX could not be read");
        }
        return tooMuchText(docx) ?? readReport(normalizeScript(docx), input.agencyHint);
      }
      case "ole":
        return failure("unsupported_format", "DOC/WPS documents are read by extractAsync");
      case "image":
        return failure("unsupported_format", "images (scans) are read by OCR in extractAsync");
      case "unknown-binary":
        return failure("unsupported_format", "the document is binary data of an unknown format");
    }
    const decoded = decodeBytes(bytes, input.contentType ? { contentType: input.contentType } : {});
    // An error of the HTML or text reader other than a limit is a bug, not a malformed page.
    const doc =
      kind === "html"
        ? htmlToDocument(decoded.text, decoded.encoding)
        : textToDocument(decoded.text, decoded.encoding);
    doc.warnings.unshift(...decoded.warnings);
    return tooMuchText(doc) ?? readReport(normalizeScript(doc), input.agencyHint);
  } catch (error) {
    return failureOf(error);
  }
}
