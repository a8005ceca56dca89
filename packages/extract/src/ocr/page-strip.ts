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

/** Regions cut out of a page and set side by side on shelves, with where each lies on the strip. */
export interface Shelves {
  strip: GreyImage;
  /** Where region k lies on the strip. */
  places: Region[];
  /** Region k as cut: on whole pixels, inside the page. */
  cut: Region[];
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
 * Regions cut out of a page and set on shelves, side by side, for one engine call to read them all
 * in fewer pixels than one under the other (the engine's work grows with the pixels it is given,
 * and a strip of a hundred figures one a line is mostly white). Regions of about one height share a
 * shelf, each centred on it; `gap` white around each (across, at least twice the tallest's height, so
 * that two regions' words are never one word), shelves as wide as `width` or the widest region.
 * Words are found again by `regionOfWord`.
 */
export function shelveRegions(
  page: GreyImage,
  regions: readonly Region[],
  gap: number,
  width: number,
): Shelves {
  const whole = wholePixels(page, regions);
  const across = Math.max(gap, 2 * Math.max(0, ...whole.map((r) => r.height)));
  const stripWidth = Math.max(width, ...whole.map((r) => r.width)) + 2 * gap;
  const order = whole.map((_, k) => k).sort((a, b) => whole[b]!.height - whole[a]!.height);
  const shelves: { top: number; height: number; items: number[] }[] = [];
  const places: Region[] = new Array(whole.length);
  let x = gap;
  let shelf: { top: number; height: number; items: number[] } | undefined;
  for (const k of order) {
    const r = whole[k]!;
    if (!shelf || x + r.width + gap > stripWidth) {
      const top = shelf ? shelf.top + shelf.height + gap : gap;
      shelf = { top, height: r.height, items: [] };
      shelves.push(shelf);
      x = gap;
    }
    shelf.items.push(k);
    places[k] = { left: x, top: shelf.top, width: r.width, height: r.height };
    x += r.width + across;
  }
  // Each region centred on its shelf's height.
  for (const s of shelves)
    for (const k of s.items) places[k]!.top = s.top + Math.floor((s.height - whole[k]!.height) / 2);
  const last = shelves.at(-1);
  const height = last ? last.top + last.height + gap : 2 * gap;
  const pixels = new Uint8Array(stripWidth * height).fill(255);
  whole.forEach((r, k) => {
    const at = places[k]!;
    for (let row = 0; row < r.height; row++) {
      const from = (r.top + row) * page.width + r.left;
      pixels.set(page.pixels.subarray(from, from + r.width), (at.top + row) * stripWidth + at.left);
    }
  });
  return { strip: { width: stripWidth, height, pixels }, places, cut: whole };
}

/**
 * The region a word read on shelves belongs to (its middle within the region's place, or within
 * half a gap of it), and the word placed back on the page; null for none.
 */
export function regionOfWord(
  word: OcrWord,
  shelves: Shelves,
  slack: number,
): { k: number; word: OcrWord } | null {
  const x = word.left + word.width / 2;
  const y = word.top + word.height / 2;
  const { places, cut } = shelves;
  const k = places.findIndex(
    (p) =>
      x >= p.left - slack &&
      x <= p.left + p.width + slack &&
      y >= p.top - slack &&
      y <= p.top + p.height + slack,
  );
  if (k < 0) return null;
  const place = places[k]!;
  return {
    k,
    word: { ...word, left: word.left - place.left + cut[k]!.left, top: word.top - place.top + cut[k]!.top },
  };
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

/** A column or row darker than this share of its length is a scan's page edge, not print. */
const EDGE_SHARE = 0.4;

/**
 * Where a page's ink is (pixels darker than 128), with PAGE_MARGIN of white around it, inside the
 * page; a scan's dark page edges (a band along a side, dark over much of its length) are left out.
 * Null for a blank page.
 */
export function inkArea(page: GreyImage): Region | null {
  const { width, height, pixels } = page;
  const count = (skipColumn: Uint8Array, skipRow: Uint8Array) => {
    const columns = new Uint32Array(width);
    const rows = new Uint32Array(height);
    for (let y = 0; y < height; y++) {
      if (skipRow[y]) continue;
      const row = y * width;
      for (let x = 0; x < width; x++)
        if (pixels[row + x]! < 128 && !skipColumn[x]) {
          columns[x]!++;
          rows[y]!++;
        }
    }
    return { columns, rows };
  };
  // The page's edges first (a column or row dark over much of its length), then the print without them.
  const raw = count(new Uint8Array(width), new Uint8Array(height));
  const edgeColumns = raw.columns.map((n) => (n > height * EDGE_SHARE ? 1 : 0));
  const edgeRows = raw.rows.map((n) => (n > width * EDGE_SHARE ? 1 : 0));
  const { columns, rows } = count(new Uint8Array(edgeColumns), new Uint8Array(edgeRows));
  const first = (counts: Uint32Array, from: number, step: number) => {
    let i = from;
    while (i >= 0 && i < counts.length && counts[i] === 0) i += step;
    return i;
  };
  const left = first(columns, 0, 1);
  if (left >= width) return null;
  const right = first(columns, width - 1, -1);
  const top = first(rows, 0, 1);
  const bottom = first(rows, height - 1, -1);
  const l = Math.max(0, left - PAGE_MARGIN);
  const t = Math.max(0, top - PAGE_MARGIN);
  return {
    left: l,
    top: t,
    width: Math.min(width, right + 1 + PAGE_MARGIN) - l,
    height: Math.min(height, bottom + 1 + PAGE_MARGIN) - t,
  };
}

/**
 * A page read by the engine as one block, cut first to where its ink is: the engine's work grows
 * with the pixels it is given, and a page's margins are a third of them. Words are placed back on
 * the whole page.
 */
export async function readInkArea(page: GreyImage, dpi: number, signal?: AbortSignal): Promise<OcrWord[]> {
  const area = inkArea(page);
  if (!area) return [];
  if (area.width === page.width && area.height === page.height) return readWords(page, dpi, signal);
  const { strip } = stackRegions(page, [area], 0, 0);
  const words = await readWords(strip, dpi, signal);
  return words.map((w) => ({ ...w, left: w.left + area.left, top: w.top + area.top }));
}
