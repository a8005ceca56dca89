import { applicationCells } from "./application-labels.js";
import { proactiveCells } from "./proactive-labels.js";
import { proseFigureDescription } from "./prose-figure-descriptions.js";
import { reviewCells } from "./review-labels.js";
import type { ReportFormat } from "./report-formats.js";
import type { ReportTable } from "./value-keys.js";

/**
 * Where a value sits on the printed form, in the form's own words: every heading above its row and
 * its column, numbering and punctuation included, exactly as the template prints them.
 */
export interface FormLabel {
  table: ReportTable;
  /** The table's section heading without its number: `收到和处理政府信息公开申请情况`. */
  tableTitle: string;
  /**
   * The headings the row sits under, outermost first: `["三、本年度办理结果", "（三）不予公开"]`; for
   * table 二 the item caption `["第二十条第（一）项"]`; empty for a row that stands alone.
   */
  rowGroups: readonly string[];
  /** `1.属于国家秘密`, `规章`; null in table 四, whose one row of numbers has no label. */
  rowLabel: string | null;
  /** The headings over the column, outermost first: `["行政诉讼", "未经复议直接起诉"]`, `["法人或其他组织"]`. */
  columnGroups: readonly string[];
  /** `自然人`, `本年制发件数`, `结果维持`. */
  columnLabel: string;
}

const CELLS: Record<ReportFormat, ReadonlyMap<string, FormLabel>> = {
  legacy: new Map(),
  "2019": new Map([...proactiveCells("2019"), ...applicationCells("2019"), ...reviewCells()]),
  "2021": new Map([...proactiveCells("2021"), ...applicationCells("2021"), ...reviewCells()]),
};

/**
 * Every table cell the format's form prints, in printed order (table 二, 三, 四; row by row). Legacy
 * reports have no form: none.
 *
 * @example formLabelKeys("2021").length; // 200: 10 in table 二, 25 rows × 7 in table 三, 15 in table 四
 */
export const formLabelKeys = (format: ReportFormat): readonly string[] => [...CELLS[format].keys()];

/**
 * A cell's printed labels; null when the format's form has no such cell (`proactive.rules.issued` in
 * 2019, anything in `legacy`, prose figures).
 *
 * @example formLabel("apply.granted.natural_person", "2021")?.rowLabel; // "（一）予以公开"
 */
export const formLabel = (key: string, format: ReportFormat): FormLabel | null =>
  CELLS[format].get(key) ?? null;

const quoted = (texts: readonly string[]): string => texts.map((t) => `「${t}」`).join("");

/** `「三、本年度办理结果」「（三）不予公开」下「1.属于国家秘密」`: each heading quoted, 下 before the leaf. */
const under = (groups: readonly string[], label: string): string =>
  groups.length === 0 ? quoted([label]) : `${quoted(groups)}下${quoted([label])}`;

/**
 * One phrase naming a value the way a report card states it, in the form's own words: 表, the table's
 * number, then the row and then the column, each label in 「」 and each heading above it quoted before
 * 下; 、 between row and column. Prose figures (`text.*`) are described as 正文所述… in every format.
 * Null when the format has no such value.
 *
 * @example
 * describeCell("apply.withheld.state_secret.commercial", "2021");
 * // 表三「三、本年度办理结果」「（三）不予公开」下「1.属于国家秘密」行、「法人或其他组织」下「商业企业」列
 * describeCell("litigation_direct.upheld", "2019"); // 表四「行政诉讼」「未经复议直接起诉」下「结果维持」列
 * describeCell("text.reviews", "legacy"); // 正文所述行政复议案件数
 */
export function describeCell(key: string, format: ReportFormat): string | null {
  const prose = proseFigureDescription(key);
  if (prose) return `正文所述${prose}`;
  const label = formLabel(key, format);
  if (!label) return null;
  const row = label.rowLabel === null ? "" : `${under(label.rowGroups, label.rowLabel)}行、`;
  return `表${label.table}${row}${under(label.columnGroups, label.columnLabel)}列`;
}

/**
 * Every text the forms print whatever the report says (table titles, row and column labels and the
 * headings over them, in both formats), longest first: what two reports share without either
 * copying the other. Originality compares reports with these taken out.
 */
export const TEMPLATE_PHRASES: readonly string[] = (() => {
  const phrases = new Set<string>();
  for (const format of ["2019", "2021"] as const)
    for (const key of formLabelKeys(format)) {
      const l = formLabel(key, format)!;
      for (const text of [l.tableTitle, l.rowLabel, l.columnLabel, ...l.rowGroups, ...l.columnGroups])
        if (text && text.length >= 2) phrases.add(text);
    }
  return [...phrases].sort((a, b) => b.length - a.length);
})();
