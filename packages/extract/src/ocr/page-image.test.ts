import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { scanPage, scanPdf } from "../testing/scans.js";
import { inkOf, readingScale, straighten } from "./page-cleanup.js";
import { ownResolution, pageImagePixels, parseTrace, wholePageImages } from "./page-image.js";
import { imageLibrary, renderPdfPage } from "./page-pixels.js";
import type { GreyImage } from "./tesseract.js";

const page = (number: number, box: string, body: string) =>
  `<page number="${number}" mediabox="${box}">\n<set_default_colorspaces gray="DeviceGray" rgb="DeviceRGB"/>\n${body}\n</page>\n`;
const image = (transform: string, more = 'colorspace="DeviceRGB"') =>
  `<fill_image alpha="1" ${more} ri="1" transform="${transform}" width="1653" height="2339"/>`;

describe("pages that are one image, from MuPDF's trace", () => {
  it("takes a page drawing one opaque RGB or grey image upright over its whole media box", () => {
    const trace =
      page(1, "0 0 595 842", image("595 0 -0 842 0 0")) +
      page(2, "0 0 612 792", image("612 0 0 792 0 0", 'colorspace="DeviceGray"'));
    expect([...parseTrace(trace)]).toEqual([
      [1, { width: 1653, height: 2339, colour: "rgb", pageWidth: 595, pageHeight: 842 }],
      [2, { width: 1653, height: 2339, colour: "grey", pageWidth: 612, pageHeight: 792 }],
    ]);
  });

  it("leaves out a page with anything else on it, or its image turned, flipped, short of the page or in other colours", () => {
    const trace = [
      page(1, "0 0 595 842", image("595 0 0 842 0 0") + '\n<fill_text colorspace="DeviceGray"/>'),
      page(2, "0 0 595 842", image("595 0 0 842 0 0") + image("595 0 0 842 0 0")),
      page(3, "0 0 842 595", image("0 595 -842 0 842 0")),
      page(4, "0 0 595 842", image("595 0 0 -842 0 842")),
      page(5, "0 0 595 842", image("500 0 0 700 40 60")),
      page(6, "0 0 595 842", image("595 0 0 842 0 0", 'colorspace="DeviceCMYK"')),
      page(7, "0 0 595 842", image("595 0 0 842 0 0").replace('alpha="1"', 'alpha="0.5"')),
      page(8, "10 10 605 852", image("595 0 0 842 0 0")),
      page(9, "0 0 595 842", ""),
    ].join("");
    expect(parseTrace(trace).size).toBe(0);
  });
});

describe("the image library", () => {
  it("works one thread an image, as the OCR engine does (extract workers run side by side)", () => {
    expect(imageLibrary().concurrency()).toBe(1);
  });
});

