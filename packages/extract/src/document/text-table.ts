import { parseCell } from "../fields/numbers.js";

/**
 * A table found in plain text (markdown pipes, aligned columns, one cell per line), before it is
 * known which report table it is part of. Lines `start`..`end` (exclusive) of the text hold it.
 */
export interface TextTable {
  start: number;
  end: number;
  rows: TextRow[];
  /**
   * Whether every cell is delimited (pipes, tabs, or columns placed by alignment): an empty cell is
   * a cell printed empty. Otherwise a row has only the cells that were printed (one cell per line),
   * so a row short of cells cannot say which ones are missing.
   */
  explicit: boolean;
}

export interface TextRow {
  cells: string[];
  /** Line of the text the row starts on. */
  line: number;
  /**
   * A line that prints a label and no cell at all (a heading or a wrapped label on its own line):
   * it says nothing of the values, not even that they are blank.
   */
  labelOnly?: boolean;
}

/**
 * The most rows a text table of the report can have (table 三 has some 30): a longer run of rows is
 * something else, and is not searched further (the searches are quadratic in rows at worst).
 */
export const MAX_TEXT_TABLE_ROWS = 400;

/** The largest of some numbers, `floor` when none is larger (no spread: the arrays may be long). */
export function maxOf(values: Iterable<number>, floor: number): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Whether a cell reads as a value: a number, a not-applicable mark ("/", "—", "无"), or nothing. */
export function isValueText(text: string): boolean {
  return parseCell(text).kind !== "text";
}

/** Whether a cell holds a printed value (a number or a mark), not nothing. */
export function isPrintedValue(text: string): boolean {
  const kind = parseCell(text).kind;
  return kind === "number" || kind === "not_applicable";
}

/** A row as its label cells (non-empty text before the first value) and its trailing value cells. */
export function splitRow(cells: readonly string[]): { labels: string[]; values: string[] } {
  let lastText = -1;
  cells.forEach((c, i) => {
    if (!isValueText(c)) lastText = i;
  });
  return {
    labels: cells.slice(0, lastText + 1).filter((c) => c.trim() !== ""),
    values: cells.slice(lastText + 1),
  };
}

/** Display width of text in a fixed-width rendering: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000
        ? 2
        : 1;
  }
  return width;
}
