import { APPLICATION_COLUMNS, REVIEW_OUTCOMES, type ApplicationColumn } from "@touming/vocabulary";
import type { TableGrid } from "../types.js";
import { buildGrid } from "./table-grid.js";
import {
  APPLICATION_COLUMN_LABELS,
  REVIEW_OUTCOME_LABELS,
  isProactiveCaption,
  isProactiveHeaderStart,
  labelCore,
  matchApplicationColumn,
  matchApplicationLabel,
  matchProactiveColumn,
  matchProactiveRow,
  matchReviewGroup,
  matchReviewOutcome,
  splitNumbering,
} from "./table-labels.js";
import {
  MAX_TEXT_TABLE_ROWS,
  isPrintedValue,
  isValueText,
  maxOf,
  splitRow,
  type TextRow,
  type TextTable,
} from "./text-table.js";

/**
 * Text tables put together into the report's tables 二, 三 and 四. A converted report often prints
 * one small table per row group, under a heading that names the group (`### （三）不予公开`), and
 * with a header that may not fit its rows (`数据1 | 数据2 | …`, or row names over the columns):
 * consecutive tables of one report table become one grid whose rows keep their printed labels, the
 * headings above a table among them, for the grid readers to read by label.
 */

type Kind = "二" | "三" | "四";

export interface AssembledTable {
  /** Lines `start`..`end` (exclusive) the table took, headings between its parts included. */
  start: number;
  end: number;
  table: TableGrid;
}

interface Part {
  table: TextTable;
  /** Heading lines above the part that name its rows' group (or its one row). */
  captions: string[];
}

/** A page number of a text export (`-4-`, `第 4 页`): no label. */
const PAGE_NUMBER = /^[-—–\s]*\d+[-—–\s]*$|^第\s*\d+\s*页/;

/** A cell of a rebuilt grid whose value was not printed where it can be placed: it reads as no value. */
const NOT_PRINTED = "…";

const nonEmpty = (cells: readonly string[]) => cells.filter((c) => c.trim() !== "");
const lastTextIndex = (cells: readonly string[]) => {
  let last = -1;
  cells.forEach((c, i) => {
    if (!isValueText(c)) last = i;
  });
  return last;
};
const hasValues = (row: TextRow) => !row.labelOnly && row.cells.some(isPrintedValue);

/** Which report table a text table is part of, from its words; null when it names none. */
function kindOf(table: TextTable, captions: readonly string[]): Kind | null {
  let two = 0;
  let three = 0;
  let four = 0;
  for (const row of table.rows) {
    const { labels } = splitRow(row.cells);
    const valued = hasValues(row) || row.labelOnly === true;
    for (const cell of nonEmpty(row.cells)) {
      if (isValueText(cell)) continue;
      if (isProactiveHeaderStart(cell) || matchProactiveColumn(cell)) two++;
      if (matchReviewOutcome(cell)) four++;
    }
    const leaf = labels.at(-1);
    if (!leaf) continue;
    if (matchProactiveRow(leaf)) two += 2;
    if (labels.some((l) => matchReviewGroup(l))) four += 2;
    if (valued && matchApplicationLabel(leaf)?.row) three += 2;
  }
  for (const caption of captions) {
    if (isProactiveCaption(caption)) two += 2;
    if (matchReviewGroup(caption)) four += 2;
  }
  const best = Math.max(two, three, four);
  if (best < 2) return null;
  return best === three ? "三" : best === two ? "二" : "四";
}

/** Whether a heading line above a part names something of the report table (its group, its row). */
function isCaption(kind: Kind, line: string): boolean {
  const t = line.trim();
  if (t === "" || t.length > 60) return false;
  if (kind === "二") return isProactiveCaption(t);
  // A group's name, not a sentence or a section heading that mentions it.
  if (kind === "四")
    return matchReviewGroup(t) !== null && !splitNumbering(t).numbering && labelCore(t).length <= 14;
  return matchApplicationLabel(t) !== null;
}

/** Lines between two parts of one table: short headings, notes, page numbers; no prose. */
function isBridgeable(lines: readonly string[]): boolean {
  const text = lines.filter((l) => l.trim() !== "");
  return text.length <= 8 && text.every((l) => l.trim().length <= 80 && !/[。；;]/.test(l));
}

