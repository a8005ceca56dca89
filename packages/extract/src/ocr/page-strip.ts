import { enlarge } from "./page-cleanup.js";
import { type GreyImage, type OcrWord, readWords } from "./tesseract.js";

/** A rectangle of a page, in its pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Regions cut out of a page and stacked in one strip, one under the other with `spacing` rows of
 * white between them and `margin` columns of white on their left, so that one engine call reads them
 * all; `bands` says which rows of the strip each region lies on (a word read at strip x sits at page
 * x − margin + its region's left).
 */
export function stackRegions(
  page: GreyImage,
  regions: readonly Region[],
  spacing: number,
  margin: number,
): { strip: GreyImage; bands: [number, number][] } {
  // Boxes on whole pixels (a box placed from an enlarged reading may not be).
  regions = regions.map((r) => {
    const left = Math.floor(r.left);
    const top = Math.floor(r.top);
    return {
      left,
      top,
      width: Math.max(1, Math.min(page.width - left, Math.ceil(r.left + r.width) - left)),
      height: Math.max(1, Math.min(page.height - top, Math.ceil(r.top + r.height) - top)),
    };
  });
  const width = Math.max(...regions.map((r) => r.width)) + 2 * margin;
  const height = regions.reduce((h, r) => h + r.height + spacing, spacing);
  const pixels = new Uint8Array(width * height).fill(255);
  const bands: [number, number][] = [];
  let y = spacing;
  for (const r of regions) {
    for (let row = 0; row < r.height; row++) {
      const from = (r.top + row) * page.width + r.left;
      pixels.set(page.pixels.subarray(from, from + r.width), (y + row) * width + margin);
    }
    bands.push([y, y + r.height]);
    y += r.height + spacing;
  }
  return { strip: { width, height, pixels }, bands };
}

/**
 * A strip read by the engine enlarged `factor` times (a table's text is small: a 5-point digit is
 * 21 pixels high at 300 dpi, and the engine drops or misreads what it reads surely at a larger size),
 * its words placed back on the strip as it was.
 */
export async function readEnlarged(
  strip: GreyImage,
  factor: number,
  dpi: number,
  mode: "text" | "digits",
  signal?: AbortSignal,
): Promise<OcrWord[]> {
  const image = factor === 1 ? strip : await enlarge(strip, factor);
  const words = await readWords(image, dpi * factor, signal, mode);
  // Whole pixels, as the engine's own: a box cut from the page again must fall on pixels.
  return words.map((w) => ({
    ...w,
    left: Math.round(w.left / factor),
    top: Math.round(w.top / factor),
    width: Math.max(1, Math.round(w.width / factor)),
    height: Math.max(1, Math.round(w.height / factor)),
  }));
}
