import * as cheerio from "cheerio";
import type { Element } from "domhandler";
import { unzipSync } from "fflate";
import type { Block, NormalizedDocument } from "../types.js";
import { type RawCell, buildGrid } from "./table-grid.js";

/** Uncompressed size allowed for word/document.xml (a zip bomb is refused, not inflated). */
export const MAX_DOCX_XML_BYTES = 50 * 1024 * 1024;

/** Uncompressed size of an entry as the zip's central directory declares it, or null if absent. */
function declaredSize(bytes: Uint8Array, name: string): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    let p = buf.readUInt32LE(i + 16);
    const count = buf.readUInt16LE(i + 10);
    for (let k = 0; k < count && p + 46 <= buf.length; k++) {
      if (buf.readUInt32LE(p) !== 0x02014b50) break;
      const size = buf.readUInt32LE(p + 24);
      const nameLength = buf.readUInt16LE(p + 28);
      const extra = buf.readUInt16LE(p + 30);
      const comment = buf.readUInt16LE(p + 32);
      if (buf.toString("utf8", p + 46, p + 46 + nameLength) === name) return size;
      p += 46 + nameLength + extra + comment;
    }
    return null;
  }
  return null;
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

/** A DOCX (OOXML) file → normalized document: body paragraphs as lines, tables as grids with merges resolved. */
export function docxToDocument(bytes: Uint8Array): NormalizedDocument {
  const size = declaredSize(bytes, "word/document.xml");
  if (size === null) throw new Error("not a Word document (no word/document.xml)");
  if (size > MAX_DOCX_XML_BYTES)
    throw new Error(`word/document.xml would inflate to ${size} bytes (limit ${MAX_DOCX_XML_BYTES})`);
  const files = unzipSync(bytes, {
    filter: (f) => f.name === "word/document.xml" && f.originalSize <= MAX_DOCX_XML_BYTES,
  });
  const xml = files["word/document.xml"];
  if (!xml) throw new Error("word/document.xml could not be read");
  if (xml.byteLength > MAX_DOCX_XML_BYTES) throw new Error("word/document.xml is larger than declared");
  const $ = cheerio.load(Buffer.from(xml).toString("utf8"), { xml: true });
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
