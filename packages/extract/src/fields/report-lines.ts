import type { OcrMark } from "../types.js";
import { toParseForm } from "../decode/parse-form.js";

/** One line of report text with its parse form (same length, full-width folded) for matching. */
export interface ReportLine {
  text: string;
  parse: string;
  /** Index in the document's block list. */
  block: number;
  page?: number;
  /**
   * Cut from a run-on line (a whole report dumped on one line): a heading on it is followed by its
   * text on the same line, not by a line break.
   */
  inline?: true;
  /** A line of cells read by OCR: each space-separated cell's mark (see Block). */
  marks?: (OcrMark | null)[];
}

/** A line this long holding numbered headings inline is a report dumped on one line (a text dump). */
const RUN_ON_LENGTH = 300;
/**
 * A numbered heading inside a run-on line (parse form): 一、 after a sentence end, a space or the
 * digits of a table row run together with it; (一) anywhere but in 第(一)项 — never 一、 inside a word.
 */
const INLINE_HEADING =
  /(?<=[。；;:：!?！？\s\d])[一二三四五六七八九十]{1,3}[、.]|(?<!第)\([一二三四五六七八九十]{1,3}\)/g;

/** A run-on line cut before each inline heading; any other line as it is. */
function cutRunOn(text: string, parse: string): { text: string; parse: string }[] {
  if (text.length < RUN_ON_LENGTH) return [{ text, parse }];
  const starts = [0, ...[...parse.matchAll(INLINE_HEADING)].map((m) => m.index)];
  if (starts.length < 3) return [{ text, parse }];
  return starts.map((from, i) => {
    const to = starts[i + 1] ?? text.length;
    return { text: text.slice(from, to).trim(), parse: parse.slice(from, to).trim() };
  });
}

/**
 * The document's text blocks as lines. A whole report dumped on one line (another crawler's text
 * dump, headings inline) is cut before each numbered heading, so headings start lines as in a page.
 */
export function toReportLines(
  blocks: readonly { kind: string; text?: string; page?: number; marks?: (OcrMark | null)[] }[],
): ReportLine[] {
  const lines: ReportLine[] = [];
  blocks.forEach((block, i) => {
    if (block.kind !== "text" || !block.text) return;
    const pieces = cutRunOn(block.text, toParseForm(block.text));
    for (const piece of pieces) {
      if (!piece.text) continue;
      const line: ReportLine = { text: piece.text, parse: piece.parse, block: i };
      if (block.page !== undefined) line.page = block.page;
      if (pieces.length > 1) line.inline = true;
      else if (block.marks) line.marks = block.marks;
      lines.push(line);
    }
  });
  return lines;
}

const CLAUSE_BREAK = /[,，;；。!?！？:：]/;

/**
 * The clause around a match (between commas, semicolons, full stops), widened to hold the whole match:
 * short enough for a report card, long enough to show what the number counts.
 */
export function clauseAround(text: string, start: number, end: number, maxLength = 80): string {
  let from = start;
  while (from > 0 && !CLAUSE_BREAK.test(text[from - 1]!) && start - from < maxLength / 2) from--;
  let to = end;
  while (to < text.length && !CLAUSE_BREAK.test(text[to]!) && to - end < maxLength / 2) to++;
  return text.slice(from, to).trim();
}
