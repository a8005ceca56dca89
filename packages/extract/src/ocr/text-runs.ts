import type { OcrWord, ReadText } from "./tesseract.js";

// The engine's renderings of full-width brackets and look-alikes, as the report prints them.
const LOOK_ALIKES: Record<string, string> = { "〈": "（", "〉": "）", "《": "《", "〔": "（", "〕": "）" };
/**
 * A lone stroke read before a Chinese character, at a line's start or after Chinese text: the
 * character's own first stroke read apart (临's 丨, read alone as `I临江市`), or a rule's remnant.
 * Chinese report text never prints a Latin I or a bar there.
 */
const STROKE_BEFORE_CJK = /(^|[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e])[I|丨](?=[\u4e00-\u9fff])/g;
/**
 * A date whose month or day holds a stroke the engine read as a letter (2024年I月23日): there, the
 * stroke is a 1 (a date's numbers are digits). Repaired before STROKE_BEFORE_CJK would drop it.
 */
const DATE_WITH_STROKES = /(\d{4}\s*年\s*)([\dIl|丨]{1,2})(\s*月\s*)([\dIl|丨]{1,2})(\s*日)/g;
const ones = (text: string) => text.replace(/[Il|丨]/g, "1");
export const normalise = (text: string) =>
  text
    .replace(/[〈〉〔〕]/g, (c) => LOOK_ALIKES[c] ?? c)
    .replace(
      DATE_WITH_STROKES,
      (_, year, month, between, day, end) => year + ones(month) + between + ones(day) + end,
    )
    .replace(STROKE_BEFORE_CJK, "$1");

/** Digits with letters or signs the engine puts for digits (O, l, |, S, $): a figure it could not read. */
export const MANGLED_NUMBER = /^(?!\d{1,2}[.、．]$)(?=.*\d)[\dOoIl|SsB$,.，。]+$/;
export const NUMBER = /^[-+]?\d[\d,]*(\.\d+)?$/;

/**
 * What a figure misread looks like: one character (a serif 1 read as 工), or digits with one letter
 * or Chinese character among them (4 read as 人4). A numbering such as `1.` has no letter: not one.
 */
export function misreadFigure(text: string): boolean {
  if ([...text].length === 1) return true;
  const strays = [...text.replace(/\d/g, "")];
  return /\d/.test(text) && strays.length === 1 && /[A-Za-z\u4e00-\u9fff]/.test(strays[0]!);
}

/** Words of one engine line joined into a run of text, in the page's pixels. */
export interface TextRun extends ReadText {
  /** The line's baseline: the median of its words' bottoms (a CJK glyph's box reaches lower than a digit's). */
  baseline: number;
}

/**
 * The words of one engine line joined into runs as a PDF would print them: text closer than a
 * character's height and a figure closer than half of one belong to one run (the engine cuts CJK
 * text into words of one or two characters), a wider gap starts a new run (a table's next cell). A run's confidence is its least
 * sure word's.
 */
export function runsOfLine(words: readonly OcrWord[]): TextRun[] {
  if (words.length === 0) return [];
  const sorted = [...words].sort((a, b) => a.left - b.left);
  const heights = sorted.map((w) => w.height).sort((a, b) => a - b);
  const charHeight = heights[Math.floor(heights.length / 2)]!;
  const bottoms = sorted.map((w) => w.top + w.height).sort((a, b) => a - b);
  const baseline = bottoms[Math.floor(bottoms.length / 2)]!;
  const runs: OcrWord[][] = [];
  for (const word of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    // Letter-spaced headings (本 年 制 发 件 数) join across a character's height; a figure joins only
    // what touches it, so two cells' figures never run together.
    const joins = /\d/.test(word.text) || /\d/.test(last?.text ?? "") ? 0.5 : 1.2;
    if (run && last && word.left - (last.left + last.width) < charHeight * joins) run.push(word);
    else runs.push([word]);
  }
  return runs.map((run) => {
    const left = run[0]!.left;
    const right = Math.max(...run.map((w) => w.left + w.width));
    const top = Math.min(...run.map((w) => w.top));
    const bottom = Math.max(...run.map((w) => w.top + w.height));
    return {
      text: normalise(run.map((w) => w.text).join("")),
      confidence: Math.min(...run.map((w) => w.confidence)),
      left,
      top,
      width: right - left,
      height: bottom - top,
      baseline,
    };
  });
}
