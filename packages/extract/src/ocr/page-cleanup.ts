import { MAX_OCR_PIXELS, OCR_DPI } from "./ocr-limits.js";
import { type PagePixels, imageLibrary } from "./page-pixels.js";
import type { GreyImage } from "./tesseract.js";

/** Red ahead of green and blue by more than this is seal ink (JPEG's halved colour blurs it to little more). */
const SEAL_REDNESS = 24;
/** Seal ink is at least this light in the red channel; darker is a black stroke's edge where the seal overlaps it. */
const SEAL_RED_LEVEL = 120;
/** How much lighter seal ink is made for each level of its redness. */
const SEAL_LIFT = 3;

/**
 * A page's ink as greyscale. A colour page is read through its red channel: black text stays dark
 * while red seal ink, red headings' stamps and yellowed paper turn light. Seal ink on a JPEG scan is
 * not light enough in red alone (its level there is some 40 below a yellowed paper's, a grey ring and
 * star over the signature that the engine reads into the date): the redder a light pixel is, the
 * lighter it is made, so the date under the seal is read.
 */
export function inkOf(page: PagePixels): GreyImage {
  if (page.channels === 1) return { width: page.width, height: page.height, pixels: page.pixels };
  const n = page.width * page.height;
  const pixels = new Uint8Array(n);
  const from = page.pixels;
  for (let i = 0, j = 0; i < n; i++, j += 3) pixels[i] = inkLevel(from[j]!, from[j + 1]!, from[j + 2]!);
  return { width: page.width, height: page.height, pixels };
}

/** The ink of one colour pixel (see inkOf): its red, lifted the more the redder it is. */
export function inkLevel(red: number, green: number, blue: number): number {
  const redness = red - (green > blue ? green : blue);
  if (redness > SEAL_REDNESS && red >= SEAL_RED_LEVEL) {
    const lifted = red + redness * SEAL_LIFT;
    return lifted > 255 ? 255 : lifted;
  }
  return red;
}

/**
 * The levels that make the paper white and the ink black, as a table from each level to its new
 * one: a grey or yellowed background, a faint photocopy. The paper is the level most pixels are at
 * or above (a page is mostly paper), the ink the darkest percent; null for a page with no contrast,
 * left as it is.
 */
export function paperLevels(image: GreyImage): Uint8Array | null {
  const histogram = new Uint32Array(256);
  const all = image.pixels;
  for (let i = 0; i < all.length; i++) histogram[all[i]!]!++;
  const levelAt = (share: number) => {
    const target = image.pixels.length * share;
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= target) return v;
    return 255;
  };
  const ink = levelAt(0.01);
  // The paper's level: the median, a little below it (noise around the paper's level turns white too).
  const paper = Math.max(ink + 1, levelAt(0.5) - 12);
  if (paper - ink < 40) return null;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    table[v] = Math.max(0, Math.min(255, Math.round(((v - ink) / (paper - ink)) * 255)));
  return table;
}

/** The image with its levels mapped by `table` (see paperLevels); as it is without one. */
export function withLevels(image: GreyImage, table: Uint8Array | null): GreyImage {
  if (!table) return image;
  const pixels = new Uint8Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = table[image.pixels[i]!]!;
  return { ...image, pixels };
}

/** The page with its paper white and its ink black (see paperLevels). */
export function whitenPaper(image: GreyImage): GreyImage {
  return withLevels(image, paperLevels(image));
}

/**
 * The page's skew in degrees (positive: the lines run down to the right, the page turned clockwise),
 * by projection profiles: text lines and ruling lines make the sharpest row histogram when the rows
 * are taken along them. Searched within ±5° at 0.2°, then refined to 0.02°, on a reduced copy.
 */
