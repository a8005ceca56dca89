/**
 * Elements the parser closes by itself when a sibling opens (an unclosed `<li>`, `<p>`, `<td>`…) and
 * void elements: neither deepens a page however many there are.
 */
const NOT_NESTING = new Set(
  (
    "p li dt dd tr td th option optgroup thead tbody tfoot rb rt rp " +
    "area base br col embed hr img input link meta param source track wbr"
  ).split(" "),
);

/** How deep a page's elements may nest before further opening tags are dropped. */
export const MAX_NESTING = 256;

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** `[\w:-]` by code: a regular expression tested on a one-character string per character cost a third of the pass. */
const isNameChar = (c: number) =>
  isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d;

/**
 * Where `</name` (any case) is next in the page from `from`, or -1. Found by `</` and a comparison of
 * the name, not in a lowercased copy of the page: that copy was made for every page with a script.
 */
function closingTagAt(html: string, name: string, from: number): number {
  for (let at = html.indexOf("</", from); at >= 0; at = html.indexOf("</", at + 2)) {
    let i = 0;
    while (i < name.length && (html.charCodeAt(at + 2 + i) | 0x20) === name.charCodeAt(i)) i++;
    if (i === name.length) return at;
  }
  return -1;
}

/**
 * The page with its elements nested at most `maxDepth` deep: an opening tag beyond that depth is
 * dropped, and so is the closing tag that would have matched it; its content stays where it is.
 * Links are kept, an unclosed one closed where the next begins.
 * HTML parsers keep a stack of open elements that they search per tag, so 200,000 unclosed `<div>`s
 * took htmlparser2 minutes; no real page nests a few hundred deep. One pass, each `>` found once.
 */
export function capNesting(html: string, maxDepth = MAX_NESTING): string {
  let depth = 0;
  const dropped = new Map<string, number>();
  const kept: string[] = [];
  let copiedTo = 0;
  /** A link is open: the next `<a>` closes it (as browsers do), so links never nest. */
  let linkOpen = false;
  let at = html.indexOf("<");
  while (at >= 0 && at < html.length - 1) {
    const closing = html.charCodeAt(at + 1) === 0x2f;
    const nameStart = closing ? at + 2 : at + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      at = html.indexOf("<", at + 1);
      continue;
    }
    const end = html.indexOf(">", nameStart);
    if (end < 0) break; // no tag ends after here: the rest is text
    let nameEnd = nameStart;
    while (nameEnd < end && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const selfClosing = html.charCodeAt(end - 1) === 0x2f;
    let drop = false;
    if (name === "script" || name === "style" || name === "textarea" || name === "title") {
      // Raw text: nothing inside is a tag. Skip to its end tag (or the end of the page).
      if (!closing) {
        at = closingTagAt(html, name, end);
        continue;
      }
    } else if (name === "a") {
      // Links are content: never dropped, never nested.
      if (!closing && !selfClosing && linkOpen) {
        kept.push(html.slice(copiedTo, at), "</a>");
        copiedTo = at;
      }
      linkOpen = !closing && !selfClosing;
    } else if (closing) {
      const owed = dropped.get(name) ?? 0;
      if (owed > 0) {
        dropped.set(name, owed - 1);
        drop = true;
      } else if (!NOT_NESTING.has(name) && depth > 0) depth--;
    } else if (!selfClosing && !NOT_NESTING.has(name)) {
      if (depth >= maxDepth) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop = true;
      } else depth++;
    }
    if (drop) {
      kept.push(html.slice(copiedTo, at));
      copiedTo = end + 1;
    }
    at = html.indexOf("<", end + 1);
  }
  if (copiedTo === 0) return html;
  kept.push(html.slice(copiedTo));
  return kept.join("");
}
