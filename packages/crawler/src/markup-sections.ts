/**
 * Sections of a page's source found by their delimiters with indexOf, each end looked for once from
 * where its section starts: linear on any page. (A lazy regex such as `<script>([\s\S]*?)</script>`
 * rescans the rest of the page from every opener that is never closed: quadratic on a flood of them.)
 */

/**
 * The text lower-cased with its length kept, so that a position in it is the same position in the
 * text. `toLowerCase` makes "İ" (U+0130, the only such character) two characters, which shifted every
 * position after it: a script's body was cut one character late, and a script's end taken for a new
 * script (see capNesting). "İ" is lowered to "i" here, as nothing looked for contains it.
 */
export function sameLengthLowerCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replaceAll("\u0130", "i").toLowerCase();
}

/** The text between each `open` and the next `close`, in order; an unclosed last opener ends the search. */
export function delimitedSections(text: string, open: string, close: string, caseless = false): string[] {
  const haystack = caseless ? sameLengthLowerCase(text) : text;
  const [o, c] = caseless ? [open.toLowerCase(), close.toLowerCase()] : [open, close];
  const found: string[] = [];
  for (let at = haystack.indexOf(o); at >= 0;) {
    const end = haystack.indexOf(c, at + o.length);
    if (end < 0) break;
    found.push(text.slice(at + o.length, end));
    at = haystack.indexOf(o, end + c.length);
  }
  return found;
}

/** A `<script>` element's opening tag's attributes (lower-cased) and its content. */
export interface ScriptElement {
  attributes: string;
  body: string;
}

/** Every `<script>` element of a page; an unclosed one runs to the end of the page. */
export function scriptElements(html: string): ScriptElement[] {
  const lower = sameLengthLowerCase(html);
  const found: ScriptElement[] = [];
  for (let at = lower.indexOf("<script"); at >= 0;) {
    const tagEnd = lower.indexOf(">", at);
    if (tagEnd < 0) break;
    const close = lower.indexOf("</script", tagEnd);
    const next = lower.charCodeAt(at + 7);
    // "<scripts" or "<script-x" are other tags.
    if (Number.isNaN(next) || /[\s>/]/.test(String.fromCharCode(next)))
      found.push({
        attributes: lower.slice(at + 7, tagEnd),
        body: html.slice(tagEnd + 1, close < 0 ? html.length : close),
      });
    if (close < 0) break;
    at = lower.indexOf("<script", close + 8);
  }
  return found;
}
