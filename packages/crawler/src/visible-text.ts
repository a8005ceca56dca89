import { sameLengthLowerCase } from "./markup-sections.js";

/** What `\s` matches, by code point: text a reader does not see. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * How many characters of a page a reader would see: not tags, not the inside of scripts, not white
 * space. One pass whatever the markup holds (a flood of `<` or of `<script` costs no more than text),
 * stopping once `limit` is passed: the callers only ask whether a page is nearly empty.
 */
export function visibleTextLength(html: string, limit: number): number {
  const lower = sameLengthLowerCase(html);
  let count = 0;
  // Where the next `>` and `</script` are, found once and reused until passed: nothing is rescanned.
  let nextGt = -2;
  let nextScriptEnd = -2;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c === 60 /* < */) {
      if (lower.startsWith("<script", i)) {
        if (nextScriptEnd !== -1 && nextScriptEnd < i) nextScriptEnd = lower.indexOf("</script", i);
        // A closed script is skipped whole; an unclosed one is only its tag (as a browser shows it).
        if (nextScriptEnd !== -1) i = nextScriptEnd;
      }
      if (nextGt !== -1 && nextGt < i) nextGt = lower.indexOf(">", i + 1);
      if (nextGt !== -1) {
        i = nextGt;
        continue;
      }
    }
    if (!isSpace(c) && ++count > limit) return count;
  }
  return count;
}
