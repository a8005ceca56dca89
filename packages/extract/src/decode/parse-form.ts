/**
 * The text the parsers match against: full-width ASCII (digits, letters, punctuation) folded to ASCII,
 * ideographic and no-break spaces to spaces, dashes between digits to '-'. Every character maps to
 * exactly one character, so an index in this form is the same index in the original, which is what
 * excerpts are cut from.
 */
export function toParseForm(text: string): string {
  // Unchanged runs are copied as slices (most text has no full-width character at all): adding
  // character by character allocated a string per character, a good part of extraction's garbage.
  let out = "";
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let folded: string | null = null;
    if (code >= 0xff01 && code <= 0xff5e) folded = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0) folded = " ";
    else if (
      (code === 0x2014 || code === 0x2013 || code === 0x2212) &&
      isDigitAt(text, i - 1) &&
      isDigitAt(text, i + 1)
    )
      folded = "-";
    if (folded === null) continue;
    out += text.slice(run, i) + folded;
    run = i + 1;
  }
  return run === 0 ? text : out + text.slice(run);
}

function isDigitAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

/** Label form for matching table labels: parse form without any white space. */
export function labelForm(text: string): string {
  return toParseForm(text).replace(/\s+/g, "");
}
