import { REVIEW_GROUPS, REVIEW_OUTCOMES } from "@touming/vocabulary";
import { labelForm, toParseForm } from "../decode/parse-form.js";
import type { ExtractedValue, TableGrid } from "../types.js";
import { parseCell } from "./numbers.js";
import type { ReportLine } from "./report-lines.js";
import { cellValue, columnHeader } from "./table-reading.js";

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
  return /行政复议/.test(text) && /行政诉讼/.test(text) && /(维持|纠正|审结)/.test(text);
}

function groupOf(header: string): (typeof REVIEW_GROUPS)[number] | null {
  if (/复议后/.test(header)) return "litigation_after_review";
  if (/未经复议|直接起诉/.test(header)) return "litigation_direct";
  if (/行政复议/.test(header)) return "review";
  return null;
}

/** Table 四 from a grid: headers locate the 15 columns; a row of exactly 15 values is read in order. */
export function readReviewTable(grid: TableGrid): ExtractedValue[] {
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
    const outcome = OUTCOME_RULES.find(([, re]) => re.test(header.split("/").at(-1) ?? ""))?.[0];
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

const NUMBER_TOKEN = /^(\d+|\/|-|—)$/;

/**
 * Table 四 flattened to text: after the 四、 heading, a run of 15 number tokens (on one line or
 * spread over several lines of numbers).
 */
export function readReviewNumbersFromText(lines: readonly ReportLine[]): ExtractedValue[] {
  const start = lines.findIndex((l) => /^\s*四\s*[、.]/.test(l.parse) && /(复议|诉讼)/.test(l.parse));
  if (start < 0) return [];
  const tokens: { raw: string; line: ReportLine }[] = [];
  for (const line of lines.slice(start + 1, start + 40)) {
    if (/^\s*五\s*[、.]/.test(line.parse)) break;
    const parts = toParseForm(line.text).trim().split(/\s+/);
    if (parts.every((p) => NUMBER_TOKEN.test(p))) {
      for (const p of parts) tokens.push({ raw: p, line });
    } else if (tokens.length > 0 && tokens.length < 15) {
      tokens.length = 0; // numbers interrupted by prose: not the table
    }
    if (tokens.length >= 15) break;
  }
  if (tokens.length !== 15) return [];
  return tokens.map((t, i) => {
    const parsed = parseCell(t.raw);
    const value: ExtractedValue = {
      key: REVIEW_KEYS[i]!,
      value: parsed.kind === "number" ? parsed.value : null,
      raw: t.raw,
      excerpt: `表四第${i + 1}个数: ${t.raw}`,
      cell: `四:R1C${i + 1}`,
    };
    if (t.line.page !== undefined) value.page = t.line.page;
    return value;
  });
}
