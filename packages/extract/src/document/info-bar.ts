import type { SiteMetadata } from "../types.js";

/**
 * A labelled date as info bars print it: `发布时间：2025-01-24 10:00`, `[发布日期: 2025年1月24日]`,
 * `成文日期 2025/01/20`. The label is followed by the date itself, not by other text.
 */
const LABELLED_DATE =
  /(发\s*布\s*(?:时\s*间|日\s*期)|公\s*开\s*日\s*期|成\s*文\s*(?:日\s*期|时\s*间)|生\s*成\s*日\s*期)\s*[:：]?\s*[[【(（]?\s*((?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日))/g;

const LABEL_AT_END =
  /(发\s*布\s*(?:时\s*间|日\s*期)|公\s*开\s*日\s*期|成\s*文\s*(?:日\s*期|时\s*间)|生\s*成\s*日\s*期)\s*[:：]?$/;

/**
 * The publish and written dates a page's info bar gives (the line of 来源/发布时间/浏览次数 around
 * the article, outside its body), read from the page's lines outside the article in order: the
 * first labelled date of each kind. A 成文日期 is when the text was written, kept apart from the
 * publish date (`writtenDate`).
 */
export function readInfoBar(lines: readonly string[]): Pick<SiteMetadata, "publishDate" | "writtenDate"> {
  const out: Pick<SiteMetadata, "publishDate" | "writtenDate"> = {};
  for (const [i, line] of lines.entries()) {
    // A label in one cell, its date in the next (`<td>发布日期：</td><td>2025-01-24</td>`).
    const text = LABEL_AT_END.test(line) ? `${line} ${lines[i + 1] ?? ""}` : line;
    for (const m of text.matchAll(LABELLED_DATE)) {
      const field = /^[成生]/.test(m[1]!) ? "writtenDate" : "publishDate";
      out[field] ??= m[2]!.replace(/\s+/g, "");
    }
    if (out.publishDate && out.writtenDate) break;
  }
  return out;
}
