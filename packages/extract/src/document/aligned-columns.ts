import { isSectionHeading } from "./table-labels.js";
import {
  MAX_TEXT_TABLE_ROWS,
  displayWidth,
  isPrintedValue,
  isValueText,
  maxOf,
  type TextRow,
  type TextTable,
} from "./text-table.js";

interface Token {
  text: string;
  /** Columns the token covers, [start, end), in the block's measure (display width or characters). */
  start: number;
  end: number;
  /** In display columns (CJK two) and in characters: text exports align by one or the other. */
  display: [number, number];
  chars: [number, number];
}

interface Line {
  at: number;
  /** Cells split at tabs: delimited, an empty cell is a cell. */
  tabbed: string[] | null;
  /** Tokens split at runs of two or more spaces, with their positions. */
  tokens: Token[];
}

/** A line's tokens split at gaps of two display columns or more (an ideographic space is two). */
function tokensOf(line: string): Token[] {
  const tokens: Token[] = [];
  let col = 0;
  let chars = 0;
  let current: Token | null = null;
  let gap = 0;
  for (const ch of line) {
    const w = ch === "\u3000" ? 2 : displayWidth(ch);
    chars++;
    // Any white space (a page break's form feed too) separates.
    if (/\s/.test(ch)) {
      gap += w;
      col += w;
      continue;
    }
    if (current && gap < 2) {
      current.text += " ".repeat(gap > 0 ? 1 : 0) + ch;
      current.display[1] = col + w;
      current.chars[1] = chars;
      current.end = col + w;
    } else {
      current = { text: ch, start: col, end: col + w, display: [col, col + w], chars: [chars - 1, chars] };
      tokens.push(current);
    }
    gap = 0;
    col += w;
  }
  return tokens;
}

/**
 * Measures a block's columns the way its rows line up: by display width (CJK characters two
 * columns, as an editor shows them) or by characters (as pdftotext lays a page out). The fullest
 * rows' values must sit in the same columns; the measure under which they spread least is taken.
 */
function measureBlock(lines: readonly Line[]): void {
  const rows = lines.filter((l) => !l.tabbed).map(parse);
  const counts = rows.map((p) => p.values?.length ?? 0);
  const fullest = maxOf(counts, 0);
  const full = rows.filter((p, i) => counts[i] === fullest && fullest > 0);
  // At most MAX_TEXT_TABLE_ROWS rows: spreading them into Math.max is safe.
  const range = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const spread = (pick: (t: Token) => [number, number]) => {
    let total = 0;
    for (let j = 0; j < fullest; j++) {
      const at = full.map((p) => pick(p.values![j]!));
      total += Math.min(range(at.map(([start]) => start)), range(at.map(([, end]) => end)));
    }
    return total;
  };
  const byChars = full.length >= 2 && spread((t) => t.chars) < spread((t) => t.display);
  for (const l of lines)
    for (const t of l.tokens)
      [t.start, t.end] = byChars ? [t.chars[0], t.chars[1]] : [t.display[0], t.display[1]];
}

function readLine(text: string, at: number): Line {
  if (text.includes("\t")) {
    const cells = text.split("\t").map((c) => c.replace(/[ \u00a0\u3000]+/g, " ").trim());
    while (cells.length > 0 && cells.at(-1) === "") cells.pop();
    return { at, tabbed: cells, tokens: [] };
  }
  return { at, tabbed: null, tokens: tokensOf(text) };
}

const cellsOf = (l: Line): string[] => l.tabbed ?? l.tokens.map((t) => t.text);

/**
 * Whether a line may split into two or more cells: a tab, an ideographic space or two white-space
 * characters in a row (tokensOf splits at gaps of two display columns). A line without is one cell
 * or none, never a table line: most lines of prose, skipped without splitting them.
 */
const mayHoldCells = (text: string) => /\t|\u3000|\s\s/.test(text);

