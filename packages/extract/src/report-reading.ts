import { runIdentityChecks, runTextTableChecks } from "./checks/identities.js";
import { isTraditional, stripPinyinAnnotations, toSimplified } from "./decode/simplify.js";
import { DocumentTimeoutError, DocumentTooLargeError } from "./errors.js";
import { MAX_INPUT_BYTES, MAX_TEXT_CHARS } from "./limits.js";
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
import type {
  ExtractedReport,
  ExtractedValue,
  ExtractionErrorCode,
  ExtractionFailure,
  NormalizedDocument,
  TableGrid,
} from "./types.js";

/**
 * What every kind of document goes through once it is a NormalizedDocument: the report read from it
 * (metadata, sections, tables, prose figures, checks), the script normalized, the limits on input and
 * text, and failures as typed results. The readers of each kind are `extract.ts` (PDF, DOC, scans)
 * and `extract-markup.ts` (HTML, text, DOCX).
 */

/** Bump when a change alters what extraction produces: the extract stage re-runs older results. */
export const EXTRACTOR_VERSION = "7";

export function failure(
  code: ExtractionErrorCode,
  message: string,
  warnings: string[] = [],
): ExtractionFailure {
  return { ok: false, extractorVersion: EXTRACTOR_VERSION, error: { code, message }, warnings };
}

/**
 * An error as a typed failure: over a limit, out of time, else `malformed` when a parser threw it
 * (`unreadable` says what could not be read) and `internal` when extract's own code did.
 */
export function failureOf(error: unknown, unreadable?: string): ExtractionFailure {
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
export function tooMuchText(doc: NormalizedDocument): ExtractionFailure | null {
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
export function normalizeScript(doc: NormalizedDocument): NormalizedDocument {
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
export function readReport(
  doc: NormalizedDocument,
  hint: string | undefined,
  scanned = false,
): ExtractedReport {
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

/** An input refused before it is read: empty, or larger than MAX_INPUT_BYTES. */
export function inputFailure(bytes: Uint8Array): ExtractionFailure | null {
  if (bytes.byteLength === 0) return failure("empty", "the document is empty");
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    return failure("too_large", `the document is ${bytes.byteLength} bytes; the limit is ${MAX_INPUT_BYTES}`);
  }
  return null;
}