const stripHeadingMarks = (line: string) => line.replace(/^\s*#{1,6}\s*/, "").trim();

// ─── Table 三 ────────────────────────────────────────────────────────────────────────────────────

type ColumnMap = readonly (ApplicationColumn | "subtotal" | null)[];

function positionalColumns(n: number): ColumnMap | null {
  if (n === 7) return APPLICATION_COLUMNS;
  // With 8 value columns the 7th is an unofficial 小计 of the legal-person columns.
  if (n === 8) return [...APPLICATION_COLUMNS.slice(0, 6), "subtotal", "total"];
  return null;
}

/** Columns named by the header rows above them, when they name at least five of the form's columns. */
function headerColumns(headerRows: readonly TextRow[], valueStart: number, width: number): ColumnMap | null {
  const map: (ApplicationColumn | "subtotal" | null)[] = [];
  for (let c = valueStart; c < width; c++) {
    const header = nonEmpty(headerRows.map((r) => r.cells[c] ?? "")).join("/");
    const column = header ? matchApplicationColumn(header) : null;
    map.push(column && column !== "subtotal" && map.includes(column) ? null : column);
  }
  const named = map.filter((c) => c && c !== "subtotal").length;
  return named >= 5 ? map : null;
}

function canonicalValues(map: ColumnMap, cells: readonly string[]): string[] {
  return APPLICATION_COLUMNS.map((column) => {
    const i = map.indexOf(column);
    return i < 0 ? NOT_PRINTED : (cells[i] ?? NOT_PRINTED);
  });
}

const hasNumbering = (label: string) => splitNumbering(label).numbering !== null;

/**
 * Table 三 from its parts: every row as its labels (the parts' headings first) and its seven
 * values in the form's column order, under a header of the form's column names. A part's columns
 * are those its header names when it names them, else its cells in the form's order when there are
 * seven (or eight, with a 小计), else the previous part's; a row that cannot be placed gives nothing.
 */
function applicationsGrid(parts: readonly Part[]): TableGrid | null {
  const out: { labels: string[]; values: string[] }[] = [];
  let previous = null as ColumnMap | null;
  for (const { table, captions } of parts) {
    const width = maxOf(
      table.rows.map((r) => r.cells.length),
      0,
    );
    const rows = table.rows.map((r) =>
      table.explicit && !r.labelOnly
        ? { ...r, cells: [...r.cells, ...Array<string>(width - r.cells.length).fill("")] }
        : r,
    );
    // The first value column of a delimited table: after the last label of its rows of values.
    let valueStart = width;
    let map: ColumnMap | null = null;
    let firstData = rows.length;
    if (table.explicit) {
      const starts = rows
        .filter(hasValues)
        .map((r) => lastTextIndex(r.cells) + 1)
        .filter((s) => width - s >= 5);
      valueStart = starts.length > 0 ? maxOf(starts, 0) : width;
      firstData = rows.findIndex((r) => hasValues(r) && lastTextIndex(r.cells) < valueStart);
      if (firstData < 0) firstData = rows.length;
      const headers = rows.slice(0, firstData).filter((r) => !r.labelOnly);
      map =
        headerColumns(headers, valueStart, width) ??
        positionalColumns(width - valueStart) ??
        (previous?.length === width - valueStart ? previous : null);
      if (map) previous = map;
    }
    // A label printed on a line of its own, wrapped from the row below: joined to that row's label.
    let carry: string | null = null;
    for (let k = table.explicit ? firstData : 0; k < rows.length; k++) {
      const row = rows[k]!;
      if (row.labelOnly) {
        const label = row.cells.join("");
        if (PAGE_NUMBER.test(label)) continue;
        const next = rows[k + 1];
        if (matchApplicationLabel(label)?.heading) {
          out.push({ labels: [...captions, label], values: Array<string>(7).fill(NOT_PRINTED) });
        } else if (next && !next.labelOnly) {
          const nextLabels = table.explicit
            ? nonEmpty(next.cells.slice(0, valueStart))
            : splitRow(next.cells).labels;
          if (nextLabels.length === 0 || !hasNumbering(nextLabels[0]!)) carry = label;
        }
        continue;
      }
      const joined = (labels: string[]) => {
        const out =
          carry === null ? labels : labels.length === 0 ? [carry] : [carry + labels[0], ...labels.slice(1)];
        carry = null;
        return [...captions, ...out];
      };
      if (table.explicit) {
        if (!map) continue;
        const values = row.cells.slice(valueStart);
        // A row with words among its values is a header or a note, not a row of the table.
        if (values.some((v) => !isValueText(v))) continue;
        out.push({
          labels: joined(nonEmpty(row.cells.slice(0, valueStart))),
          values: canonicalValues(map, values),
        });
      } else {
        const { labels, values } = splitRow(row.cells);
        const positional = positionalColumns(values.length);
        carry = positional ? carry : null;
        if (!positional) continue;
        out.push({ labels: joined(labels), values: canonicalValues(positional, values) });
      }
    }
  }
  if (
    !out.some((r) => r.labels.length > 0 && matchApplicationLabel(r.labels.at(-1)!)?.row === "new_received")
  )
    return null;
  const labelColumns = maxOf(
    out.map((r) => r.labels.length),
    1,
  );
  const pad = (labels: string[]) => [...Array<string>(labelColumns - labels.length).fill(""), ...labels];
  return grid([
    [...pad([]), ...APPLICATION_COLUMN_LABELS],
    ...out.map((r) => [...pad(r.labels), ...r.values]),
  ]);
}

// ─── Table 二 ────────────────────────────────────────────────────────────────────────────────────

/**
 * Table 二 from its parts, stacked: each part's caption (第二十条第（N）项) as a row above it, then its
 * rows as printed, header rows included. A row printed one cell per line must have as many values
 * as its header has columns: with fewer, which are missing is unknown and it gives nothing.
 */
function proactiveGrid(parts: readonly Part[]): TableGrid | null {
  const out: string[][] = [];
  for (const { table, captions } of parts) {
    for (const caption of captions) out.push([caption]);
    let columns: number | null = null;
    for (const row of table.rows) {
      const cells = row.cells;
      if (row.labelOnly) {
        if (isProactiveCaption(cells.join(""))) out.push([cells.join("")]);
        continue;
      }
      if (isProactiveHeaderStart(cells[0] ?? "")) columns = cells.length - 1;
      else if (!table.explicit && hasValues(row)) {
        const { values } = splitRow(cells);
        if (columns === null || values.length !== columns) continue;
      }
      out.push([...cells]);
    }
  }
  if (!out.some((r) => matchProactiveRow(r[0] ?? "") && r.slice(1).some(isPrintedValue))) return null;
  return grid(out);
}

// ─── Table 四 ────────────────────────────────────────────────────────────────────────────────────

/**
 * Table 四 from its parts. A part that prints the whole table (15 values in a row) is kept as it is.
 * Parts of one group each (行政复议, 行政诉讼（未经复议直接起诉）, …: a heading above, or the row's
 * label) become one row per group under the form's outcome columns, placed by their header or, with
 * five values, in the form's order.
 */
function reviewGrid(parts: readonly Part[]): TableGrid | null {
  const whole = parts.find(
    (p) => p.table.explicit && p.table.rows.some((r) => splitRow(r.cells).values.length >= 15),
  );
  if (whole) return parts.length === 1 ? grid(whole.table.rows.map((r) => r.cells)) : null;
  const out: string[][] = [];
  for (const { table, captions } of parts) {
    const captionLabel = [...captions].reverse().find((c) => matchReviewGroup(c));
    const dataRows = table.rows.filter(hasValues);
    let pendingLabel: string | undefined;
    const headerRows: TextRow[] = [];
    for (const row of table.rows) {
      if (row.labelOnly) {
        if (matchReviewGroup(row.cells.join(""))) pendingLabel = row.cells.join("");
        continue;
      }
      if (!hasValues(row)) {
        headerRows.push(row);
        continue;
      }
      const { labels, values } = splitRow(row.cells);
      const own = labels.join("");
      const label = matchReviewGroup(own)
        ? own
        : (pendingLabel ?? (dataRows.length === 1 ? captionLabel : undefined));
      pendingLabel = undefined;
      if (!label) continue;
      let placed: string[] | null = null;
      if (table.explicit) {
        const start = row.cells.length - values.length;
        const outcomes = values.map((_, i) =>
          matchReviewOutcome(nonEmpty(headerRows.map((h) => h.cells[start + i] ?? "")).join("/")),
        );
        if (new Set(outcomes.filter(Boolean)).size >= 4)
          placed = REVIEW_OUTCOMES.map((o) => {
            const i = outcomes.indexOf(o);
            return i < 0 ? NOT_PRINTED : values[i]!;
          });
      }
      if (!placed && values.length === 5) placed = values;
      if (placed) out.push([label, ...placed]);
    }
  }
  if (out.length === 0) return null;
  return grid([["", ...REVIEW_OUTCOME_LABELS], ...out]);
}

function grid(rows: readonly (readonly string[])[]): TableGrid {
  const width = maxOf(
    rows.map((r) => r.length),
    0,
  );
  return buildGrid(
    rows.map((r) => Array.from({ length: width }, (_, c) => ({ text: r[c] ?? "", rowspan: 1, colspan: 1 }))),
  );
}

const BUILD: Record<Kind, (parts: readonly Part[]) => TableGrid | null> = {
  二: proactiveGrid,
  三: applicationsGrid,
  四: reviewGrid,
};

/**
 * The report tables among the text tables of a document: runs of text tables of one report table,
 * separated by headings only, each put together into one grid. Lines given as `lines`; the text
 * tables in order. Text tables of none of the report tables, and runs that do not read as one, are
 * left out (their lines stay text).
 */
export function assembleReportTables(
  lines: readonly string[],
  tables: readonly TextTable[],
): AssembledTable[] {
  const sorted = tables.filter((t) => t.rows.length <= MAX_TEXT_TABLE_ROWS).sort((a, b) => a.start - b.start);
  const assembled: AssembledTable[] = [];
  let run: { kind: Kind; start: number; end: number; parts: Part[] } | null = null;
  const close = () => {
    if (!run) return;
    const table = BUILD[run.kind](run.parts);
    if (table) assembled.push({ start: run.start, end: run.end, table });
    run = null;
  };
  let previousEnd = 0;
  for (const table of sorted) {
    if (table.start < previousEnd) continue;
    const gap = lines.slice(previousEnd, table.start).map(stripHeadingMarks);
    const current = run as { kind: Kind; start: number; end: number; parts: Part[] } | null;
    const joins = current !== null && isBridgeable(gap);
    // Heading lines right above the table: all the gap inside a run, else its last lines.
    let captionsFrom = table.start;
    while (captionsFrom > previousEnd && captionsFrom > table.start - 6) {
      const line = gap[captionsFrom - 1 - previousEnd]!;
      if (line.trim() !== "" && line.length > 60) break;
      captionsFrom--;
    }
    const near = joins ? gap : gap.slice(captionsFrom - previousEnd);
    const kind = kindOf(table, near);
    previousEnd = table.end;
    if (!kind) {
      // A stray small table among the parts (an empty header table) is passed over.
      if (!(joins && table.rows.length <= 3)) close();
      continue;
    }
    const captions = near.filter((l) => isCaption(kind, l));
    if (current && joins && current.kind === kind) {
      current.parts.push({ table, captions });
      current.end = table.end;
      continue;
    }
    close();
    // The run starts at its first caption: heading lines above it stay text.
    let start = table.start;
    for (let i = table.start - 1; i >= captionsFrom; i--) {
      const line = lines[i]!;
      if (line.trim() === "") continue;
      if (!isCaption(kind, stripHeadingMarks(line))) break;
      start = i;
    }
    const own = lines
      .slice(start, table.start)
      .map(stripHeadingMarks)
      .filter((l) => isCaption(kind, l));
    run = { kind, start, end: table.end, parts: [{ table, captions: own }] };
  }
  close();
  return assembled;
}
