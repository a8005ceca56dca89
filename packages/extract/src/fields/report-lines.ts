import { toParseForm } from "../decode/parse-form.js";

/** One line of report text with its parse form (same length, full-width folded) for matching. */
export interface ReportLine {
  text: string;
  parse: string;
  /** Index in the document's block list. */
  block: number;
  page?: number;
}

export function toReportLines(
  blocks: readonly { kind: string; text?: string; page?: number }[],
): ReportLine[] {
  const lines: ReportLine[] = [];
  blocks.forEach((block, i) => {
    if (block.kind !== "text" || !block.text) return;
    const line: ReportLine = { text: block.text, parse: toParseForm(block.text), block: i };
    if (block.page !== undefined) line.page = block.page;
    lines.push(line);
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