export function findSkew(image: GreyImage): number {
  const step = Math.max(1, Math.floor(image.width / 800));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step) {
    for (let x = 0; x < image.width; x += step) {
      if (image.pixels[y * image.width + x]! < 128) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 200) return 0;
  const rows = Math.ceil(image.height / step) + Math.ceil(image.width / step) + 2;
  const histogram = new Float64Array(rows * 2);
  const score = (degrees: number) => {
    const t = Math.tan((degrees * Math.PI) / 180);
    histogram.fill(0);
    for (let i = 0; i < xs.length; i++) histogram[Math.round(ys[i]! - xs[i]! * t) + rows]!++;
    let sum = 0;
    for (let i = 0; i < histogram.length; i++) sum += histogram[i]! * histogram[i]!;
    return sum;
  };
  const search = (from: number, to: number, by: number, start: number) => {
    let best = start;
    let bestScore = score(start);
    for (let d = from; d <= to + 1e-9; d += by) {
      const s = score(d);
      if (s > bestScore) [best, bestScore] = [d, s];
    }
    return best;
  };
  const coarse = search(-5, 5, 0.2, 0);
  const fine = search(coarse - 0.2, coarse + 0.2, 0.02, coarse);
  return Math.round(fine * 100) / 100;
}

/**
 * How much a page at `fromDpi` is scaled to be read at `dpi` (Tesseract reads CJK best at about
 * OCR_DPI): never past the pixel limit, whatever resolution a file claims.
 */
export function readingScale(
  image: { width: number; height: number },
  fromDpi: number,
  dpi = OCR_DPI,
): number {
  return Math.min(dpi / fromDpi, Math.sqrt(MAX_OCR_PIXELS / (image.width * image.height)));
}

/** Fixed point: positions on the source page in 1/65536 of a pixel, the blend in 1/256. */
const FRACTION_BITS = 16;
const ONE = 1 << FRACTION_BITS;

/**
 * The page turned back by its skew and scaled `scale` times in one bilinear pass from its own
 * pixels (each output pixel is read once from the page as it came: no rounding of an enlarged copy
 * turned again), its levels mapped by `levels` (see paperLevels). The canvas grows to hold the turned page, white where the turn uncovers its
 * corners; the page's middle stays in the middle. A page neither turned nor scaled is returned as it
 * is.
 */
export function straighten(
  image: GreyImage,
  skew: number,
  scale: number,
  levels: Uint8Array | null = null,
): GreyImage {
  if (Math.abs(skew) < 0.05 && Math.abs(scale - 1) < 0.02) return withLevels(image, levels);
  // Levels mapped after the blend, as if on the page enlarged: a stroke's blended edge is made paper
  // or ink as the page's own pixels are, not smeared from levels already stretched.
  const level = levels ?? IDENTITY;
  const { width: sw, height: sh, pixels: src } = image;
  // Turned by -skew: an output pixel's place on the page is its offset from the middle turned by +skew.
  const radians = Math.abs(skew) < 0.05 ? 0 : (skew * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const scaledWidth = sw * scale;
  const scaledHeight = sh * scale;
  const width = Math.max(1, Math.round(scaledWidth * Math.abs(cos) + scaledHeight * Math.abs(sin)));
  const height = Math.max(1, Math.round(scaledWidth * Math.abs(sin) + scaledHeight * Math.abs(cos)));
  const pixels = new Uint8Array(width * height);
  const step = 1 / scale;
  // Along an output row the page's position moves by (cos, sin) / scale.
  const du = Math.round(cos * step * ONE);
  const dv = Math.round(sin * step * ONE);
  const lastU = sw - 1;
  const lastV = sh - 1;
  for (let y = 0, o = 0; y < height; y++) {
    const dy = y - height / 2;
    const dx = -width / 2;
    // The page's position of the row's first pixel, pixel x at x / scale as poppler's renderer
    // places it (measured: centred pixels lose a table of the bench's 200-dpi white scans), kept one
    // pixel to the right and down so that the shift floors a position just left of the edge to -1.
    let u = Math.round(((scaledWidth / 2 + dx * cos - dy * sin) * step + 1) * ONE);
    let v = Math.round(((scaledHeight / 2 + dx * sin + dy * cos) * step + 1) * ONE);
    for (let x = 0; x < width; x++, o++, u += du, v += dv) {
      const u0 = (u >> FRACTION_BITS) - 1;
      const v0 = (v >> FRACTION_BITS) - 1;
      let a: number;
      let b: number;
      let c: number;
      let d: number;
      if (u0 >= 0 && v0 >= 0 && u0 < lastU && v0 < lastV) {
        const i = v0 * sw + u0;
        a = src[i]!;
        b = src[i + 1]!;
        c = src[i + sw]!;
        d = src[i + sw + 1]!;
      } else if (u0 < -1 || v0 < -1 || u0 > lastU || v0 > lastV) {
        pixels[o] = 255;
        continue;
      } else {
        // At the page's edge: what lies past it is white paper. (No closure here: one would move
        // the loop's variables into a heap context and slow every pixel.)
        const left = u0 >= 0;
        const right = u0 < lastU;
        const above = v0 >= 0;
        const below = v0 < lastV;
        const i = v0 * sw + u0;
        a = left && above ? src[i]! : 255;
        b = right && above ? src[i + 1]! : 255;
        c = left && below ? src[i + sw]! : 255;
        d = right && below ? src[i + sw + 1]! : 255;
      }
      const fu = (u >> 8) & 255;
      const fv = (v >> 8) & 255;
      const top = a * (256 - fu) + b * fu;
      const bottom = c * (256 - fu) + d * fu;
      // Truncated, as the renderer stores a blend.
      pixels[o] = level[(top * (256 - fv) + bottom * fv) >> 16]!;
    }
  }
  return { width, height, pixels };
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v);

/** An image shrunk `factor` (< 1) times, each pixel the weighted average of those it covers. */
export function shrink(image: GreyImage, factor: number): Promise<GreyImage> {
  return rawGrey(
    imageLibrary()(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }).resize({
      width: Math.max(1, Math.round(image.width * factor)),
      height: Math.max(1, Math.round(image.height * factor)),
      kernel: "lanczos3",
      fit: "fill",
    }),
  );
}

