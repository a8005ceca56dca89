import { enlarge, shrink } from "./page-cleanup.js";
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
  regions = wholePixels(page, regions);
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

/** Regions on whole pixels, inside the page (a box placed from an enlarged reading may not be). */
function wholePixels(page: GreyImage, regions: readonly Region[]): Region[] {
  return regions.map((r) => {
    const left = Math.max(0, Math.floor(r.left));
    const top = Math.max(0, Math.floor(r.top));
    return {
      left,
      top,
      width: Math.max(1, Math.min(page.width - left, Math.ceil(r.left + r.width) - left)),
      height: Math.max(1, Math.min(page.height - top, Math.ceil(r.top + r.height) - top)),
    };
  });
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

/** White kept around a page's ink when the page is cut to it. */
const PAGE_MARGIN = 40;

/** How far in from a side a scan's dark page edge may reach, as a share of the page's width or height. */
const EDGE_REACH = 0.08;

/**
 * Where a page's ink is (pixels darker than 128), with PAGE_MARGIN of white around it, inside the
 * page; a scan's dark page edge along a side (a band, or the wedge a turned page leaves in a corner:
 * ink from the side, then white, within EDGE_REACH of it) is left out. Null for a blank page.
 */
export function inkArea(page: GreyImage): Region | null {
  const { width, height, pixels } = page;
  // Read four pixels a word where the pixels lie on whole words: a word whose four top bits are all
  // set is four levels of 128 or more, no ink (most of a page); only the others are looked into.
  const words =
    pixels.byteOffset % 4 === 0
      ? new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2)
      : null;
  const count = (x0: number, x1: number, y0: number, y1: number) => {
    const columns = new Uint32Array(width);
    const rows = new Uint32Array(height);
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      let inRow = 0;
      for (let x = x0; x < x1;) {
        const i = row + x;
        if (words && (i & 3) === 0 && x + 4 <= x1 && (words[i >> 2]! & 0x80808080) === 0x80808080) {
          x += 4;
          continue;
        }
        if (pixels[i]! < 128) {
          columns[x]!++;
          inRow++;
        }
        x++;
      }
      rows[y] = inRow;
    }
    return { columns, rows };
  };
  /** From one side inwards: past the page's edge, if any, then past white, to the first print. */
  const inwards = (counts: Uint32Array, from: number, step: number) => {
    const reach = Math.round(counts.length * EDGE_REACH);
    let edge = -1;
    for (let k = 0, inked = false; k < reach; k++) {
      const i = from + k * step;
      if (counts[i]! > 0) inked = true;
      else if (inked) {
        edge = i;
        break;
      }
    }
    let i = edge >= 0 ? edge : from;
    while (i >= 0 && i < counts.length && counts[i] === 0) i += step;
    return { print: i, edge };
  };
  // The edges first, each side's from the whole page; then the print inside them (a band down the
  // left side puts ink in every row).
  const all = count(0, width, 0, height);
  const edges = {
    left: inwards(all.columns, 0, 1).edge,
    right: inwards(all.columns, width - 1, -1).edge,
  };
  const x0 = Math.max(0, edges.left);
  const x1 = edges.right >= 0 ? edges.right + 1 : width;
  // (No edge, the usual case: the counts are the ones already made.)
  const inside = x0 === 0 && x1 === width ? all : count(x0, x1, 0, height);
  const top = inwards(inside.rows, 0, 1);
  const bottom = inwards(inside.rows, height - 1, -1);
  const y0 = Math.max(0, top.edge);
  const y1 = bottom.edge >= 0 ? bottom.edge + 1 : height;
  const { columns } = y0 === 0 && y1 === height ? inside : count(x0, x1, y0, y1);
  const first = (from: number, step: number) => {
    let i = from;
    while (i >= x0 && i < x1 && columns[i] === 0) i += step;
    return i;
  };
  const left = { print: first(x0, 1), edge: edges.left };
  if (left.print >= x1 || top.print >= height) return null;
  const right = { print: first(x1 - 1, -1), edge: edges.right };
  // The margin never reaches back into an edge.
  const l = Math.max(left.edge, left.print - PAGE_MARGIN, 0);
  const t = Math.max(top.edge, top.print - PAGE_MARGIN, 0);
  const r = Math.min(right.edge >= 0 ? right.edge + 1 : width, right.print + 1 + PAGE_MARGIN, width);
  const b = Math.min(bottom.edge >= 0 ? bottom.edge + 1 : height, bottom.print + 1 + PAGE_MARGIN, height);
  return { left: l, top: t, width: r - l, height: b - t };
}

/**
 * A page read by the engine as one block, cut first to where its ink is: the engine's work grows
 * with the pixels it is given, and a page's margins are a third of them. Words are placed back on
 * the whole page. Read at `readDpi` when that is lower than the page's `dpi`: the page shrunk as a
 * finer scan is (see `shrink`), the words' boxes scaled back to the page's pixels.
 */
export async function readInkArea(
  page: GreyImage,
  dpi: number,
  signal?: AbortSignal,
  readDpi = dpi,
): Promise<OcrWord[]> {
  const area = inkArea(page);
  if (!area) return [];
  const whole = area.width === page.width && area.height === page.height;
  const region = whole ? page : stackRegions(page, [area], 0, 0).strip;
  const read = readDpi < dpi ? await shrink(region, readDpi / dpi) : region;
  const words = await readWords(read, Math.min(readDpi, dpi), signal);
  const fx = region.width / read.width;
  const fy = region.height / read.height;
  return words.map((w) => ({
    ...w,
    left: Math.round(w.left * fx) + area.left,
    top: Math.round(w.top * fy) + area.top,
    width: Math.round(w.width * fx),
    height: Math.round(w.height * fy),
  }));
}
