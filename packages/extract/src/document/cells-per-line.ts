import {
  isProactiveCaption,
  isProactiveHeaderStart,
  isSectionHeading,
  matchApplicationColumn,
  matchApplicationLabel,
  matchProactiveColumn,
  matchProactiveRow,
  matchReviewGroup,
  matchReviewOutcome,
  splitNumbering,
} from "./table-labels.js";
import { MAX_TEXT_TABLE_ROWS, isPrintedValue, type TextRow, type TextTable } from "./text-table.js";

/** A value on a line of its own: a number or a mark, nothing else. */
const isValueLine = (text: string): boolean => {
  const t = text.trim();
  return t !== "" && t.length <= 16 && isPrintedValue(t);
};

/** A line that can be a label, a heading or a header word of a table: short, no sentence. */
const isShortText = (text: string): boolean => {
  const t = text.trim();
  return t !== "" && t.length <= 60 && !/[。；;]/.test(t);
};

/** A row label of tables 二, 三 or 四 (what makes a run of lines a table). */
const isRowLabel = (text: string): boolean =>
  matchApplicationLabel(text)?.row !== undefined ||
  matchProactiveRow(text) !== null ||
  matchReviewGroup(text) !== null;

/** A column heading of tables 二, 三 or 四 (its header, printed one word per line): never numbered. */
const isColumnWord = (text: string): boolean =>
  !isRowLabel(text) &&
  splitNumbering(text).numbering === null &&
  (matchApplicationColumn(text) !== null ||
    matchProactiveColumn(text) !== null ||
    matchReviewOutcome(text) !== null);

/** Any word of the tables: where a table printed one cell per line may start. */
const isTableWord = (text: string): boolean =>
  isRowLabel(text) ||
  isColumnWord(text) ||
  isProactiveCaption(text) ||
  matchApplicationLabel(text) !== null ||
  isProactiveHeaderStart(text);

interface Record {
  labels: { text: string; at: number }[];
  values: string[];
  /** Line of the first value. */
  at: number;
}

/** The rows one label run and its values make: captions, a 信息内容 header, the labelled row. */
function recordRows(record: Record): TextRow[] {
  const rows: TextRow[] = [];
  const labels = record.labels;
  let k = 0;
  while (k < labels.length) {
    const { text, at } = labels[k]!;
    if (isProactiveHeaderStart(text)) {
      const header = [text];
      while (
        k + 1 < labels.length &&
        matchProactiveColumn(labels[k + 1]!.text) &&
        !isRowLabel(labels[k + 1]!.text)
      )
        header.push(labels[++k]!.text);
      rows.push({ cells: header, line: at });
    } else if (isColumnWord(text)) {
      // The header of table 三 or 四 printed word by word: its columns are read by position.
    } else rows.push({ cells: [text], line: at, labelOnly: true });
    k++;
  }
  const last = rows.at(-1);
  if (last?.labelOnly && labels.length > 0) {
    rows[rows.length - 1] = { cells: [...last.cells, ...record.values], line: last.line };
  } else {
    rows.push({ cells: record.values, line: record.at });
  }
  return rows;
}

/**
 * Tables printed one cell per line (a table copied out of a page or a PDF cell by cell): each row is
 * its label on a line, possibly after its group heading and wrapped over two lines, then its
 * values one per line. A run of at least three such rows labelled as the forms label them is a
 * table. A blank cell prints nothing, so a row's values are only the ones printed.
 */
export function findCellsPerLine(text: readonly string[], taken: readonly boolean[] = []): TextTable[] {
  const { lines, at, used } = splitRowLines(text, taken);
  return findIn(lines, used).map((t) => ({
    ...t,
    start: at[t.start]!,
    end: at[t.end - 1]! + 1,
    rows: t.rows.map((r) => ({ ...r, line: at[r.line]! })),
  }));
}

/**
 * Lines as cells one per line: a row printed on one line with single spaces (`行政处罚 3985758`, `2.重复
 * 申请 25 0 0 0 0 0 25`: words, then values only) as its label and each value on lines of their own;
 * a line of column headings (`信息内容 本年处理决定数量`) as a heading per line. `at` maps each back.
 */
function splitRowLines(
  text: readonly string[],
  taken: readonly boolean[],
): { lines: string[]; at: number[]; used: boolean[] } {
  const lines: string[] = [];
  const at: number[] = [];
  const used: boolean[] = [];
  const add = (line: string, k: number) => {
    lines.push(line);
    at.push(k);
    used.push(taken[k] === true);
  };
  text.forEach((line, k) => {
    const tokens = line.trim().split(/\s+/);
    if (taken[k] || tokens.length < 2 || line.length > 200) return add(line, k);
    let first = tokens.length;
    while (first > 0 && isPrintedValue(tokens[first - 1]!)) first--;
    if (first > 0 && first < tokens.length && tokens.slice(0, first).every((t) => !isPrintedValue(t))) {
      add(tokens.slice(0, first).join(" "), k);
      for (const value of tokens.slice(first)) add(value, k);
    } else if (tokens.every((t) => isColumnWord(t) || isProactiveHeaderStart(t))) {
      for (const word of tokens) add(word, k);
    } else add(line, k);
  });
  return { lines, at, used };
}

function findIn(lines: readonly string[], taken: readonly boolean[]): TextTable[] {
  const tables: TextTable[] = [];
  // Where the next value line is: a row's label is at most 16 lines above its values.
  const nextValue = Array<number>(lines.length + 1).fill(Infinity);
  for (let k = lines.length - 1; k >= 0; k--) nextValue[k] = isValueLine(lines[k]!) ? k : nextValue[k + 1]!;
  let i = 0;
  while (i < lines.length) {
    // A table starts at a word of the tables: lines before it stay text.
    if (
      taken[i] ||
      nextValue[i]! - i > 32 ||
      !isShortText(lines[i]!) ||
      isValueLine(lines[i]!) ||
      !isTableWord(lines[i]!)
    ) {
      i++;
      continue;
    }
    const records: Record[] = [];
    let labels: Record["labels"] = [];
    let end = i;
    let j = i;
    while (j < lines.length && !taken[j]) {
      const text = lines[j]!;
      if (text.trim() === "") {
        j++;
        continue;
      }
      if (isValueLine(text)) {
        const first = j;
        const values: string[] = [];
        for (; j < lines.length && !taken[j] && (isValueLine(lines[j]!) || lines[j]!.trim() === ""); j++) {
          if (lines[j]!.trim() === "") continue;
          values.push(lines[j]!.trim());
          end = j + 1;
        }
        records.push({ labels, values, at: first });
        labels = [];
        continue;
      }
      if (!isShortText(text) || isSectionHeading(text) || labels.length >= 16) break;
      labels.push({ text: text.trim(), at: j });
      j++;
    }
    const labelled = records.filter((r) => r.labels.length > 0 && isRowLabel(r.labels.at(-1)!.text));
    if (labelled.length >= 3 && records.length <= MAX_TEXT_TABLE_ROWS) {
      tables.push({ start: i, end, rows: records.flatMap(recordRows), explicit: false });
      i = end;
    } else i = Math.max(i + 1, j);
  }
  return tables;
}