/**
 * An image shrunk a whole `factor` times, each pixel the mean of the `factor` × `factor` it stands
 * for (a last part-row or part-column of the image is left out).
 */
export function shrinkBy(image: GreyImage, factor: number): GreyImage {
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  if (image.width < factor || image.height < factor)
    return { width, height, pixels: new Uint8Array(width * height).fill(255) };
  const pixels = new Uint8Array(width * height);
  const src = image.pixels;
  if (factor === 2) {
    // The kept page image's shrink (OCR_IMAGE_SHRINK): four pixels summed at once, rounded as below.
    const below = image.width;
    for (let y = 0, o = 0; y < height; y++)
      for (let x = 0, i = 2 * y * below; x < width; x++, o++, i += 2)
        pixels[o] = (src[i]! + src[i + 1]! + src[i + below]! + src[i + below + 1]! + 2) >> 2;
    return { width, height, pixels };
  }
  const sums = new Uint32Array(width);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      // Each row of the block from its start: a column past the last whole block is skipped.
      let i = (y * factor + dy) * image.width;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let dx = 0; dx < factor; dx++) sum += src[i++]!;
        sums[x] = sums[x]! + sum;
      }
    }
    for (let x = 0, o = y * width; x < width; x++, o++) pixels[o] = (sums[x]! + (area >> 1)) / area;
  }
  return { width, height, pixels };
}

/** An image enlarged `factor` times (a strip of small figures, for the engine to read them surely). */
export function enlarge(image: GreyImage, factor: number): Promise<GreyImage> {
  return rawGrey(
    imageLibrary()(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }).resize({
      width: Math.round(image.width * factor),
      kernel: "cubic",
    }),
  );
}

/**
 * A pipeline's output as one grey channel (sharp may give a grey image three or four equal channels:
 * the first is taken by libvips, off this thread), its pixels not copied again.
 */
async function rawGrey(pipeline: ReturnType<ReturnType<typeof imageLibrary>>): Promise<GreyImage> {
  const { data, info } = await pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    pixels: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height),
  };
}
