import { readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { inkLevel } from "./page-cleanup.js";
import { MAX_OCR_PIXELS, PAGE_TRACE_TIME_MS } from "./ocr-limits.js";
import { type PagePixels, imageLibrary, parsePnm } from "./page-pixels.js";
import { lastLine, runPiped } from "./piped-tool.js";
import type { GreyImage } from "./tesseract.js";

// A scanned page that is one image and nothing else gets its pixels from the image itself, scaled
// as poppler's renderer scales it: the same pixels pdftoppm gives (tested), in about half its time.
// Any other page is rendered.

/** A page that is one upright image covering it: the image's pixels, and the page's size in points. */
export interface WholePageImage {
  /** The image's own pixels. */
  width: number;
  height: number;
  /** Its colour space: DeviceRGB or DeviceGray. */
  colour: "rgb" | "grey";
  /** The page, as MuPDF lays it out (its media box, not turned). */
  pageWidth: number;
  pageHeight: number;
}

/** Colour spaces whose samples the renderer uses as they are (no colour conversion, no Decode). */
const PLAIN_COLOUR = new Set(["DeviceRGB", "DeviceGray"]);

/**
 * The pages of a MuPDF trace (`mutool trace`) that are one image and nothing else, from what each page
 * draws: a single `fill_image`, opaque, in DeviceRGB or DeviceGray, placed upright over the whole
 * media box (transform `W 0 0 H 0 0`: not turned, flipped or cropped). A page drawing anything else
 * (text, a path, a second image, a mask) is not one.
 */
export function parseTrace(trace: string): Map<number, WholePageImage> {
  const found = new Map<number, WholePageImage>();
  for (const page of trace.split("</page>")) {
    const head = /<page number="(\d+)" mediabox="([^"]*)"/.exec(page);
    if (!head) continue;
    const box = head[2]!.trim().split(/\s+/).map(Number);
    const elements = [...page.slice(head.index + head[0].length).matchAll(/<([a-z_]+)([^>]*)>/g)].filter(
      (m) => m[1] !== "set_default_colorspaces",
    );
    if (box.length !== 4 || box[0] !== 0 || box[1] !== 0 || elements.length !== 1) continue;
    const [, tag, attributes] = elements[0]!;
    if (tag !== "fill_image") continue;
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes!)?.[1];
    const transform = (attribute("transform") ?? "").split(/\s+/).map(Number);
    const [pageWidth, pageHeight] = [box[2]!, box[3]!];
    const upright = transform.join(" ") === [pageWidth, 0, 0, pageHeight, 0, 0].join(" ");
    if (!upright || attribute("alpha") !== "1" || !PLAIN_COLOUR.has(attribute("colorspace") ?? "")) continue;
    const width = Number(attribute("width"));
    const height = Number(attribute("height"));
    if (!(width > 0 && height > 0)) continue;
    const colour = attribute("colorspace") === "DeviceRGB" ? "rgb" : "grey";
    found.set(Number(head[1]), { width, height, colour, pageWidth, pageHeight });
  }
  return found;
}

/**
 * The pages among `pages` of a PDF on disk (`file`) that are one image (see parseTrace); none when
 * MuPDF fails, is missing, or takes longer than PAGE_TRACE_TIME_MS.
 */
export async function wholePageImages(
  file: string,
  pages: readonly number[],
  signal?: AbortSignal,
  timeMs = PAGE_TRACE_TIME_MS,
): Promise<Map<number, WholePageImage>> {
  if (pages.length === 0) return new Map();
  // Bounded apart from the pages' own time: a file that stalls MuPDF is rendered, page by page.
  const limit = AbortSignal.timeout(timeMs);
  const result = await runPiped(
    {
      command: "mutool",
      args: ["trace", file, pages.join(",")],
      missing: "mutool is not installed (Debian: mupdf-tools)",
      maxOutputBytes: 4_000_000,
      tooMuch: "the scanned pages draw more than 4 MB of operations",
    },
    new Uint8Array(0),
    signal ? AbortSignal.any([signal, limit]) : limit,
  ).catch((error: unknown) => {
    signal?.throwIfAborted();
    return { ok: false as const, code: null, stderr: String(error) };
  });
  return result.ok ? parseTrace(result.stdout.toString("utf8")) : new Map();
}

/**
 * The page's image as poppler's renderer starts from it, from `pdfimages -j` (written into `dir`): a
 * JPEG decoded by libjpeg as poppler decodes it (the same samples: tested), any other image as
 * poppler decoded it (PNM). Throws where the page's images are not the one drawn.
 */
