import { createRequire } from "node:module";
import type { Block, NormalizedDocument } from "../types.js";
import { checkOleChains } from "./ole-chains.js";
import { buildGrid } from "./table-grid.js";

interface WordDocument {
  getBody(): string;
}
interface WordExtractorClass {
  new (): { extract(source: Buffer | string): Promise<WordDocument> };
}

let wordExtractor: WordExtractorClass | undefined;
/**
 * word-extractor (CommonJS without typings), loaded with the first .doc file: it and what it loads
 * (a zip reader, an XML parser) were a tenth of `touming extract`'s start-up for any other file.
 */
const WordExtractor = (): WordExtractorClass =>
  (wordExtractor ??= createRequire(import.meta.url)("word-extractor") as WordExtractorClass);

/**
 * A Word 97-2003 (.doc) file → normalized document. The format keeps no table structure that the
 * library exposes: table rows come as tab-separated lines, which the text-table readers handle.
 * WPS files share the OLE container; those that are not Word binary fail with a clear reason.
 */
export async function docToDocument(bytes: Uint8Array): Promise<NormalizedDocument> {
  checkOleChains(bytes);
  // Loaded outside the try: a missing library is an install error, not a document that cannot be read.
  const Extractor = WordExtractor();
  let body: string;
  try {
    body = (await new Extractor().extract(Buffer.from(bytes))).getBody();
  } catch (error) {
    throw new Error(
      `not a readable Word 97-2003 document (WPS and other OLE files are not supported): ${(error as Error).message}`,
      { cause: error },
    );
  }
  // Cells end in a tab and rows in a second one, often with no line break: split rows at double tabs.
  const segments = body
    .split(/\r\n|\r|\n/)
    .flatMap((line) => line.split(/\t{2,}/))
    .filter((s) => s.trim() !== "");
  const blocks: Block[] = [];
  // Table 二 is read from a grid (its header rows name the columns): rows between 第二十条 and 三、.
  const start = segments.findIndex((s) => /第二十条/.test(s) && s.includes("\t"));
  const end = start < 0 ? -1 : segments.findIndex((s, i) => i > start && /^\s*三\s*、/.test(s));
  segments.forEach((segment, i) => {
    if (i === start) {
      const rows = segments.slice(start, end < 0 ? undefined : end).map((row) =>
        row
          .replace(/\t$/, "")
          .split("\t")
          .map((c) => ({ text: c.trim(), rowspan: 1, colspan: 1 })),
      );
      blocks.push({ kind: "table", table: buildGrid(rows) });
    }
    if (start >= 0 && i >= start && (end < 0 || i < end)) return;
    const text = segment
      .replace(/\t+/g, " ")
      .replace(/[ \u00a0]+/g, " ")
      .trim();
    if (text) blocks.push({ kind: "text", text });
  });
  return { sourceKind: "doc", encoding: "utf-16le", title: null, site: {}, blocks, warnings: [] };
}
