import { REVIEW_GROUPS, REVIEW_OUTCOMES } from "@touming/vocabulary";
import { labelForm, toParseForm } from "../decode/parse-form.js";
import { distinctCells } from "../document/table-grid.js";
import { UNREAD_FIGURE } from "../document/unread-figure.js";
import { isReviewHeading } from "../document/review-heading.js";
import { matchReviewGroup, matchReviewOutcome } from "../document/table-labels.js";
import type { ExtractedValue, OcrMark, TableGrid } from "../types.js";
import { parseCell } from "./numbers.js";
import type { ReportLine } from "./report-lines.js";
import { cellValue, columnHeader, isLabelCell } from "./table-reading.js";

/** The 15 keys of table 四 in printed order. */
export const REVIEW_KEYS = REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `${g}.${o}`));

const OUTCOME_RULES: [(typeof REVIEW_OUTCOMES)[number], RegExp][] = [
  ["upheld", /维持/],
  ["corrected", /纠正/],
  ["other", /其他/],
  ["pending", /未审结|尚未/],
  ["total", /总计|合计/],
];

export function isReviewTable(grid: TableGrid): boolean {
  const text = labelForm(
    grid.rows
      .flat()
      .map((c) => c.text)
      .join("|"),
  );
  if (!/(维持|纠正|审结)/.test(text)) return false;
  // Printed one row per group, a table may hold some groups only.
  return (/行政复议/.test(text) && /行政诉讼/.test(text)) || readGroupRows(grid).length > 0;
}

type Group = (typeof REVIEW_GROUPS)[number];
type Outcome = (typeof REVIEW_OUTCOMES)[number];

// The form's words decide (the vocabulary, through table-labels.ts); these key words catch variants.
function groupOf(header: string): Group | null {
  const group = matchReviewGroup(header);
  if (group) return group;
  if (/复议后/.test(header)) return "litigation_after_review";
  if (/未经复议|直接起诉/.test(header)) return "litigation_direct";
  if (/行政复议/.test(header)) return "review";
  return null;
}

function outcomeOf(header: string): Outcome | null {
  return (
    matchReviewOutcome(header) ??
    OUTCOME_RULES.find(([, re]) => re.test(header.split("/").at(-1) ?? ""))?.[0] ??
    null
  );
}

/**
 * Table 四 printed one row per group (`行政复议 | 27 | 10 | 9 | 15 | 61`, as a text table of one
 * table per group is put together): each row read by its label's group, each value under the
 * outcome its column header names, or, with five values and no such header, in the form's order.
 */
function readGroupRows(grid: TableGrid): ExtractedValue[] {
  const values: ExtractedValue[] = [];
  const seen = new Set<Group>();
  let headerRows = -1;
  grid.rows.forEach((row, r) => {
    const cells = distinctCells(row);
    let last = -1;
    cells.forEach(({ cell }, i) => {
      if (isLabelCell(cell.text)) last = i;
    });
    if (last < 0) return;
    const label = cells
      .slice(0, last + 1)
      .map(({ cell }) => cell.text.trim())
      .join("");
    const group = matchReviewGroup(label);
    const valueCells = cells.slice(last + 1);
    if (!group || valueCells.length < 4) return;
    if (headerRows < 0) headerRows = r;
    if (seen.has(group)) return;
    const outcomes = valueCells.map(({ col }) => outcomeOf(columnHeader(grid, col, headerRows)));
    const byHeader = new Set(outcomes.filter(Boolean)).size >= 4;
    if (!byHeader && valueCells.length !== 5) return;
    seen.add(group);
    valueCells.forEach(({ col }, i) => {
      const outcome = byHeader ? outcomes[i] : REVIEW_OUTCOMES[i];
      if (!outcome || values.some((v) => v.key === `${group}.${outcome}`)) return;
      const header = columnHeader(grid, col, headerRows).split("/").at(-1) || outcome;
      const v = cellValue(grid, "四", `${group}.${outcome}`, r, col, `${label} · ${header}`);
      if (v) values.push(v);
    });
  });
  return values;
}

