import { APPLICATION_COLUMNS, type ApplicationColumn } from "@touming/vocabulary";
import { labelForm } from "../decode/parse-form.js";
import {
  type ApplicationGroup,
  matchApplicationColumn,
  matchApplicationLabel,
  splitRunTogetherLabels,
} from "../document/table-labels.js";
import type { ExtractedValue, TableGrid } from "../types.js";
import { cellValue, columnHeader, isLabelCell, rowLabels } from "./table-reading.js";

type Group = ApplicationGroup | null;

const GROUP_LABELS: [Group & string, RegExp][] = [
  ["withheld", /不予公开/],
  ["unable", /无法提供/],
  ["not_processed", /不予处理/],
  ["other_handling", /其他处理/],
];

// Rows are matched first against the form's own labels (the vocabulary, through table-labels.ts:
// numbering, punctuation and typos such as 其他法律行政止公开 aside). These key words catch what the
// form's words do not (转入下年, 缴费, …). Order matters where one label contains another.
const ROW_RULES: { key: string; group?: Group; re: RegExp }[] = [
  { key: "new_received", re: /本年新收/ },
  { key: "carried_over", re: /上年结转/ },
  { key: "carried_forward", re: /结转下年|转入下年|下年度继续/ },
  { key: "partially_granted", re: /部分公开/ },
  { key: "granted", re: /予以公开/ },
  { key: "withheld.state_secret", re: /国家秘密/ },
  { key: "withheld.law_forbidden", re: /法律行政|行政法规禁止|法规禁止/ },
  { key: "withheld.security_stability", re: /三安全一稳定|危及/ },
  { key: "withheld.third_party", re: /第三方/ },
  { key: "withheld.internal_affairs", re: /内部事务/ },
  { key: "withheld.process_info", re: /过程性/ },
  { key: "withheld.enforcement_file", re: /执法案卷/ },
  { key: "withheld.admin_query", re: /行政查询/ },
  { key: "unable.not_held", re: /不掌握/ },
  { key: "unable.needs_creation", re: /另行制作|现成信息/ },
  { key: "unable.unclear", re: /仍不明确|补正后/ },
  { key: "not_processed.complaint", re: /信访|举报|投诉/ },
  { key: "not_processed.mass_repeat", re: /大量反复/ },
  { key: "not_processed.repeat", re: /重复申请/ },
  { key: "not_processed.publication", re: /出版物/ },
  { key: "not_processed.confirmation", re: /重新出具|确认/ },
  { key: "other_handling.no_correction", re: /不补正/ },
  { key: "other_handling.fee_unpaid", re: /收费通知|缴纳费用|缴费/ },
  { key: "other_handling.misc", group: "other_handling", re: /^(\d+[.、]?|[(（]?\d+[)）])?其他$/ },
  { key: "handled_total", re: /^[(（]?七[)）]?[、.]?总计$|^总计$/ },
];

const COLUMN_RULES: [ApplicationColumn | "subtotal", RegExp][] = [
  ["natural_person", /自然人/],
  ["commercial", /商业企业/],
  ["research", /科研机构/],
  ["social_org", /社会公益组织|公益组织/],
  ["legal_service", /法律服务机构/],
  ["subtotal", /小计/],
  ["total", /总计|合计/],
  ["other_org", /其他/],
];

export function isApplicationsTable(grid: TableGrid): boolean {
  return grid.rows.some((row) => row.some((cell) => /本年新收/.test(labelForm(cell.text))));
}

function groupOf(label: string): Group {
  for (const [group, re] of GROUP_LABELS) if (re.test(label)) return group;
  return null;
}

export interface ApplicationsTable {
  values: ExtractedValue[];
  /** 2021 splits （六）其他处理 into three rows; 2019 has one. */
  format: "2019" | "2021" | null;
  warnings: string[];
}

/** Locates the columns: by header words, else (headers lost, e.g. a text table) by position. */
function mapColumns(
  grid: TableGrid,
  firstDataRow: number,
): { cols: Map<number, ApplicationColumn>; valueStart: number } | null {
  const width = grid.rows[0]?.length ?? 0;
  const cols = new Map<number, ApplicationColumn>();
  let valueStart = width;
  for (let c = 0; c < width; c++) {
    const header = columnHeader(grid, c, firstDataRow);
    const column =
      matchApplicationColumn(header) ??
      COLUMN_RULES.find(([, re]) => re.test(header.split("/").at(-1) ?? "") || re.test(header))?.[0];
    if (!column) continue;
    // "其他" under 法人或其他组织 is other_org; a stray "其他" over the label column is not.
    if (column === "subtotal") {
      valueStart = Math.min(valueStart, c);
      continue;
    }
    if ([...cols.values()].includes(column)) continue;
    cols.set(c, column);
    valueStart = Math.min(valueStart, c);
  }
  if (cols.size >= 5) return { cols, valueStart };

  // Positional: the value columns are the trailing cells that parse as values in the data rows.
  const dataRow = grid.rows[firstDataRow];
  if (!dataRow) return null;
  let start = width;
  while (start > 0 && !isLabelCell(dataRow[start - 1]!.text)) start--;
  const n = width - start;
  if (n !== 7 && n !== 8) return null;
  const positional = new Map<number, ApplicationColumn>();
  APPLICATION_COLUMNS.forEach((col, i) => {
    // With 8 value columns the 7th is an unofficial 小计 of the legal-person columns.
    const at = n === 8 && i === 6 ? start + 7 : start + i;
    positional.set(at, col);
  });
  return { cols: positional, valueStart: start };
}

