import type { PdfText, PdfTextItem } from "../document/pdf-text.js";
import { runPiped } from "./piped-tool.js";

/** Characters that real text is made of: CJK, Latin letters and digits, common punctuation. */
const USABLE = /[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9，。、；：？！“”‘’（）《》〔〕【】—…·,.;:?!()%\-/]/u;

/** Fewer usable characters than this on a page: the page has no text layer worth reading. */
const MIN_PAGE_CHARS = 20;
/** An image placed over at least this share of the page makes a page without text a scan. */
const MIN_IMAGE_SHARE = 0.3;

/** How much of a page's text layer is usable text, and how much garbage (an encoder's private glyphs). */
export function textLayerOf(items: readonly PdfTextItem[]): { usable: number; total: number } {
  let usable = 0;
  let total = 0;
  for (const item of items) {
    for (const c of item.text) {
      if (/\s/.test(c)) continue;
      total++;
      if (USABLE.test(c)) usable++;
    }
  }
  return { usable, total };
}

/** A page whose text layer cannot be read from: almost none, or mostly garbage (a scan's broken OCR layer). */
export function lacksText(items: readonly PdfTextItem[]): boolean {
  const { usable, total } = textLayerOf(items);
  return usable < MIN_PAGE_CHARS || usable < total * 0.5;
}

/**
 * Area of the images each page places, in square inches, from `pdfimages -list` (poppler: it lists
 * images with their pixels and resolution without decoding them). Pages without images are absent;
 * a missing or failing pdfimages gives an empty map.
 */
export async function imageAreas(bytes: Uint8Array, signal?: AbortSignal): Promise<Map<number, number>> {
  const areas = new Map<number, number>();
  const result = await runPiped(
    {
      command: "pdfimages",
      args: ["-list", "-"],
      missing: "pdfimages is not installed (Debian: poppler-utils)",
      maxOutputBytes: 4_000_000,
      tooMuch: "the PDF lists more than 4 MB of images",
    },
    bytes,
    signal,
  ).catch((error: unknown) => {
    signal?.throwIfAborted();
    return { ok: false as const, code: null, stderr: String(error) };
  });
  if (!result.ok) return areas;
  for (const line of result.stdout.toString("latin1").split("\n")) {
    const c = line.trim().split(/\s+/);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    if (c.length < 14 || !/^\d+$/.test(c[0]!) || c[2] === "smask" || c[2] === "stencil") continue;
    const [page, width, height, xppi, yppi] = [c[0], c[3], c[4], c[12], c[13]].map(Number) as number[];
    if (!(xppi! > 0 && yppi! > 0)) continue;
    areas.set(page!, (areas.get(page!) ?? 0) + (width! / xppi!) * (height! / yppi!));
  }
  return areas;
}

/**
 * The 1-based pages of a PDF to read by OCR: pages without usable text that are images (an image
 * over MIN_IMAGE_SHARE of the page: a scan, with or without a typed page number or a broken text
 * layer) or have no text at all (text drawn as outlines). A typed page with little text and no
 * image (a signature page) keeps its text layer.
 */
export async function scannedPages(bytes: Uint8Array, pdf: PdfText, signal?: AbortSignal): Promise<number[]> {
  const candidates = pdf.pages.flatMap((items, i) => (lacksText(items) ? [i + 1] : []));
  if (candidates.length === 0) return [];
  const areas = await imageAreas(bytes, signal);
  return candidates.filter((page) => {
    const size = pdf.sizes[page - 1];
    const pageArea = size ? (size.width / 72) * (size.height / 72) : 0;
    const share = pageArea > 0 ? (areas.get(page) ?? 0) / pageArea : 0;
    return share >= MIN_IMAGE_SHARE || textLayerOf(pdf.pages[page - 1]!).total === 0;
  });
}
