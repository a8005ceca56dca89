import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { scanPage, scanPdf } from "../testing/scans.js";
import { inkOf } from "./page-cleanup.js";
import { pageImagePixels, parseTrace, renderedInk, wholePageImages } from "./page-image.js";
import { imageLibrary, renderPdfPage } from "./page-pixels.js";

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

  /** The page's ink both ways: from its image (null where not one), and rendered by pdftoppm. */
  async function bothWays(pdf: Uint8Array, name: string) {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    const whole = (await wholePageImages(file, [1])).get(1);
    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    const rendered = inkOf(await renderPdfPage(pdf, 1, { width, height }, 300));
    if (!whole) return { whole, rendered, fromImage: null };
    const pixels = await pageImagePixels(file, 1, whole, dir);
    return { whole, rendered, fromImage: renderedInk(pixels, whole, 300) };
  }

  const expectSame = (a: { width: number; height: number; pixels: Uint8Array } | null, b: typeof a) => {
    expect(a && [a.width, a.height]).toEqual(b && [b.width, b.height]);
    expect(Buffer.compare(Buffer.from(a!.pixels), Buffer.from(b!.pixels))).toBe(0);
  };

  it("gives the same pixels for a JPEG scan at 200 dpi, turned, on tinted paper, with a red seal", async () => {
    const pdf = await scanPdf(fixture("pdf/huaian-city-2024.pdf"), {
      pages: [1],
      dpi: 200,
      degrees: 1.5,
      seal: true,
    });
    const { whole, rendered, fromImage } = await bothWays(pdf, "jpeg-200");
    expect(whole?.colour).toBe("rgb");
    expectSame(fromImage, rendered);
  });

  it("gives the same pixels for a grey JPEG on a Letter page (612 × 792 pt: whole pixels at 300 dpi) and for a Flate image", async () => {
    const scan = await scanPage(fixture("pdf/huaian-city-2024.pdf"), 1, { dpi: 150, degrees: 0 });
    const sharp = imageLibrary();
    for (const [name, bytes, embed] of [
      ["grey-jpeg", await sharp(scan).greyscale().jpeg().toBuffer(), "jpg"],
      ["flate", await sharp(scan).removeAlpha().png().toBuffer(), "png"],
    ] as const) {
      const doc = await PDFDocument.create();
      const embedded = embed === "jpg" ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
      doc.addPage([612, 792]).drawImage(embedded, { x: 0, y: 0, width: 612, height: 792 });
      const { whole, rendered, fromImage } = await bothWays(await doc.save(), name);
      expect(whole).toBeDefined();
      expectSame(fromImage, rendered);
    }
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
