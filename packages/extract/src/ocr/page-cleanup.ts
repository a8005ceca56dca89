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
 * Stretches the levels so that the paper is white and the ink black: a grey or yellowed background,
 * a faint photocopy. The paper is the level most pixels are at or above (a page is mostly paper), the
 * ink the darkest percent; a page with no contrast is left as it is.
 */
export function whitenPaper(image: GreyImage): GreyImage {
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
  if (paper - ink < 40) return image;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    table[v] = Math.max(0, Math.min(255, Math.round(((v - ink) / (paper - ink)) * 255)));
  const pixels = new Uint8Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = table[image.pixels[i]!]!;
  return { ...image, pixels };
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
 * Turns the page back by its skew and scales it to `dpi` (Tesseract reads CJK best at about
 * OCR_DPI), white filling the corners the rotation uncovers.
 */
export async function straighten(
  image: GreyImage,
  skew: number,
  fromDpi: number,
  dpi = OCR_DPI,
): Promise<GreyImage> {
  // Never past the pixel limit, whatever resolution a file claims.
  const scale = Math.min(dpi / fromDpi, Math.sqrt(MAX_OCR_PIXELS / (image.width * image.height)));
  if (Math.abs(skew) < 0.05 && Math.abs(scale - 1) < 0.02) return image;
  let out = image;
  if (Math.abs(skew) >= 0.05) {
    out = await rawGrey(
      imageLibrary()(out.pixels, { raw: { width: out.width, height: out.height, channels: 1 } })
        // Taken as grey, the page is turned as one band: otherwise the white background makes it
        // three (the same pixels, a quarter more time).
        .toColourspace("b-w")
        .rotate(-skew, { background: "#ffffff" }),
    );
  }
  if (Math.abs(scale - 1) >= 0.02) {
    out = await rawGrey(
      imageLibrary()(out.pixels, { raw: { width: out.width, height: out.height, channels: 1 } })
        .resize({ width: Math.round(out.width * scale), kernel: "lanczos3" })
        // Enlarged, a low-resolution scan's grain and JPEG ringing grow into specks the engine
        // reads as strokes: a 3×3 median takes them out and keeps the strokes.
        .median(scale > 1.3 ? 3 : 1),
    );
  }
  return out;
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