/**
 * Table 四 from a grid: headers locate the 15 columns; a row of exactly 15 values is read in order.
 * Printed one row per group, each row is read by its label.
 */
export function readReviewTable(grid: TableGrid): ExtractedValue[] {
  const byGroup = readGroupRows(grid);
  if (byGroup.length > 0) return byGroup;
  const headerRows = grid.rows.findIndex((row) =>
    row.every((cell) => parseCell(cell.text).kind !== "text" || /^[\s\u3000]*$/.test(cell.text)),
  );
  const dataRow = headerRows < 0 ? -1 : headerRows;
  if (dataRow <= 0) return [];
  const width = grid.rows[0]!.length;
  const byHeader = new Map<number, string>();
  for (let c = 0; c < width; c++) {
    const header = columnHeader(grid, c, dataRow);
    const group = groupOf(header);
    const outcome = outcomeOf(header);
    if (group && outcome) byHeader.set(c, `${group}.${outcome}`);
  }
  const columns =
    new Set(byHeader.values()).size === 15
      ? byHeader
      : new Map(REVIEW_KEYS.map((key, i) => [width - 15 + i, key] as const).filter(([c]) => c >= 0));
  if (columns.size !== 15) return [];
  const values: ExtractedValue[] = [];
  for (const [col, key] of columns) {
    const v = cellValue(
      grid,
      "四",
      key,
      dataRow,
      col,
      `行政复议/行政诉讼 · ${columnHeader(grid, col, dataRow).split("/").slice(-2).join("·")}`,
    );
    if (v) values.push(v);
  }
  return values;
}

// □: a figure OCR saw but could not read (document/from-pdf.ts): it keeps its place, blank.
const NUMBER_TOKEN = /^(\d+|\/|-|—|□)$/;

/**
 * Table 四 flattened to text: after the 四、 heading (or its title with the numbering a scan's
 * reading lost), a run of 15 number tokens (on one line or
 * spread over several lines of numbers).
 */
export function readReviewNumbersFromText(lines: readonly ReportLine[]): ExtractedValue[] {
  const start = lines.findIndex(
    (l) => (/^\s*四\s*[、.]/.test(l.parse) && /(复议|诉讼)/.test(l.parse)) || isReviewHeading(l.parse),
  );
  if (start < 0) return [];
  const tokens: { raw: string; line: ReportLine; mark: OcrMark | null }[] = [];
  for (const line of lines.slice(start + 1, start + 40)) {
    if (/^\s*五\s*[、.]/.test(line.parse)) break;
    const parts = toParseForm(line.text).trim().split(/\s+/);
    if (parts.every((p) => NUMBER_TOKEN.test(p))) {
      // A line of cells read by OCR gives each cell's mark, when its cells are the line's tokens.
      const marks = line.marks?.length === parts.length ? line.marks : null;
      parts.forEach((p, k) => tokens.push({ raw: p, line, mark: marks?.[k] ?? null }));
    } else if (tokens.length > 0 && tokens.length < 15) {
      tokens.length = 0; // numbers interrupted by prose: not the table
    }
    if (tokens.length >= 15) break;
  }
  if (tokens.length !== 15) return [];
  return tokens.map((t, i) => {
    if (t.raw === UNREAD_FIGURE) {
      const unread: ExtractedValue = {
        key: REVIEW_KEYS[i]!,
        value: null,
        raw: "",
        excerpt: `表四第${i + 1}个数: （扫描件上无法识别）`,
        cell: `四:R1C${i + 1}`,
        ocr: t.mark ?? { confidence: 0, level: "unreadable" },
      };
      if (t.line.page !== undefined) unread.page = t.line.page;
      return unread;
    }
    const parsed = parseCell(t.raw);
    const value: ExtractedValue = {
      key: REVIEW_KEYS[i]!,
      value: parsed.kind === "number" ? parsed.value : null,
      raw: t.raw,
      excerpt: `表四第${i + 1}个数: ${t.raw}`,
      cell: `四:R1C${i + 1}`,
    };
    if (t.line.page !== undefined) value.page = t.line.page;
    if (t.mark) value.ocr = t.mark;
    return value;
  });
}
