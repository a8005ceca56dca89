import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DocumentTooLargeError } from "../errors.js";
import type { OcrPage, OcrReading } from "../types.js";
import { OcrUnavailableError } from "./ocr-errors.js";
import { MAX_OCR_PAGES, OCR_DPI, OCR_PAGE_TIME_MS, OCR_WEAK_PAGE_CONFIDENCE } from "./ocr-limits.js";
import { type KeptWord, type OcrItem, readScannedPage } from "./ocr-page.js";
import { type PagePixels, decodeImagePage, imagePageCount, renderPdfPage } from "./page-pixels.js";
import { type WholePageImage, ownResolution, pageImagePixels, wholePageImages } from "./page-image.js";
import { engineName } from "./tesseract.js";

/** What OCR read of a document: each page's items, the record of its pages, and what went wrong. */
export interface OcrDocument {
  /** Items by 1-based page, for the pages that were read. */
  items: Map<number, OcrItem[]>;
  words: KeptWord[];
  reading: OcrReading | null;
  warnings: string[];
}

/** Ranges of page numbers as a reader says them: `1-3, 6`. */
export function pageRanges(pages: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(i === j ? String(pages[i]) : `${pages[i]}-${pages[j]}`);
    i = j;
  }
  return parts.join(", ");
}

/**
 * Reads `pages` by OCR, one at a time (the engine runs single-threaded: extract workers run side by
 * side), each within OCR_PAGE_TIME_MS, at most MAX_OCR_PAGES. A page that fails (too large, too
 * slow, undecodable) is left unread with a warning and the others go on; a missing engine stops the
 * reading with one warning. Never throws but for `signal`'s reason.
 */
async function readPages(
  pages: readonly number[],
  pixelsOf: (page: number, signal: AbortSignal) => Promise<PagePixels>,
  signal?: AbortSignal,
): Promise<OcrDocument> {
  const result: OcrDocument = { items: new Map(), words: [], reading: null, warnings: [] };
  const wanted = pages.slice(0, MAX_OCR_PAGES);
  if (pages.length > wanted.length) {
    result.warnings.push(`only the first ${MAX_OCR_PAGES} of ${pages.length} scanned pages were read by OCR`);
  }
  const read: OcrPage[] = [];
  const failed: string[] = [];
  for (const page of wanted) {
    signal?.throwIfAborted();
    const stop = new AbortController();
    const timer = setTimeout(
      () => stop.abort(new Error(`page ${page} was not read by OCR within ${OCR_PAGE_TIME_MS / 1000} s`)),
      OCR_PAGE_TIME_MS,
    );
    const onAbort = () => stop.abort(signal!.reason);
    signal?.addEventListener("abort", onAbort);
    try {
      const reading = await readScannedPage(await pixelsOf(page, stop.signal), page, stop.signal);
      result.items.set(page, reading.items);
      result.words.push(...reading.words);
      read.push(reading.page);
    } catch (error) {
      signal?.throwIfAborted();
      if (error instanceof OcrUnavailableError) {
        result.warnings.push(`scanned pages not read: OCR is not available here (${error.message})`);
        return result;
      }
      const why = error instanceof Error ? error.message : String(error);
      failed.push(
        error instanceof DocumentTooLargeError || /within/.test(why) ? why : `page ${page}: ${why}`,
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
  if (read.length > 0) {
    const weak = read.filter((p) => p.meanConfidence < OCR_WEAK_PAGE_CONFIDENCE).map((p) => p.page);
    const unread = pages.filter((p) => !read.some((r) => r.page === p));
    const unreadPages = [...new Set([...unread, ...weak])].sort((a, b) => a - b);
    result.reading = { engine: await engineName(), pages: read, unreadPages };
    result.warnings.push(`scanned: pages ${pageRanges(read.map((p) => p.page))} were read by OCR`);
  }
  for (const why of failed) result.warnings.push(`not read by OCR: ${why}`);
  return result;
}

/** Page sizes in points the same within rounding (MuPDF's bounds are floats, the trace's the file's). */
const samePoints = (a: number, b: number) => Math.abs(a - b) < 0.01;

/**
 * The PDF copied into a scratch folder of its own (MuPDF and pdfimages read a file) and its pages
 * that are one image (wholePageImages); null when the copy cannot be made: every page is rendered.
 */
async function scratchCopy(
  bytes: Uint8Array,
  pages: readonly number[],
  signal?: AbortSignal,
): Promise<{ dir: string; file: string; images: Map<number, WholePageImage> } | null> {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(path.join(tmpdir(), "touming-scan-"));
    const file = path.join(dir, "scan.pdf");
    await writeFile(file, bytes);
    return { dir, file, images: await wholePageImages(file, pages, signal) };
  } catch {
    if (dir) await rm(dir, { recursive: true, force: true });
    signal?.throwIfAborted();
    return null;
  }
}

/**
 * OCR of a PDF's scanned pages, each as pdftoppm renders it at OCR_DPI: a page that is one image
 * covering it, from the image itself at its own resolution (no page drawn: see page-image.ts); any
 * other page, or one whose image cannot be taken out, rendered.
 */
export async function ocrPdfPages(
  bytes: Uint8Array,
  pages: readonly number[],
  sizes: readonly { width: number; height: number }[],
  signal?: AbortSignal,
): Promise<OcrDocument> {
  const scratch = await scratchCopy(bytes, pages.slice(0, MAX_OCR_PAGES), signal);
  try {
    return await readPages(
      pages,
      async (page, stop) => {
        const size = sizes[page - 1] ?? { width: 595, height: 842 };
        const image = scratch?.images.get(page);
        const dpi = image && ownResolution(image);
        // The page as MuPDF bounds it (its crop box) is the media box the renderer draws.
        if (
          scratch &&
          image &&
          dpi &&
          samePoints(image.pageWidth, size.width) &&
          samePoints(image.pageHeight, size.height)
        ) {
          const pixels = await pageImagePixels(scratch.file, page, image, scratch.dir, stop).catch(() => {
            stop.throwIfAborted();
            return null;
          });
          if (pixels) return { ...pixels, dpi };
        }
        return renderPdfPage(bytes, page, size, OCR_DPI, stop);
      },
      signal,
    );
  } finally {
    if (scratch) await rm(scratch.dir, { recursive: true, force: true });
  }
}

/**
 * OCR of page images: each file one page (a multi-page TIFF gives all its pages), in order, numbered
 * from 1 across the files.
 */
export async function ocrImages(files: readonly Uint8Array[], signal?: AbortSignal): Promise<OcrDocument> {
  const pages: { file: Uint8Array; index: number }[] = [];
  const warnings: string[] = [];
  for (const [n, file] of files.entries()) {
    try {
      const count = await imagePageCount(file);
      for (let index = 0; index < count; index++) pages.push({ file, index });
    } catch (error) {
      warnings.push(`image ${n + 1} not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const result = await readPages(
    pages.map((_, i) => i + 1),
    async (page) => {
      const { file, index } = pages[page - 1]!;
      return decodeImagePage(file, index);
    },
    signal,
  );
  result.warnings.unshift(...warnings);
  return result;
}
