import type { GreyImage, OcrWord } from "./tesseract.js";
import { stackRegions } from "./page-strip.js";
import { readWords } from "./tesseract.js";

/** A band of rows holding a line of text (or two, where a label spans them), in the page's pixels. */
export interface TextBand {
  top: number;
  bottom: number;
}

const MIN_ROW_INK = 3;
const MIN_BAND = 12;
const MAX_BAND = 160;
/** White between bands stacked in one strip, in pixels. */
const SPACING = 30;

/**
 * The page's lines of ink: runs of rows with ink, a row or two of white inside one forgiven. A run
 * too thin (specks) or too tall (a picture, a seal) is not a line.
 */
export function textBands(page: GreyImage): TextBand[] {
  const bands: TextBand[] = [];
  let start = -1;
  let lastInk = -1;
  for (let y = 0; y <= page.height; y++) {
    let ink = 0;
    if (y < page.height) {
      const pixels = page.pixels;
      // Counted only as far as it matters: a row with MIN_ROW_INK is a row with ink.
      for (let i = y * page.width, end = i + page.width; i < end && ink < MIN_ROW_INK; i++)
        if (pixels[i]! < 128) ink++;
    }
    if (ink >= MIN_ROW_INK) {
      if (start < 0) start = y;
      lastInk = y;
    } else if (start >= 0 && y - lastInk > 2) {
      const height = lastInk - start + 1;
      if (height >= MIN_BAND && height <= MAX_BAND) bands.push({ top: start, bottom: lastInk + 1 });
      start = -1;
    }
  }
  return bands;
}

/** Dark pixels of a band that no word read covers (words whose middle lies in the band), and all of them. */
export function uncoveredInk(
  page: GreyImage,
  band: TextBand,
  words: readonly OcrWord[],
): { uncovered: number; ink: number } {
  const covered = new Uint8Array(page.width);
  for (const w of words) {
    const middle = w.top + w.height / 2;
    if (middle < band.top || middle > band.bottom) continue;
    covered.fill(1, Math.max(0, w.left - 4), Math.min(page.width, w.left + w.width + 4));
  }
  let uncovered = 0;
  let ink = 0;
  for (let y = band.top; y < band.bottom; y++) {
    for (let x = 0; x < page.width; x++) {
      if (page.pixels[y * page.width + x]! >= 128) continue;
      ink++;
      if (!covered[x]) uncovered++;
    }
  }
  return { uncovered, ink };
}

/**
 * Lines the engine left out. Reading a page as one block, Tesseract now and then drops a whole
 * table row (where a group label spanning two rows merges them in its line finding). Every band of
 * ink whose ink is mostly not under a word read is read again as sparse text (which reads such a
 * row), all such bands stacked in one strip for one more engine call; the words found where nothing
 * was read are added, placed back on the page.
 */
export async function readMissedLines(
  page: GreyImage,
  words: readonly OcrWord[],
  dpi: number,
  signal?: AbortSignal,
): Promise<OcrWord[]> {
  const missed = textBands(page).filter((band) => {
    const { uncovered, ink } = uncoveredInk(page, band, words);
    return uncovered >= 300 && uncovered >= ink * 0.3;
  });
  if (missed.length === 0) return [];
  const { strip, bands } = stackRegions(
    page,
    missed.map((band) => ({ left: 0, top: band.top, width: page.width, height: band.bottom - band.top })),
    SPACING,
    0,
  );
  const found = await readWords(strip, dpi, signal, "sparse");
  const added: OcrWord[] = [];
  for (const word of found) {
    const middle = word.top + word.height / 2;
    const k = bands.findIndex(([top, bottom]) => middle >= top && middle <= bottom);
    if (k < 0) continue;
    const placed = { ...word, top: word.top - bands[k]![0] + missed[k]!.top, line: `again.${word.line}` };
    // Only what the first reading did not cover: never a second copy of a word.
    const overlaps = words.some(
      (w) =>
        w.left < placed.left + placed.width &&
        placed.left < w.left + w.width &&
        w.top < placed.top + placed.height &&
        placed.top < w.top + w.height,
    );
    if (!overlaps) added.push(placed);
  }
  return added;
}
