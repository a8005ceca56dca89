import type { CheerioAPI } from "cheerio/slim";
import { elementsBySelector } from "./simple-selectors.js";

/** A link to a document file (the report as an attachment), by its address or its text. */
const DOCUMENT_FILE = /\.(pdf|docx?|wps|xlsx?|ofd|et)(?:$|[?#])/i;
/** More links than this on a page are navigation, not an article's attachments. */
const MAX_ATTACHMENTS = 20;

/**
 * The document files a page links (`<a href="…/P020250120.pdf">…年度报告.pdf</a>`), as written, in
 * order, without repeats: what makes an article page the landing page of an attachment report.
 */
export function attachmentLinks($: CheerioAPI): string[] {
  const out: string[] = [];
  // The page's links in one walk of its elements (a `$("a[href]")` selector walk cost a twentieth of
  // reading a page).
  const [links] = elementsBySelector($.root().get(0)!, ["a"]);
  for (const a of links!) {
    if (a.attribs.href === undefined) continue;
    const href = a.attribs.href.trim();
    const text = $(a).text().trim();
    if (!href || /^(javascript|mailto):/i.test(href)) continue;
    if (!DOCUMENT_FILE.test(href) && !DOCUMENT_FILE.test(text)) continue;
    if (!out.includes(href)) out.push(href);
    if (out.length >= MAX_ATTACHMENTS) break;
  }
  return out;
}
