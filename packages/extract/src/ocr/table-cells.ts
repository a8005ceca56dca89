import type { HorizontalRule, Span, VerticalRule } from "./page-rulings.js";

/**
 * One cell of a ruled table on a page, in the page's pixels: the rectangle its rules enclose, and
 * where it sits in the grid of all the page's rules (`column`, `row`: the first grid column and row
 * it covers; `columns`, `rows`: how many, more than one for a merged cell).
 */
export interface TableCell {
  left: number;
  top: number;
  right: number;
  bottom: number;
  column: number;
  row: number;
  columns: number;
  rows: number;
}

/** A rule ends up to this far (pixels) short of the line it meets, and still meets it. */
const MEET = 10;
/** Rules closer than this are one grid line (a rule drawn twice, or a residual skew). */
const SAME_LINE = 8;
/** Smaller than this is not a cell (a rule's double stroke, a seal's line). */
const MIN_CELL = 24;

const covers = (spans: readonly Span[], at: number) =>
  spans.some((s) => at >= s.from - MEET && at <= s.to + MEET);

/** Rule positions closer than SAME_LINE merged into one grid line, with all their pieces. */
function gridLines(rules: readonly { at: number; spans: Span[] }[]): { at: number; spans: Span[] }[] {
  const lines: { at: number; spans: Span[]; n: number }[] = [];
  for (const rule of [...rules].sort((a, b) => a.at - b.at)) {
    const last = lines.at(-1);
    if (last && rule.at - last.at < SAME_LINE) {
      last.spans.push(...rule.spans);
      last.n++;
    } else lines.push({ at: rule.at, spans: [...rule.spans], n: 1 });
  }
  return lines;
}

/**
 * The cells of the ruled tables on a page, from its rules: every rectangle closed on four sides by
 * rules, a merged cell (a rule missing inside it) as one. A rectangle is a cell only where its
 * top-left corner is a real corner (both rules run there); it grows right past every vertical rule
 * that does not cross its first row, and down past every horizontal rule that does not cross it.
 * Cells are in reading order (top to bottom, left to right).
 */
export function tableCells(
  horizontal: readonly HorizontalRule[],
  vertical: readonly VerticalRule[],
): TableCell[] {
  const ys = gridLines(horizontal.map((r) => ({ at: r.y, spans: r.spans })));
  const xs = gridLines(vertical.map((r) => ({ at: r.x, spans: r.spans })));
  if (xs.length < 2 || ys.length < 2) return [];
  const taken = new Set<string>();
  const cells: TableCell[] = [];
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      if (taken.has(`${i},${j}`)) continue;
      const midY = (ys[j]!.at + ys[j + 1]!.at) / 2;
      const midX = (xs[i]!.at + xs[i + 1]!.at) / 2;
      // A real top-left corner: the left rule runs down this row, the top rule along this column.
      if (!covers(xs[i]!.spans, midY) || !covers(ys[j]!.spans, midX)) continue;
      let k = i + 1;
      while (k + 1 < xs.length && !covers(xs[k]!.spans, midY)) k++;
      if (!covers(xs[k]!.spans, midY)) continue;
      const middle = (xs[i]!.at + xs[k]!.at) / 2;
      let m = j + 1;
      while (m + 1 < ys.length && !covers(ys[m]!.spans, middle)) m++;
      if (!covers(ys[m]!.spans, middle)) continue;
      const cell: TableCell = {
        left: xs[i]!.at,
        top: ys[j]!.at,
        right: xs[k]!.at,
        bottom: ys[m]!.at,
        column: i,
        row: j,
        columns: k - i,
        rows: m - j,
      };
      if (cell.right - cell.left < MIN_CELL || cell.bottom - cell.top < MIN_CELL) continue;
      for (let a = i; a < k; a++) for (let b = j; b < m; b++) taken.add(`${a},${b}`);
      cells.push(cell);
    }
  }
  return cells;
}

/** The cell a point lies in (strictly inside its rules), or undefined. */
export function cellAt(cells: readonly TableCell[], x: number, y: number): TableCell | undefined {
  return cells.find((c) => x > c.left && x < c.right && y > c.top && y < c.bottom);
}
