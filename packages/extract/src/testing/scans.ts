// Scans made in tests from a real text PDF, as an office makes them of its signed paper copy:
// rendered, turned a little, on tinted paper, with a red seal, JPEG-compressed, wrapped in a PDF.
import { execFileSync } from "node:child_process";
import { PDFDocument } from "pdf-lib";
import { imageLibrary } from "../ocr/page-pixels.js";

export interface ScanOptions {
  pages: number[];
  dpi: number;
  degrees: number;
  /** Paper colour behind the ink, e.g. #efe9d8 (yellowed). */
  paper?: string;
  seal?: boolean;
  quality?: number;
}

/** One page of `pdf` as a scan's JPEG. */
export async function scanPage(
  pdf: Uint8Array,
  page: number,
  options: Omit<ScanOptions, "pages">,
): Promise<Buffer> {
  const png = execFileSync(
    "pdftoppm",
    ["-r", String(options.dpi), "-png", "-f", String(page), "-l", String(page), "-"],
    {
      input: pdf,
      maxBuffer: 1 << 30,
    },
  );
  const paper = options.paper ?? "#efe9d8";
  const sharp = imageLibrary();
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const seal = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<circle cx="${width * 0.7}" cy="${height * 0.35}" r="${options.dpi * 0.8}" fill="none" stroke="#d42020" stroke-width="${options.dpi / 20}" opacity="0.8"/>` +
      `<text x="${width * 0.7}" y="${height * 0.35}" font-size="${options.dpi / 3}" fill="#d42020" text-anchor="middle" opacity="0.8">★ 公章</text></svg>`,
  );
  const inked = await sharp(png)
    .composite([
      ...(options.seal ? [{ input: seal, blend: "multiply" as const }] : []),
      { input: { create: { width, height, channels: 3, background: paper } }, blend: "multiply" as const },
    ])
    .png()
    .toBuffer();
  return sharp(inked)
    .rotate(options.degrees, { background: paper })
    .jpeg({ quality: options.quality ?? 75 })
    .toBuffer();
}

/** Pages of `pdf` as a scanned PDF: a JPEG a page and no text layer. */
export async function scanPdf(pdf: Uint8Array, options: ScanOptions): Promise<Uint8Array> {
  const out = await PDFDocument.create();
  for (const page of options.pages) {
    const jpeg = await scanPage(pdf, page, options);
    const { width = 0, height = 0 } = await imageLibrary()(jpeg).metadata();
    const image = await out.embedJpg(jpeg);
    const sheet = out.addPage([(width * 72) / options.dpi, (height * 72) / options.dpi]);
    sheet.drawImage(image, { x: 0, y: 0, width: sheet.getWidth(), height: sheet.getHeight() });
  }
  return out.save();
}
