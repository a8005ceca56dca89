import { createRequire } from "node:module";
import type * as Sharp from "sharp";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_OCR_PIXELS } from "./ocr-limits.js";
import { lastLine, runPiped } from "./piped-tool.js";
import type { GreyImage } from "./tesseract.js";

/** A page as pixels, before clean-up: greyscale, or RGB (three bytes a pixel) when it has colour. */
export interface PagePixels {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
  /** Resolution of the pixels: the rendering's, or an image's own (or guessed from an A4 width). */
  dpi: number;
}

// sharp (libvips) is loaded only by the documents that need it: scans.
let sharpModule: typeof Sharp.default | undefined;
function sharp(): typeof Sharp.default {
  if (!sharpModule) {
    sharpModule = createRequire(import.meta.url)("sharp") as typeof Sharp.default;
    // One thread an image, as the OCR engine has (ENGINE_ENV): extract workers run side by side, a
    // page each, and libvips's threads would fight them (turning a page took 1.3 cores' time).
    sharpModule.concurrency(1);
  }
  return sharpModule;
}

/** The sharp module, for the clean-up's rotation and the kept page image. */
export const imageLibrary = sharp;

/** Width of an A4 page in inches: an image without a resolution is taken to be a page that wide. */
const A4_SHORT_SIDE_IN = 8.27;

/** Parses binary PPM (P6) or PGM (P5), as pdftoppm writes it. */
export function parsePnm(bytes: Buffer): PagePixels & { dpi: 0 } {
  const head = /^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString("latin1"));
  if (!head || head[4] !== "255") throw new Error("the page renderer wrote no 8-bit PNM image");
  const channels = head[1] === "6" ? 3 : 1;
  const width = Number(head[2]);
  const height = Number(head[3]);
  const start = head[0].length;
  const pixels = bytes.subarray(start, start + width * height * channels);
  if (pixels.length !== width * height * channels) throw new Error("the page renderer's image is cut short");
  return { width, height, channels, pixels, dpi: 0 };
}

/**
 * The resolution a page of `size` (points) is rendered at for `dpi`: lowered so that the page stays
 * under MAX_OCR_PIXELS. A page too large even at 50 dpi is a DocumentTooLargeError.
 */
export function renderResolution(page: number, size: { width: number; height: number }, dpi: number): number {
  const pixelsAt = (d: number) => ((size.width * d) / 72) * ((size.height * d) / 72);
  const at =
    pixelsAt(dpi) > MAX_OCR_PIXELS ? Math.floor(dpi * Math.sqrt(MAX_OCR_PIXELS / pixelsAt(dpi))) : dpi;
  if (at < 50) {
    throw new DocumentTooLargeError(
      `page ${page} is too large to read by OCR (${Math.round(size.width)}×${Math.round(size.height)} pt)`,
    );
  }
  return at;
}

/**
 * Renders one page of a PDF with poppler's pdftoppm (colour, so that red seal ink can be told from
 * black text) at `dpi`, lowered so that the page stays under MAX_OCR_PIXELS. `size` is the page's
 * size in points. Stopped at `signal`.
 */
export async function renderPdfPage(
  bytes: Uint8Array,
  page: number,
  size: { width: number; height: number },
  dpi: number,
  signal?: AbortSignal,
): Promise<PagePixels> {
  const at = renderResolution(page, size, dpi);
  const result = await runPiped(
    {
      command: "pdftoppm",
      args: ["-r", String(at), "-f", String(page), "-l", String(page), "-"],
      missing: "pdftoppm is not installed (Debian: poppler-utils)",
      // An 8-bit RGB page at the resolution asked, and its header.
      maxOutputBytes: MAX_OCR_PIXELS * 3 + 1024,
      tooMuch: `page ${page} renders to more than ${MAX_OCR_PIXELS} pixels`,
    },
    bytes,
    signal,
  );
  if (!result.ok) throw new Error(`page ${page} could not be rendered: ${lastLine(result)}`);
  return { ...parsePnm(result.stdout), dpi: at };
}

/** How many pages an image file holds (a multi-page TIFF has several; JPG and PNG one). */
export async function imagePageCount(bytes: Uint8Array): Promise<number> {
  try {
    const meta = await sharp()(bytes, { limitInputPixels: MAX_OCR_PIXELS }).metadata();
    return Math.max(1, meta.pages ?? 1);
  } catch (error) {
    throw imageError(error);
  }
}

function imageError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return new DocumentTooLargeError(`the image has more than ${MAX_OCR_PIXELS} pixels`);
  return new Error(`the image could not be decoded: ${message.split("\n")[0]}`);
}

/**
 * Decodes one page of an image file (JPG, PNG, TIFF, WebP, GIF) to pixels, white behind transparency,
 * turned upright by its EXIF orientation. Its resolution is the file's own when it makes a
 * paper-sized page, else guessed from the page's short side being A4's.
 */
export async function decodeImagePage(bytes: Uint8Array, page = 0): Promise<PagePixels> {
  try {
    const image = sharp()(bytes, { limitInputPixels: MAX_OCR_PIXELS, page })
      .rotate()
      .flatten({ background: "#ffffff" });
    const meta = await sharp()(bytes, { limitInputPixels: MAX_OCR_PIXELS, page }).metadata();
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels >= 3 ? 3 : 1;
    const pixels = info.channels === channels ? data : dropExtraChannels(data, info.channels, channels);
    // A stated resolution is believed when it makes a paper-sized page (3 to 14 inches across): 72
    // and 96 are often an encoder's default, not the scanner's.
    const stated = meta.density;
    const short = Math.min(info.width, info.height);
    const believable = stated !== undefined && stated > 0 && short / stated >= 3 && short / stated <= 14;
    const dpi = believable ? stated : Math.max(72, Math.round(short / A4_SHORT_SIDE_IN));
    return { width: info.width, height: info.height, channels, pixels, dpi };
  } catch (error) {
    throw imageError(error);
  }
}

function dropExtraChannels(data: Buffer, from: number, to: 1 | 3): Uint8Array {
  const n = data.length / from;
  const out = new Uint8Array(n * to);
  for (let i = 0; i < n; i++) for (let c = 0; c < to; c++) out[i * to + c] = data[i * from + c]!;
  return out;
}

/** The page as the clean-up starts from it: a greyscale image. */
export type { GreyImage };
