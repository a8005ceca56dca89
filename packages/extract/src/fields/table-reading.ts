import { labelForm } from "../decode/parse-form.js";
import { distinctCells } from "../document/table-grid.js";
import type { ExtractedValue, TableGrid } from "../types.js";
import { parseCell } from "./numbers.js";

/** A grid row as label text (its leading non-number cells) and the columns where values start. */
export interface RowLabels {
  /** Label cells left to right, each once (spanned group labels included). */
  labels: string[];
  /** First grid column that holds a value rather than a label. */
  firstValueCol: number;
}

export function rowLabels(row: TableGrid["rows"][number], valueStartCol: number): RowLabels {
  const labels = distinctCells(row)
    .filter(({ col }) => col < valueStartCol)
    .map(({ cell }) => cell.text.trim())
    .filter((t) => t !== "");
  return { labels, firstValueCol: valueStartCol };
}

/**
 * The header text above a column: every distinct header cell covering it, top to bottom, in label
 * form. An empty cell is left out (a text table has no spans: the cell under a heading is empty).
 */
export function columnHeader(grid: TableGrid, col: number, headerRows: number): string {
  const parts: string[] = [];
  for (let r = 0; r < headerRows; r++) {
    const cell = grid.rows[r]?.[col];
    if (cell && cell.text.trim() !== "" && parts.at(-1) !== cell.text) parts.push(cell.text);
  }
  return labelForm(parts.join("/"));
}

/** A table cell as an extracted value: number, blank (null) or not-applicable mark (null, raw kept). */
export function cellValue(
  grid: TableGrid,
  table: string,
  key: string,
  row: number,
  col: number,
  description: string,
): ExtractedValue | null {
  const cell = grid.rows[row]?.[col];
  if (!cell) return null;
  const parsed = parseCell(cell.text);
  if (parsed.kind === "text") return null;
  const raw = cell.text.trim();
  const value: ExtractedValue = {
    key,
    value: parsed.kind === "number" ? parsed.value : null,
    raw,
    excerpt: `${description}: ${raw === "" ? "（空）" : raw}`,
    cell: `${table}:R${row + 1}C${col + 1}`,
  };
  if (parsed.kind === "number" && parsed.unit) value.unit = parsed.unit;
  const page = cell.page ?? grid.page;
  if (page !== undefined) value.page = page;
  if (cell.ocr) {
    value.ocr = cell.ocr;
    if (cell.ocr.level === "unreadable") value.excerpt = `${description}: （扫描件上无法识别）`;
  }
  return value;
}

/** Whether a cell holds something other than a value (a label). */
export function isLabelCell(text: string): boolean {
  return parseCell(text).kind === "text";
}
