/**
 * The faces the print font is cut into. Chromium's PDF backend subsets each font a page uses for
 * every PDF, and that costs time in proportion to the font's glyph count: a 30,000-place font (a
 * subset that keeps every glyph's number) halves the PDFs printed a second. So the common characters
 * are in faces cut from fixed character sets, numbered anew: each the same font in every run (its
 * glyph numbers depend on nothing the run prints), a few thousand glyphs each. Only the characters
 * no fixed face holds (rare names, signs) go into a last face that keeps each glyph's number, and
 * only the pages with such characters use it.
 *
 * The print styles list the families in this order (`PRINT_FONT_STACK`); Chromium takes each
 * character from the first that has it.
 */
export interface PrintFace {
  /** The family fontconfig gives the face's file (and Chromium finds it by). */
  family: string;
  /** The characters it holds: a fixed set, or null for the run's characters no fixed face holds. */
  characters: () => ReadonlySet<number> | null;
}

/** GB 2312's rows (1–94) `first`–`last`, as decoded by the GBK decoder (private-use cells left out). */
function gb2312Rows(first: number, last: number): Set<number> {
  const decoder = new TextDecoder("gbk");
  const bytes: number[] = [];
  for (let row = first; row <= last; row++)
    for (let cell = 1; cell <= 94; cell++) bytes.push(0xa0 + row, 0xa0 + cell);
  const points = new Set<number>();
  for (const c of decoder.decode(Uint8Array.from(bytes))) {
    const point = c.codePointAt(0)!;
    if (point !== 0xfffd && !(point >= 0xe000 && point <= 0xf8ff)) points.add(point);
  }
  return points;
}

/** Every code point of the ranges (inclusive pairs). */
function ranges(...pairs: [number, number][]): Set<number> {
  const points = new Set<number>();
  for (const [from, to] of pairs) for (let p = from; p <= to; p++) points.add(p);
  return points;
}

/**
 * Latin letters and the signs pages print (punctuation, arrows, mathematical operators, enclosed
 * numbers, shapes, check marks, CJK punctuation, full-width forms): the face keeps those the font has.
 */
const SIGNS: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x2000, 0x206f],
  [0x2100, 0x22ff],
  [0x2460, 0x27bf],
  [0x3000, 0x303f],
  [0xff00, 0xffef],
];

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/** GB 2312's symbols (rows 1–9) and its level-1 characters (rows 16–55, the 3,755 most used), with the signs. */
const common = once(() => new Set([...ranges(...SIGNS), ...gb2312Rows(1, 9), ...gb2312Rows(16, 55)]));

/** GB 2312's level-2 characters (rows 56–87, 3,008 less used). */
const level2 = once(() => gb2312Rows(56, 87));

/** The print font's faces, in the order the print styles list them. */
export const PRINT_FACES: readonly PrintFace[] = [
  { family: "Touming Print", characters: common },
  { family: "Touming Print 2", characters: level2 },
  { family: "Touming Print 3", characters: () => null },
];

/** The print font's families as a CSS `font-family` list, in order (what touming.css's print rules start with). */
export const PRINT_FONT_STACK = PRINT_FACES.map((face) => `"${face.family}"`).join(", ");
