import type { OcrMark, TableCell, TableGrid } from "../types.js";

export interface RawCell {
  text: string;
  rowspan: number;
  colspan: number;
  page?: number;
  /** Read by OCR from a page image. */
  ocr?: OcrMark;
}

// Sites do write rowspan="999"; a grid larger than this is a broken page, not a table.
const MAX_SPAN = 200;
const MAX_COLUMNS = 200;

/** Lays out rows of cells with rowspan/colspan into a rectangular grid. */
export function buildGrid(rawRows: readonly (readonly RawCell[])[], page?: number): TableGrid {
  const grid: (TableCell | undefined)[][] = [];
  rawRows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      const rowspan = Math.min(Math.max(cell.rowspan, 1), MAX_SPAN, rawRows.length - r);
      const colspan = Math.min(Math.max(cell.colspan, 1), MAX_SPAN);
      const origin: TableCell = {
        text: cell.text,
        originRow: r,
        originCol: c,
        ...(cell.page !== undefined ? { page: cell.page } : {}),
        ...(cell.ocr ? { ocr: cell.ocr } : {}),
      };
      for (let dr = 0; dr < rowspan; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < colspan && c + dc < MAX_COLUMNS; dc++) grid[r + dr]![c + dc] = origin;
      }
      c += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  const rows = grid.map((row, r) =>
    Array.from({ length: width }, (_, c) => row[c] ?? { text: "", originRow: r, originCol: c }),
  );
  return page === undefined ? { rows } : { rows, page };
}

/** The distinct cells of a row, left to right (a colspan cell once). */
export function distinctCells(row: readonly TableCell[]): { cell: TableCell; col: number }[] {
  const out: { cell: TableCell; col: number }[] = [];
  row.forEach((cell, col) => {
    if (out.at(-1)?.cell !== cell) out.push({ cell, col });
  });
  return out;
}
