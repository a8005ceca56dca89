import { readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { MAX_OCR_PIXELS, PAGE_TRACE_TIME_MS } from "./ocr-limits.js";
import { type PagePixels, imageLibrary, parsePnm } from "./page-pixels.js";
import { lastLine, runPiped } from "./piped-tool.js";

// A scanned page that is one image and nothing else gets its pixels from the image itself, at the
// image's own resolution (the clean-up scales them to the reading resolution as it turns the page):
// the page pdftoppm would draw from them (tested), without drawing it. Any other page is rendered.

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

/** How far an image's shape may differ from its page's (a scan's pixel rounding) and still be its own. */
const SHAPE_TOLERANCE = 0.005;

/**
 * The resolution of a page's image as it lies across the page, or null where the page stretches it
 * (an A4 scan on a Letter page): such a page is rendered, its stretch drawn by the renderer.
 */
export function ownResolution(image: WholePageImage): number | null {
  const across = (image.width * 72) / image.pageWidth;
  const down = (image.height * 72) / image.pageHeight;
  return Math.abs(across / down - 1) <= SHAPE_TOLERANCE ? across : null;
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
