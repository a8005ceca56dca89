import type { Block, NormalizedDocument, SiteMetadata } from "../types.js";
import { countMetadataLabels, readSiteMetadata } from "./site-metadata.js";

/**
 * Plain text → normalized document. Leading lines that are a flattened site header
 * (`索引号 | … | 发布机构 | … |`) are read as metadata and dropped from the text.
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
  const blocks: Block[] = lines
    .slice(start)
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter((l) => l !== "")
    .map((l) => ({ kind: "text" as const, text: l }));
  return { sourceKind: "text", encoding, title: null, site, blocks, warnings: [] };
}