/** A line of two or more columns: some value cell, or short header words; not prose. */
function isTableLine(l: Line): boolean {
  const cells = cellsOf(l).filter((c) => c !== "");
  if (cells.length < 2) return false;
  if (cells.some((c) => c.length > 80 || /[。；;]$/.test(c))) return false;
  return cells.some(isPrintedValue) || cells.every((c) => c.length <= 24);
}

/** A short line between table lines: a wrapped label or a group heading on its own. */
function isLabelLine(text: string): boolean {
  const t = text.trim();
  return t !== "" && t.length <= 40 && !/[。；;]/.test(t) && !isValueText(t);
}

interface Parsed {
  line: Line;
  /** Leading text tokens. */
  labels: Token[];
  /** Trailing value tokens; null when text follows a value (not a row of a table). */
  values: Token[] | null;
}

function parse(line: Line): Parsed {
  const tokens = line.tokens;
  let firstValue = tokens.findIndex((t) => isValueText(t.text));
  if (firstValue < 0) firstValue = tokens.length;
  const values = tokens.slice(firstValue);
  return {
    line,
    labels: tokens.slice(0, firstValue),
    values: values.every((t) => isValueText(t.text)) ? values : null,
  };
}

/** Labels right-aligned into `columns` label cells (next to the values), extra ones joined into the first. */
function labelCells(labels: readonly Token[], columns: number): string[] {
  const texts = labels.map((t) => t.text);
  if (texts.length > columns) {
    const head = texts.length - columns + 1;
    texts.splice(0, head, texts.slice(0, head).join(""));
  }
  return [...Array<string>(columns - texts.length).fill(""), ...texts];
}

/**
 * The value columns a row's values fall under, by overlap with each anchor's values (the nearest
 * full rows of the segment; a page break may shift columns). The placement two thirds of the
 * anchors agree on, or null: when a value overlaps no column, two fall into one, or the anchors
 * disagree, which cells are blank cannot be told, and none is guessed.
 */
