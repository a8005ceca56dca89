import { decodeHTML } from "entities";
import { MAX_LINKS_READ } from "./page-links.js";

/**
 * What every attachment or page image readAttachments can find has in the page's source, or in the
 * page's URL (a link such as `?print=1` resolves to the page itself): an image (`<img`), a file's
 * extension (`.pdf`, `.doc(x)`, `.wps`, `.xls(x)`, `.rtf`: isAttachmentUrl), a viewer (`viewer.html`
 * names its file in a parameter) or a download script (`/download/`, `/downfile/`, whose file may be
 * named by its link text or a percent-encoded parameter).
 */
const MAY_NAME_A_FILE = /<img|\.(?:pdf|doc|wps|xls|rtf)|viewer|down/i;

/** The text holds a mark of a file as it is, or once tabs and line breaks are dropped. */
const marked = (text: string) =>
  MAY_NAME_A_FILE.test(text) || MAY_NAME_A_FILE.test(text.replace(/[\t\n\r]+/g, ""));

/**
 * Whether an article's source (through capNesting) may hold an attachment or a page image. When it
 * says no, readAttachments would find none and read every link (no more than MAX_LINKS_READ `<a`),
 * so the page need not be walked: most articles attach nothing, and walking them was most of the
 * page reader's time. It says yes whenever it cannot rule one out: the source is searched as it is
 * and as a parser and a URL read it (character references decoded, as htmlparser2 decodes them in
 * attributes and text; tabs and line breaks dropped, as the URL parser drops them from an href).
 */
export function mayHoldAttachments(page: string, pageUrl: string): boolean {
  if (marked(pageUrl) || marked(page)) return true;
  if (page.includes("&") && marked(decodeHTML(page))) return true;
  const links = /<a/gi;
  for (let n = 1; links.test(page); n++) if (n > MAX_LINKS_READ) return true;
  return false;
}