describe("MuPDF's trace of the scanned pages", () => {
  it("is none, and every page rendered, when mutool is missing or stalls past its time", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "touming-trace-test-"));
    const saved = process.env.PATH;
    try {
      const file = path.join(dir, "scan.pdf");
      await writeFile(
        file,
        await scanPdf(fixture("pdf/huaian-city-2024.pdf"), { pages: [1], dpi: 100, degrees: 0 }),
      );
      expect((await wholePageImages(file, [1])).size).toBe(1);
      process.env.PATH = dir;
      expect((await wholePageImages(file, [1])).size).toBe(0);
      // A MuPDF that never answers: given up at the limit (else this test would outlast its own).
      await writeFile(path.join(dir, "mutool"), "#!/bin/sh\nexec /bin/sleep 600\n", { mode: 0o755 });
      expect((await wholePageImages(file, [1], undefined, 300)).size).toBe(0);
    } finally {
      process.env.PATH = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a scanned page's pixels from its image, as pdftoppm renders it", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "touming-page-image-test-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /**
   * The page's ink both ways at 300 dpi: from its image (its own pixels, scaled as the clean-up
   * scales them; null where the page is not one image), and rendered by pdftoppm.
   */
  async function bothWays(pdf: Uint8Array, name: string) {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    const whole = (await wholePageImages(file, [1])).get(1);
    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    const rendered = inkOf(await renderPdfPage(pdf, 1, { width, height }, 300));
    if (!whole) return { whole, rendered, fromImage: null, own: null };
    const own = await pageImagePixels(file, 1, whole, dir);
    const ink = inkOf(own);
    const dpi = ownResolution(whole);
    const fromImage = dpi === null ? null : straighten(ink, 0, readingScale(ink, dpi, 300));
    return { whole, rendered, fromImage, own };
  }

  /** The same page within a pixel each way, its levels on average within `levels` of each other. */
  const expectAlike = (a: GreyImage | null, b: GreyImage, levels: number) => {
    expect(Math.abs(a!.width - b.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(a!.height - b.height)).toBeLessThanOrEqual(1);
    let sum = 0;
    const w = Math.min(a!.width, b.width);
    const h = Math.min(a!.height, b.height);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) sum += Math.abs(a!.pixels[y * a!.width + x]! - b.pixels[y * b.width + x]!);
    expect(sum / (w * h)).toBeLessThan(levels);
  };

  it("takes a JPEG scan at 200 dpi, turned, on tinted paper, with a red seal: its own samples, and the page pdftoppm draws from them", async () => {
    const scan = { pages: [1], dpi: 200, degrees: 1.5, seal: true };
    const pdf = await scanPdf(fixture("pdf/huaian-city-2024.pdf"), scan);
    const { whole, rendered, fromImage, own } = await bothWays(pdf, "jpeg-200");
    expect(whole?.colour).toBe("rgb");
    // The JPEG's samples as sharp decodes the scan itself.
    const jpeg = await scanPage(fixture("pdf/huaian-city-2024.pdf"), 1, scan);
    const decoded = await imageLibrary()(jpeg).raw().toBuffer();
    expect(own!.channels).toBe(3);
    expect(Buffer.compare(Buffer.from(own!.pixels), decoded)).toBe(0);
    expectAlike(fromImage, rendered, 1.5);
  });

  it("takes a grey JPEG and a Flate image (150 dpi, A4): the page pdftoppm draws from them", async () => {
    const scan = await scanPage(fixture("pdf/huaian-city-2024.pdf"), 1, { dpi: 150, degrees: 0 });
    const sharp = imageLibrary();
    const { width = 0, height = 0 } = await sharp(scan).metadata();
    for (const [name, bytes, embed] of [
      ["grey-jpeg", await sharp(scan).greyscale().jpeg().toBuffer(), "jpg"],
      ["flate", await sharp(scan).removeAlpha().png().toBuffer(), "png"],
    ] as const) {
      const doc = await PDFDocument.create();
      const embedded = embed === "jpg" ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
      const [w, h] = [(width * 72) / 150, (height * 72) / 150];
      doc.addPage([w, h]).drawImage(embedded, { x: 0, y: 0, width: w, height: h });
      const { whole, rendered, fromImage } = await bothWays(await doc.save(), name);
      expect(whole).toBeDefined();
      // Enlarged twice, the two place pixels a little apart (the renderer's width is rounded up).
      expectAlike(fromImage, rendered, 3);
    }
  });

  it("leaves an image the page stretches to be rendered (an A4 scan on a Letter page)", async () => {
    const scan = await scanPage(fixture("pdf/huaian-city-2024.pdf"), 1, { dpi: 150, degrees: 0 });
    const doc = await PDFDocument.create();
    doc.addPage([612, 792]).drawImage(await doc.embedJpg(scan), { x: 0, y: 0, width: 612, height: 792 });
    const { whole, fromImage } = await bothWays(await doc.save(), "stretched");
    expect(whole).toBeDefined();
    expect(ownResolution(whole!)).toBeNull();
    expect(fromImage).toBeNull();
    // Its own shape, within a scan's rounding: the image's resolution across.
    expect(
      ownResolution({
        ...whole!,
        pageWidth: (whole!.width * 72) / 150 + 0.2,
        pageHeight: (whole!.height * 72) / 150,
      }),
    ).toBeCloseTo(150, 0);
  });

  it("refuses an image past the pixel limit before taking it out (a Flate image is written decoded)", async () => {
    const pdf = await scanPdf(fixture("pdf/huaian-city-2024.pdf"), { pages: [1], dpi: 100, degrees: 0 });
    const file = path.join(dir, "huge.pdf");
    await writeFile(file, pdf);
    const declared = {
      width: 100_000,
      height: 100_000,
      colour: "rgb" as const,
      pageWidth: 595,
      pageHeight: 842,
    };
    await expect(pageImagePixels(file, 1, declared, dir)).rejects.toThrow(/more than 40000000 pixels/);
    expect((await readdir(dir)).filter((f) => f.startsWith("page-1-"))).toEqual([]);
  });

  it("is not taken from the image where the page has more on it, or the image leaves a margin", async () => {
    const scan = await scanPage(fixture("pdf/huaian-city-2024.pdf"), 1, { dpi: 150, degrees: 0 });
    const doc = await PDFDocument.create();
    const jpeg = await doc.embedJpg(scan);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const withText = doc.addPage([595, 842]);
    withText.drawImage(jpeg, { x: 0, y: 0, width: 595, height: 842 });
    withText.drawText("page 1", { x: 280, y: 20, size: 9, font });
    doc.addPage([595, 842]).drawImage(jpeg, { x: 20, y: 20, width: 555, height: 802 });
    const file = path.join(dir, "not-whole.pdf");
    await writeFile(file, await doc.save());
    expect((await wholePageImages(file, [1, 2])).size).toBe(0);
  });
});