/** Table 三 from a grid: every cell under its canonical key `apply.<row>.<column>`. */
export function readApplicationsTable(grid: TableGrid): ApplicationsTable | null {
  const firstDataRow = grid.rows.findIndex((row) =>
    row.some((cell) => /本年新收/.test(labelForm(cell.text))),
  );
  if (firstDataRow < 0) return null;
  const mapping = mapColumns(grid, firstDataRow);
  if (!mapping) {
    return { values: [], format: null, warnings: ["table 三 found but its columns could not be identified"] };
  }
  const warnings: string[] = [];
  const values: ExtractedValue[] = [];
  const seen = new Set<string>();
  let group: Group = null;
  let otherHandlingRows = 0;
  let otherHandlingTotalRow = -1;
  // A column's header is the same for every row: read once per column, not once per cell.
  const headers = new Map<number, string>();
  const headerOf = (col: number, column: string): string => {
    let header = headers.get(col);
    if (header === undefined) {
      header = (columnHeader(grid, col, firstDataRow) || column).split("/").at(-1)!;
      headers.set(col, header);
    }
    return header;
  };

  for (let r = firstDataRow; r < grid.rows.length; r++) {
    const row = grid.rows[r]!;
    const { labels } = rowLabels(row, mapping.valueStart);
    if (labels.length === 0) continue;
    // A text table may print a group heading and its row in one cell: read as two labels.
    const parts = labels.flatMap(splitRunTogetherLabels);
    let match: ReturnType<typeof matchApplicationLabel> = null;
    for (const part of parts) {
      const groupAbove: Group = group;
      match = matchApplicationLabel(part, groupAbove);
      const form = labelForm(part);
      group = match
        ? match.group
        : (groupOf(form) ?? (/^[(（]?[一二七][)）]|^[一二三四][、.]/.test(form) ? null : groupAbove));
    }
    const leaf = labelForm(parts.at(-1)!);
    let key: string | undefined;
    if (match) {
      // The form's label decides: a row, 2019's 其他处理 row (below), or a heading with no row.
      if (match.row && !match.heading) key = match.row;
    } else {
      for (const rule of ROW_RULES) {
        if (rule.group && rule.group !== group) continue;
        if (rule.re.test(leaf)) {
          key = rule.key;
          break;
        }
      }
    }
    if (!key && (match ? match.row === "other_handling.total" : groupOf(leaf) === "other_handling")) {
      // （六）其他处理 as a row of its own is the 2019 form; as a header of three rows, 2021's.
      otherHandlingTotalRow = r;
      key = "other_handling.total";
    }
    if (!key) continue;
    if (key.startsWith("other_handling.") && key !== "other_handling.total") otherHandlingRows++;
    if (seen.has(key)) {
      // A line of a wrapped label left on its own, its cells empty: no second row.
      if (row.slice(mapping.valueStart).every((cell) => cell.text.trim() === "")) continue;
      warnings.push(`table 三: row "${labels.at(-1)}" appears twice; the first is kept`);
      continue;
    }
    seen.add(key);
    for (const [col, column] of mapping.cols) {
      const v = cellValue(
        grid,
        "三",
        `apply.${key}.${column}`,
        r,
        col,
        `${labels.at(-1)} · ${headerOf(col, column)}`,
      );
      if (v) values.push(v);
    }
  }

  let format: ApplicationsTable["format"] = null;
  if (otherHandlingRows > 0) {
    format = "2021";
    // The header row of the 2021 group carries no numbers: drop it.
    if (otherHandlingTotalRow >= 0) {
      const blankTotals = values.filter((v) => v.key.startsWith("apply.other_handling.total."));
      if (blankTotals.every((v) => v.value === null)) {
        for (const v of blankTotals) values.splice(values.indexOf(v), 1);
      }
    }
  } else if (otherHandlingTotalRow >= 0) format = "2019";
  return { values, format, warnings };
}
