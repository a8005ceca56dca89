import type { ReportWithSource } from "@touming/store";
import {
  CHECKS,
  type ReportFormat,
  checkIdOf,
  describeCell,
  formLabel,
  identityTerms,
  isCheckId,
} from "@touming/vocabulary";
import { quoted } from "./card-findings.js";

/**
 * The blank cells of one identity in one phrase: by their shared row (T3-B), their shared column
 * (T3-A, T3-C) or, when they share neither, cell by cell.
 */
function blankCellsPhrase(keys: readonly string[], format: ReportFormat): string {
  const labels = keys.map((k) => formLabel(k, format)).filter((l) => l !== null);
  if (labels.length === 0) return "相关单元格";
  const first = labels[0]!;
  const same = (f: (l: typeof first) => string) => labels.every((l) => f(l) === f(first));
  const rowOf = (l: typeof first) => [...l.rowGroups, l.rowLabel ?? ""].join("/");
  const columnOf = (l: typeof first) => [...l.columnGroups, l.columnLabel].join("/");
  if (first.rowLabel !== null && same(rowOf)) {
    const row = first.rowGroups.length
      ? `${quoted(first.rowGroups.at(-1)!)}下${quoted(first.rowLabel)}`
      : quoted(first.rowLabel);
    return `表${first.table}${row}行的${labels.map((l) => quoted(l.columnLabel)).join("、")}栏`;
  }
  if (same(columnOf) && labels.every((l) => l.rowLabel !== null)) {
    const rows = labels.map((l) =>
      l.rowGroups.length ? `${quoted(l.rowGroups.at(-1)!)}下${quoted(l.rowLabel!)}` : quoted(l.rowLabel!),
    );
    return `表${first.table}${quoted(first.columnLabel)}列的${rows.join("、")}栏`;
  }
  const cells = keys.map((k) => describeCell(k, format)).filter((d): d is string => d !== null);
  return cells.length > 3 ? `${cells.slice(0, 3).join("、")}等${cells.length}处` : cells.join("、");
}

/**
 * The identities a card lists as 无法核对: those a blank cell keeps from being evaluated (the report
 * left a 总计 blank). One sentence each, naming the blank cells in the form's words; stated as our
 * limit, never as the agency's error, and costing nothing.
 *
 * @example
 * // 表三「三、本年度办理结果」下「（一）予以公开」行的「总计」「科研机构」栏未填写，无法核对“各类申请人之和等于总计”。
 */
export function unevaluableChecks(source: ReportWithSource | undefined, format: ReportFormat): string[] {
  if (!source) return [];
  const values = new Map(source.values.map((v) => [v.key, v.value]));
  return source.checks
    .filter((c) => c.severity === "hard" && c.status === "not_evaluable")
    .map((c) => {
      const id = checkIdOf(c.key);
      const terms = identityTerms(c.key, format);
      const blank = terms
        ? [...terms.left, ...terms.right].filter((k) => (values.get(k) ?? null) === null)
        : [];
      const what = isCheckId(id) ? `“${CHECKS[id].name}”` : "该项勾稽关系";
      return `${blankCellsPhrase(blank, format)}未填写，无法核对${what}。`;
    });
}