export async function pageImagePixels(
  file: string,
  page: number,
  expected: WholePageImage,
  dir: string,
  signal?: AbortSignal,
): Promise<PagePixels> {
  // Taken out, a Flate image is written decoded: a declared 100 000 × 100 000 would fill the disk.
  if (expected.width * expected.height > MAX_OCR_PIXELS)
    throw new Error(`page ${page}'s image has more than ${MAX_OCR_PIXELS} pixels`);
  const root = path.join(dir, `page-${page}`);
  const result = await runPiped(
    {
      command: "pdfimages",
      args: ["-j", "-f", String(page), "-l", String(page), file, root],
      missing: "pdfimages is not installed (Debian: poppler-utils)",
      maxOutputBytes: 64_000,
      tooMuch: "pdfimages wrote too much",
    },
    new Uint8Array(0),
    signal,
  );
  if (!result.ok) throw new Error(`page ${page}'s image could not be read: ${lastLine(result)}`);
  const written = (await readdir(dir)).filter((f) => f.startsWith(`page-${page}-`));
  const files = await Promise.all(written.map((f) => readFile(path.join(dir, f))));
  // Read, the files go: a scan of sixty pages leaves no sixty images behind.
  await Promise.all(written.map((f) => rm(path.join(dir, f), { force: true })));
  // One image, 8 bits a sample: a mask would be a second file, a 1-bit image a .pbm.
  if (written.length !== 1 || !/\.(jpg|ppm|pgm)$/.test(written[0]!))
    throw new Error(`page ${page} holds other images than the one drawn`);
  const bytes = files[0]!;
  const channels = expected.colour === "rgb" ? 3 : 1;
  let pixels: PagePixels;
  if (written[0]!.endsWith(".jpg")) {
    // Its samples as they are: the renderer ignores a JPEG's own colour profile, and so does this.
    const options = { limitInputPixels: MAX_OCR_PIXELS, ignoreIcc: true };
    const sharp = imageLibrary();
    // (Its own channels, from its header: decoded, sharp may give a grey image as three.)
    const { channels: own } = await sharp(bytes, options).metadata();
    const decoded = sharp(bytes, options);
    const { data, info } = await (own === 1 ? decoded.extractChannel(0) : decoded)
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = {
      width: info.width,
      height: info.height,
      channels: info.channels as 1 | 3,
      pixels: data,
      dpi: 0,
    };
  } else pixels = parsePnm(bytes);
  if (pixels.width !== expected.width || pixels.height !== expected.height || pixels.channels !== channels)
    throw new Error(`page ${page}'s image is not the one drawn`);
  return pixels;
}

/**
 * The page's ink (inkOf) as poppler's renderer draws the image over the whole page at `dpi`: the
 * image scaled to `floor(page × dpi / 72) + 1` pixels each way (its coordinate rounding), the
 * bitmap `ceil(page × dpi / 72)`, bilinear as Splash's scaleImageYuXuBilinear interpolates (rows
 * expanded by linear interpolation, then lines between them, each truncated to a byte). Null where
 * the renderer would take another way: a page shrunk, or enlarged four times or more (no
 * interpolation there).
 */
export function renderedInk(image: PagePixels, page: WholePageImage, dpi: number): GreyImage | null {
  const across = (page.pageWidth * dpi) / 72;
  const down = (page.pageHeight * dpi) / 72;
  const scaledWidth = Math.floor(across) + 1;
  const scaledHeight = Math.floor(down) + 1;
  const width = Math.min(scaledWidth, Math.ceil(across));
  const height = Math.min(scaledHeight, Math.ceil(down));
  const { width: sw, height: sh, channels: n } = image;
  if (scaledWidth < sw || scaledHeight < sh) return null;
  if (Math.floor(scaledWidth / sw) >= 4 || Math.floor(scaledHeight / sh) >= 4) return null;
  const src = image.pixels;
  // A source row expanded to the scaled width (its last pixel repeated past its end).
  const expand = (row: number, into: Uint8Array) => {
    const from = row * sw * n;
    const step = sw / scaledWidth;
    let at = 0;
    for (let x = 0, o = 0; x < scaledWidth; x++, o += n) {
      const p = Math.trunc(at);
      const frac = at - p;
      const keep = 1 - frac;
      const a = from + p * n;
      const b = p + 1 < sw ? a + n : a;
      into[o] = src[a]! * keep + src[b]! * frac;
      if (n === 3) {
        into[o + 1] = src[a + 1]! * keep + src[b + 1]! * frac;
        into[o + 2] = src[a + 2]! * keep + src[b + 2]! * frac;
      }
      at += step;
    }
  };
  const upper = new Uint8Array(scaledWidth * n);
  const lower = new Uint8Array(scaledWidth * n);
  const out = new Uint8Array(width * height);
  let next = 0;
  expand(next++, lower);
  const step = sh / scaledHeight;
  let at = 0;
  let row = -1;
  for (let y = 0; y < height; y++) {
    const whole = Math.trunc(at);
    const frac = at - whole;
    const keep = 1 - frac;
    if (whole > row) {
      row++;
      upper.set(lower);
      // Past the last row the renderer's source gives that row again.
      if (next < sh) expand(next++, lower);
    }
    const line = y * width;
    if (n === 1) {
      for (let x = 0; x < width; x++) out[line + x] = upper[x]! * keep + lower[x]! * frac;
    } else {
      for (let x = 0, i = 0; x < width; x++, i += 3) {
        // Each channel truncated to a byte, as the renderer stores it, then the ink taken.
        out[line + x] = inkLevel(
          (upper[i]! * keep + lower[i]! * frac) | 0,
          (upper[i + 1]! * keep + lower[i + 1]! * frac) | 0,
          (upper[i + 2]! * keep + lower[i + 2]! * frac) | 0,
        );
      }
    }
    at += step;
  }
  return { width, height, pixels: out };
}
