/**
 * The text the parsers match against: full-width ASCII (digits, letters, punctuation) folded to ASCII,
 * ideographic and no-break spaces to spaces, dashes between digits to '-'. Every character maps to
 * exactly one character, so an index in this form is the same index in the original, which is what
 * excerpts are cut from.
 */
export function toParseForm(text: string): string {
  return folded(text, false);
}

/** The characters `folded` may change (a dash only between digits), and with them white space. */
const FOLDS = /[\uff01-\uff5e\u3000\u00a0\u2013\u2014\u2212]/;
const FOLDS_OR_SPACE = /[\s\uff01-\uff5e\u2013\u2014\u2212]/;

/**
 * The parse form, or (`dropSpace`) the label form, in one pass: unchanged runs are copied as slices
 * (most text has no full-width character at all): adding character by character allocated a string
 * per character, a good part of extraction's garbage.
 */
function folded(text: string, dropSpace: boolean): string {
  // Most text has nothing to fold: one native scan says so, where the loop below reads every character.
  if (!(dropSpace ? FOLDS_OR_SPACE : FOLDS).test(text)) return text;
  let out = "";
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let fold: string | null = null;
    if (dropSpace && isSpace(code)) fold = "";
    else if (code >= 0xff01 && code <= 0xff5e) fold = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0) fold = " ";
    else if (
      (code === 0x2014 || code === 0x2013 || code === 0x2212) &&
      isDigitAt(text, i - 1) &&
      isDigitAt(text, i + 1)
    )
      fold = "-";
    if (fold === null) continue;
    out += text.slice(run, i) + fold;
    run = i + 1;
  }
  return run === 0 ? text : out + text.slice(run);
}

function isDigitAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

/** Whether a code unit is white space as a regular expression's `\s` means it. */
export function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Label form for matching table labels: parse form without any white space, in the same single pass
 * (a whole report's text goes through it to find a form's labels).
 */
export function labelForm(text: string): string {
  return folded(text, true);
}

/** Code units of `text` other than white space: what `text.replace(/\s+/g, "").length` gives, without the copy. */
export function solidLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) n++;
  return n;
}
