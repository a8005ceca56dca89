import type { GreyImage } from "./tesseract.js";

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
