import { OCR_HIGH_CONFIDENCE } from "./ocr-limits.js";
import type { GreyImage, OcrWord, ReadText } from "./tesseract.js";
import { readEnlarged, stackRegions } from "./page-strip.js";

/** A figure as first read: its word box on the cleaned page and its text and confidence. */
export type FigureReading = ReadText;

const NUMBER = /^\d[\d,]*(\.\d+)?$/;
/** How much the strip of figures is enlarged before it is read. */
const ENLARGE = 2;
/** White between two figures in the strip, and around each, in pixels. */
const SPACING = 24;

/**
 * The figures' boxes cut out of the page and stacked in one strip, a figure a line, with where
 * each one's line lies: one engine call reads them all.
 */
export function figureStrip(
  page: GreyImage,
  figures: readonly FigureReading[],
): { strip: GreyImage; bands: [number, number][] } {
  const pad = 6;
  const boxes = figures.map((f) => {
    const left = Math.max(0, f.left - pad);
    const top = Math.max(0, f.top - pad);
    const right = Math.min(page.width, f.left + f.width + pad);
    const bottom = Math.min(page.height, f.top + f.height + pad);
    return { left, top, width: right - left, height: bottom - top };
  });
  return stackRegions(page, boxes, SPACING, SPACING);
}

/**
 * A second reading of the figures the first was not sure of, by the English model restricted to
 * digits (the Chinese model's digits in dense tables are its weakest: 1 read as 1l, 351 as 3). Two
 * readings that agree give the surer confidence; readings that disagree leave the figure below
 * `high` (never trusted for checks), with the digit reading if it is a clean number read with
 * high confidence, else as first read.
 */
export async function rereadFigures(
  page: GreyImage,
  figures: readonly FigureReading[],
  dpi: number,
  signal?: AbortSignal,
): Promise<FigureReading[]> {
  if (figures.length === 0) return [];
  const { strip, bands } = figureStrip(page, figures);
  const words = await readEnlarged(strip, ENLARGE, dpi, "digits", signal);
  const inBand = (w: OcrWord, [top, bottom]: [number, number]) => {
    const middle = w.top + w.height / 2;
    return middle >= top && middle <= bottom;
  };
  return figures.map((first, i) =>
    twoReadings(
      first,
      words.filter((w) => inBand(w, bands[i]!)),
    ),
  );
}

/**
 * A figure's two readings made one: what both say is surer; readings that disagree are never
 * `high` (the digit reading taken when it is sure, or when the first is no number, else the first);
 * digits far apart are two figures, and a decimal point only the first saw is kept.
 */
export function twoReadings(first: FigureReading, digitWords: readonly OcrWord[]): FigureReading {
  const mine = [...digitWords].sort((a, b) => a.left - b.left);
  if (mine.length === 0) return first;
  // Digits apart by more than a digit's height are two figures (two cells whose rule was not
  // found), never one number: the reading is not taken.
  if (mine.some((w, k) => k > 0 && w.left - (mine[k - 1]!.left + mine[k - 1]!.width) > w.height))
    return first;
  const text = mine.map((w) => w.text).join("");
  const confidence = Math.min(...mine.map((w) => w.confidence));
  if (!NUMBER.test(text)) return first;
  if (text === first.text) return { ...first, confidence: Math.max(first.confidence, confidence) };
  // They disagree: below high whatever either engine says.
  const below = (c: number) => Math.min(c, OCR_HIGH_CONFIDENCE - 0.01);
  // The same digits but for a decimal point only the first reading saw (the digit model drops a
  // small point: 77.3 read 773): the point is kept.
  if (first.text.includes(".") && first.text.replace(".", "") === text) {
    return { ...first, confidence: below(first.confidence) };
  }
  if (confidence >= OCR_HIGH_CONFIDENCE || !NUMBER.test(first.text)) {
    return { ...first, text, confidence: below(confidence) };
  }
  return { ...first, confidence: below(first.confidence) };
}
