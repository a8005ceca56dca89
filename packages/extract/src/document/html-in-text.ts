import type { Block, SiteMetadata } from "../types.js";
import { htmlToDocument } from "./from-html.js";

export interface HtmlTableInText {
  /** Lines `start`..`end` (exclusive) hold the markup. */
  start: number;
  end: number;
  /** Text before `<table` on its first line and after `</table>` on its last. */
  before: string;
  after: string;
  blocks: Block[];
  /** A site header table (索引号, 发布机构, …) among the markup, read as metadata. */
  site: SiteMetadata;
}

const OPEN = /<table\b/i;
const TAG = /<(\/?)table\b[^>]*>/gi;

/**
 * `<table>` markup pasted into a text document (a page's table copied with its HTML, a converter
 * that writes tables as HTML): each outermost table read the way an HTML page's tables are, as a
 * grid with its row and column spans, and any text inside it as lines.
 */
export function findHtmlTables(lines: readonly string[], encoding: string): HtmlTableInText[] {
  const found: HtmlTableInText[] = [];
  const text = lines.join("\n");
  if (!OPEN.test(text)) return found;
  // Where each line starts in the joined text.
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of lines) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  TAG.lastIndex = 0;
  let depth = 0;
  let from = -1;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (m[1] === "") {
      if (depth++ === 0) from = m.index;
      continue;
    }
    if (depth === 0) continue;
    if (--depth > 0) continue;
    const to = m.index + m[0].length;
    const start = lineOf(from);
    const last = lineOf(to - 1);
    const doc = htmlToDocument(`<html><body>${text.slice(from, to)}</body></html>`, encoding);
    found.push({
      start,
      end: last + 1,
      before: text.slice(lineStarts[start]!, from),
      after: text.slice(to, lineStarts[last]! + lines[last]!.length),
      blocks: doc.blocks,
      site: doc.site,
    });
  }
  return found;
}
