import * as cheerio from "cheerio/slim";
import type { Element } from "domhandler";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_DOCX_XML_BYTES, MAX_DOCX_XML_DEPTH, MAX_DOCX_XML_ELEMENTS } from "../limits.js";
import type { Block, NormalizedDocument } from "../types.js";
import { type RawCell, buildGrid } from "./table-grid.js";
import { readZipEntry } from "./zip-entry.js";

/** Checks the XML's element count and nesting before cheerio builds a tree of it. */
function checkXmlShape(xml: string): void {
  let elements = 0;
  let depth = 0;
  for (let at = xml.indexOf("<"); at >= 0; at = xml.indexOf("<", at + 1)) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x2f) {
      depth = Math.max(0, depth - 1);
    } else if (next !== 0x21 && next !== 0x3f) {
      elements++;
      const close = xml.indexOf(">", at);
      if (close < 0) break;
      if (xml.charCodeAt(close - 1) !== 0x2f) depth++;
      at = close;
      if (depth > MAX_DOCX_XML_DEPTH) {
        throw new DocumentTooLargeError(`word/document.xml nests more than ${MAX_DOCX_XML_DEPTH} deep`);
      }
      if (elements > MAX_DOCX_XML_ELEMENTS) {
        throw new DocumentTooLargeError(`word/document.xml has more than ${MAX_DOCX_XML_ELEMENTS} elements`);
      }
    }
  }
}

function paragraphText($: cheerio.CheerioAPI, p: Element): string {
  return $(p)
    .find("w\\:t, w\\:tab, w\\:br")
    .toArray()
    .map((n) => ((n as Element).name === "w:t" ? $(n).text() : (n as Element).name === "w:tab" ? " " : "\n"))
    .join("");
}

/**
 * Word tables to grids: gridSpan is a colspan; vMerge="restart" opens a vertical merge that the
 * following `<w:vMerge/>` cells in the same grid column continue (a rowspan).
 */
function tableGrid($: cheerio.CheerioAPI, table: Element) {
  const rows: RawCell[][] = [];
  const open = new Map<number, RawCell>();
  for (const tr of $(table).children("w\\:tr").toArray()) {
    const row: RawCell[] = [];
    let col = 0;
    for (const tc of $(tr).children("w\\:tc").toArray()) {
      const props = $(tc).children("w\\:tcPr");
      const span = Math.max(1, Number.parseInt(props.children("w\\:gridSpan").attr("w:val") ?? "1", 10) || 1);
      const merge = props.children("w\\:vMerge");
      const continues = merge.length > 0 && (merge.attr("w:val") ?? "continue") === "continue";
      if (continues && open.has(col)) {
        open.get(col)!.rowspan++;
        col += span;
        continue;
      }
      const text = $(tc)
        .children("w\\:p")
        .toArray()
        .map((p) => paragraphText($, p as Element))
        .join(" ")
        .trim();
      const cell: RawCell = { text, rowspan: 1, colspan: span };
      row.push(cell);
      for (let c = col; c < col + span; c++) {
        if (merge.length > 0) open.set(c, cell);
        else open.delete(c);
      }
      col += span;
    }
    rows.push(row);
  }
  return buildGrid(rows);
}

/**
 * A DOCX (OOXML) file → normalized document: body paragraphs as lines, tables as grids with merges
 * resolved. Throws ZipEntryMissingError for a zip that is no Word document, DocumentTooLargeError
 * past the DOCX limits, Error for a damaged archive.
 */
export function docxToDocument(bytes: Uint8Array): NormalizedDocument {
  const xml = readZipEntry(bytes, "word/document.xml", MAX_DOCX_XML_BYTES).toString("utf8");
  checkXmlShape(xml);
  const $ = cheerio.load(xml, { xml: true });
  const blocks: Block[] = [];
  for (const node of $("w\\:body").children().toArray()) {
    const el = node as Element;
    if (el.name === "w:p") {
      for (const line of paragraphText($, el).split("\n"))
        if (line.trim()) blocks.push({ kind: "text", text: line.trim() });
    } else if (el.name === "w:tbl") {
      blocks.push({ kind: "table", table: tableGrid($, el) });
    }
  }
  return { sourceKind: "docx", encoding: "utf-8", title: null, site: {}, blocks, warnings: [] };
}
