/**
 * The text the parsers match against: full-width ASCII (digits, letters, punctuation) folded to ASCII,
 * ideographic and no-break spaces to spaces, dashes between digits to '-'. Every character maps to
 * exactly one character, so an index in this form is the same index in the original, which is what
 * excerpts are cut from.
 */
export function toParseForm(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0) out += " ";
    else if (
      (code === 0x2014 || code === 0x2013 || code === 0x2212) &&
      isDigitAt(text, i - 1) &&
      isDigitAt(text, i + 1)
    )
      out += "-";
    else out += text[i];
  }
  return out;
}

function isDigitAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

/** Label form for matching table labels: parse form without any white space. */
export function labelForm(text: string): string {
  return toParseForm(text).replace(/\s+/g, "");
}
