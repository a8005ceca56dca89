import { MAX_TEXT_CHARS } from "../limits.js";
import type { Block, NormalizedDocument, SiteMetadata } from "../types.js";
import { findAlignedTables } from "./aligned-columns.js";
import { findCellsPerLine } from "./cells-per-line.js";
import { findHtmlTables } from "./html-in-text.js";
import { findPipeTables } from "./pipe-tables.js";
import { assembleReportTables } from "./report-tables.js";
import { countMetadataLabels, readSiteMetadata } from "./site-metadata.js";

/** A text line as a block's text: white space collapsed, a markdown heading's `#` marks dropped. */
function lineText(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s+/, "")
    .replace(/[ \t\u00a0]+/g, " ")
    .trim();
}

/** Text lines as blocks, the empty ones left out. */
function textBlocks(lines: readonly string[]): Block[] {
  return lines.map(lineText).flatMap((text) => (text === "" ? [] : [{ kind: "text" as const, text }]));
}

/**
 * The report's tables 二, 三 and 四 in the text, as table blocks in place of their lines: HTML
 * `<table>` markup as an HTML page's tables; markdown pipe tables, tab- or space-aligned columns
 * and one-cell-per-line tables put together per report table (report-tables.ts). Every other line
 * is a text block.
 */
function toBlocks(lines: readonly string[], encoding: string, site: SiteMetadata): Block[] {
  const taken: boolean[] = Array<boolean>(lines.length).fill(false);
  const replaced: { start: number; end: number; blocks: Block[] }[] = [];
  for (const html of findHtmlTables(lines, encoding)) {
    // A site header pasted as a table fills in what the text's own header did not give.
    for (const [key, value] of Object.entries(html.site) as [keyof SiteMetadata, string][])
      if (value && !site[key]) site[key] = value;
    replaced.push({
      start: html.start,
      end: html.end,
      blocks: [...textBlocks([html.before]), ...html.blocks, ...textBlocks([html.after])],
    });
    for (let i = html.start; i < html.end; i++) taken[i] = true;
  }
  const textTables = findPipeTables(lines, taken);
  for (const t of textTables) for (let i = t.start; i < t.end; i++) taken[i] = true;
  const aligned = findAlignedTables(lines, taken);
  for (const t of aligned) for (let i = t.start; i < t.end; i++) taken[i] = true;
  const perLine = findCellsPerLine(lines, taken);
  for (const assembled of assembleReportTables(lines, [...textTables, ...aligned, ...perLine])) {
    replaced.push({
      start: assembled.start,
      end: assembled.end,
      blocks: [{ kind: "table", table: assembled.table }],
    });
  }
  replaced.sort((a, b) => a.start - b.start);
  const blocks: Block[] = [];
  let at = 0;
  const addText = (to: number) => {
    for (; at < to; at++) {
      const text = lineText(lines[at]!);
      if (text !== "") blocks.push({ kind: "text", text });
    }
  };
  for (const r of replaced) {
    if (r.start < at) continue;
    addText(r.start);
    for (const block of r.blocks) blocks.push(block);
    at = r.end;
  }
  addText(lines.length);
  return blocks;
}

/**
 * Plain text → normalized document. Leading lines that are a flattened site header
 * (`索引号 | … | 发布机构 | … |`) are read as metadata and dropped from the text. The report's
 * tables printed as text (markdown pipes, aligned columns, one cell per line, pasted HTML) become
 * table blocks; a text over the length limit is not searched for them (it is refused anyway).
 */
export function textToDocument(text: string, encoding: string): NormalizedDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const headerRows: string[][] = [];
  let start = 0;
  for (let i = 0; i < Math.min(lines.length, 8); i++) {
    const line = lines[i]!;
    if (!/[|｜\t]/.test(line)) {
      if (line.trim() === "" && headerRows.length === 0) continue;
      break;
    }
    const cells = line.split(/\s*[|｜\t]\s*/);
    if (countMetadataLabels(cells) === 0) break;
    headerRows.push(cells);
    start = i + 1;
  }
  const site: SiteMetadata = headerRows.length > 0 ? readSiteMetadata(headerRows) : {};
  const body = lines.slice(start);
  const blocks = text.length > MAX_TEXT_CHARS ? textBlocks(body) : toBlocks(body, encoding, site);
  return { sourceKind: "text", encoding, title: null, site, blocks, warnings: [] };
}