function placeValues(values: readonly Token[], anchors: readonly (readonly Token[])[]): number[] | null {
  const votes = new Map<string, number>();
  for (const anchor of anchors) {
    const columns: number[] = [];
    let last = -1;
    for (const token of values) {
      let best = -1;
      let bestOverlap = 0;
      for (let j = last + 1; j < anchor.length; j++) {
        const overlap = Math.min(token.end, anchor[j]!.end) - Math.max(token.start, anchor[j]!.start);
        if (overlap > bestOverlap) {
          best = j;
          bestOverlap = overlap;
        }
      }
      if (best < 0) break;
      columns.push(best);
      last = best;
    }
    if (columns.length !== values.length) continue;
    const key = columns.join(",");
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  const [placement, count] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  if (anchors.length === 0 || count * 3 < anchors.length * 2) return null;
  return placement === "" ? [] : placement.split(",").map(Number);
}

/** How many of the nearest full rows vote on a row's placement. */
const VOTERS = 5;

/**
 * The rows of one segment (a header row and the rows under it). A row that prints all the values
 * (as many as the header names columns, else as the fullest rows) keeps them; one printing fewer has
 * them placed under the nearest full rows' columns, its blanks empty; labels go right-aligned into
 * the label columns, next to the values.
 */
function segmentRows(lines: Line[], labelColumns: number): TextRow[] {
  const parsed = lines.map((l) => (l.tabbed ? null : parse(l)));
  const first = parsed[0];
  const header = first && first.values?.length === 0 && first.labels.length >= 2 ? first : null;
  const valued = parsed.filter(
    (p): p is Parsed & { values: Token[] } => !!p && !!p.values && p.values.length > 0,
  );
  const fullest = maxOf(
    valued.map((p) => p.values.length),
    0,
  );
  // Under a header, a row is full when it prints a value under each of its columns.
  const full = header && header.labels.length - 1 > fullest ? header.labels.length - 1 : fullest;
  const anchors = valued.filter((p) => p.values.length === full);
  const rows: TextRow[] = [];
  parsed.forEach((p, i) => {
    const l = lines[i]!;
    if (!p) {
      const printed = l.tabbed!.filter((c) => c !== "");
      if (printed.length < 2) rows.push({ cells: printed, line: l.at, labelOnly: true });
      else rows.push({ cells: l.tabbed!, line: l.at });
      return;
    }
    const texts = l.tokens.map((t) => t.text);
    if (texts.length < 2 && p.values?.length !== 1) {
      rows.push({ cells: texts, line: l.at, labelOnly: true });
      return;
    }
    if (!p.values || p.values.length === 0) {
      rows.push({ cells: texts, line: l.at });
      return;
    }
    let cells: string[] | null = null;
    if (p.values.length === full) cells = p.values.map((t) => t.text);
    else {
      const voters = anchors
        .map((a) => ({ a, distance: Math.abs(a.line.at - l.at) }))
        .sort((x, y) => x.distance - y.distance)
        .slice(0, VOTERS)
        .map(({ a }) => a.values);
      const placement = placeValues(p.values, voters);
      if (placement) {
        cells = Array.from({ length: full }, () => "");
        placement.forEach((j, k) => (cells![j] = p.values![k]!.text));
      }
    }
    // A row whose blanks cannot be placed gives no cells: none is guessed.
    if (cells) rows.push({ cells: [...labelCells(p.labels, labelColumns), ...cells], line: l.at });
  });
  return rows;
}

/**
 * Tables whose columns are aligned with tabs or runs of spaces (a PDF or Word text export): runs
 * of lines of two or more columns, with short label lines (a wrapped label, a group heading)
 * between them. A tab separates cells, so an empty one is a blank cell; with spaces, a row that
 * prints fewer cells than the fullest rows of its segment has its values placed by position under
 * theirs, and gives nothing when that is ambiguous. A segment starts at a row of header words.
 */
export function findAlignedTables(lines: readonly string[], taken: readonly boolean[] = []): TextTable[] {
  const tables: TextTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (taken[i] || !mayHoldCells(lines[i]!) || !isTableLine(readLine(lines[i]!, i))) {
      i++;
      continue;
    }
    const block: Line[] = [];
    let j = i;
    let lastTable = i;
    let labelLines = 0;
    while (j < lines.length && !taken[j]) {
      const text = lines[j]!;
      if (text.trim() === "") {
        j++;
        continue;
      }
      // A section heading of the report ends the table (二, 三 and 四 are read apart).
      if (j > i && isSectionHeading(text)) break;
      const line = readLine(text, j);
      if (isTableLine(line)) {
        block.push(line);
        lastTable = j;
        labelLines = 0;
      } else if (isLabelLine(text) && ++labelLines <= 3) block.push(line);
      else break;
      j++;
    }
    // Label lines after the last table line belong to the text.
    const kept = block.filter((l) => l.at <= lastTable);
    const valueRows = kept.filter((l) => isTableLine(l) && cellsOf(l).some(isPrintedValue));
    if (valueRows.length >= 2 && kept.length <= MAX_TEXT_TABLE_ROWS) {
      measureBlock(kept);
      // As many label columns in every row of the table (up to three: group, subgroup, row).
      const labelColumns = maxOf(
        kept
          .filter((l) => !l.tabbed)
          .map((l) => {
            const p = parse(l);
            return p.values && p.values.length > 0 ? Math.min(p.labels.length, 3) : 0;
          }),
        1,
      );
      const rows: TextRow[] = [];
      let segment: Line[] = [];
      for (const l of kept) {
        const cells = cellsOf(l).filter((c) => c !== "");
        const isHeader = !l.tabbed && cells.length >= 2 && cells.every((c) => !isValueText(c));
        if (isHeader && segment.length > 0) {
          for (const row of segmentRows(segment, labelColumns)) rows.push(row);
          segment = [];
        }
        segment.push(l);
      }
      for (const row of segmentRows(segment, labelColumns)) rows.push(row);
      tables.push({ start: kept[0]!.at, end: lastTable + 1, rows, explicit: true });
    }
    i = Math.max(lastTable + 1, i + 1);
  }
  return tables;
}
