import { labelForm } from "../decode/parse-form.js";
import { distinctCells } from "../document/table-grid.js";
import { matchProactiveColumn, matchProactiveRow, proactiveBlocks } from "../document/table-labels.js";
import type { ExtractedValue, TableGrid } from "../types.js";
import { cellValue, isLabelCell } from "./table-reading.js";

export function isProactiveTable(grid: TableGrid): boolean {
  const text = labelForm(
    grid.rows
      .flat()
      .map((c) => c.text)
      .join("|"),
  );
  return (
    /第二十条/.test(text) || (/信息内容/.test(text) && /(规章|行政许可|行政处罚|行政事业性收费)/.test(text))
  );
}

// The form's words decide (the vocabulary, through table-labels.ts); these key words catch variants.
// Row labels of table 二 and the key stem they report under.
const ROWS: [RegExp, string][] = [
  [/^规章$/, "rules"],
  [/规范性文件/, "normative_docs"],
  [/行政许可/, "licensing"],
  [/其他对外管理服务/, "other_services"],
  [/行政处罚/, "penalty"],
  [/行政强制/, "coercion"],
  [/行政事业性收费/, "fees"],
  [/政府集中采购|集中采购/, "procurement"],
];

// Column headers (2021 and 2019 forms) and the key leaf they report under.
const COLUMNS: [RegExp, string][] = [
  [/本年制发|新制发/, "issued"],
  [/本年废止|废止/, "repealed"],
  [/现行有效/, "in_force"],
  [/处理决定/, "decisions"],
  [/收费金额/, "amount_10k_yuan"],
  [/新制作/, "made"],
  [/新公开/, "published"],
  [/对外公开总/, "total_public"],
  [/上一年项目|上年项目/, "prev_items"],
  [/增.?减/, "change"],
  [/采购项目/, "projects"],
  [/采购总金额/, "amount_yuan"],
];

const stemOf = (label: string): string | undefined =>
  matchProactiveRow(label) ?? ROWS.find(([re]) => re.test(label))?.[1];
const leafOf = (label: string): string | undefined =>
  matchProactiveColumn(label) ?? COLUMNS.find(([re]) => re.test(label))?.[1];

const FORMAT_2021 = ["issued", "in_force", "amount_10k_yuan"];
const FORMAT_2019 = ["made", "published", "total_public", "prev_items", "projects"];

/**
 * The form's columns of a row's block when its header names none of them (`数据1 | 数据2`): by the
 * position of the row's cells, when the header has as many columns as the block in the format. With
 * the format unknown, only a block whose width tells the two forms apart decides.
 */
function positionalLeaves(
  stem: string,
  columns: number,
  format: "2019" | "2021" | null,
): { leaves: string[]; format: "2019" | "2021" } | null {
  const fits = (["2021", "2019"] as const)
    .filter((f) => format === null || f === format)
    .map((f) => ({ format: f, block: proactiveBlocks(f).find((b) => b.stems.includes(stem)) }))
    .filter(({ block }) => block && block.leaves.length === columns);
  if (fits.length !== 1) return null;
  return { leaves: fits[0]!.block!.leaves, format: fits[0]!.format };
}

interface Header {
  /** Grid column → key leaf, for the columns the header names. */
  named: Map<number, string>;
  /** The header's value columns in order (named or not). */
  columns: number[];
}

/**
 * Table 二 from a grid. It is a stack of small tables (第二十条第（一）项, （五）, （六）, （八）, 2019 also
 * （九）), each with a 信息内容 header row naming its columns; rows are read under the header above them.
 * Under a header that names none of its columns, a row's cells are read in the form's column order.
 */
export function readProactiveTable(grid: TableGrid): {
  values: ExtractedValue[];
  format: "2019" | "2021" | null;
} {
  // The headers first: which form they name decides how a header naming nothing is read.
  let format: "2019" | "2021" | null = null;
  const headers = new Map<number, Header>();
  const stemAt = (r: number) => stemOf(labelForm(distinctCells(grid.rows[r] ?? [])[0]?.cell.text ?? ""));
  grid.rows.forEach((row, r) => {
    const cells = distinctCells(row);
    const words = cells.filter(({ cell }) => cell.text.trim() !== "");
    // 信息内容 | <columns>; or, in a converted table, words in its place over a row of the table.
    const isHeader =
      /信息内容/.test(labelForm(cells[0]?.cell.text ?? "")) ||
      (words.length >= 2 &&
        words.every(({ cell }) => isLabelCell(cell.text)) &&
        !/第二十条/.test(labelForm(cells[0]?.cell.text ?? "")) &&
        !stemAt(r) &&
        stemAt(r + 1) !== undefined);
    if (!isHeader) return;
    const header: Header = { named: new Map(), columns: [] };
    for (const { cell, col } of cells.slice(1)) {
      if (cell.text.trim() === "") continue;
      header.columns.push(col);
      const leaf = leafOf(labelForm(cell.text));
      if (!leaf) continue;
      // A spanned header covers several grid columns; the value sits under its first one.
      header.named.set(col, leaf);
      if (FORMAT_2021.includes(leaf)) format ??= "2021";
      if (FORMAT_2019.includes(leaf)) format = "2019";
    }
    headers.set(r, header);
  });
  // Rows under a header naming nothing: their block's width may tell the format.
  const unnamed = (header: Header | null, stem: string) =>
    header && header.named.size === 0 ? positionalLeaves(stem, header.columns.length, format) : null;
  if (format === null) {
    let header: Header | null = null;
    grid.rows.forEach((_row, r) => {
      header = headers.get(r) ?? header;
      const stem = stemAt(r);
      if (stem) format ??= unnamed(header, stem)?.format ?? null;
    });
  }

  const values: ExtractedValue[] = [];
  const seen = new Set<string>();
  let header: Header | null = null;
  grid.rows.forEach((row, r) => {
    if (headers.has(r)) {
      header = headers.get(r)!;
      return;
    }
    if (!header) return;
    const cells = distinctCells(row);
    const first = labelForm(cells[0]?.cell.text ?? "");
    const stem = stemOf(first);
    if (!stem) return;
    let columns: [number, string][] = [...header.named];
    if (header.named.size === 0) {
      const positional = unnamed(header, stem);
      if (!positional) return;
      columns = header.columns.map((col, i) => [col, positional.leaves[i]!]);
    }
    for (const [col, leaf] of columns) {
      const key = `proactive.${stem}.${leaf}`;
      if (seen.has(key)) continue;
      const cell = row[col];
      if (!cell || (isLabelCell(cell.text) && cell.text.trim() !== "")) continue;
      const v = cellValue(grid, "二", key, r, col, `${cells[0]!.cell.text.trim()} · ${leaf}`);
      if (v) {
        seen.add(key);
        values.push(v);
      }
    }
  });
  return { values, format };
}
